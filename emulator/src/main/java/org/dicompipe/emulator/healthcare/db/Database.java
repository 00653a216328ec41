package org.dicompipe.emulator.healthcare.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * An embedded SQLite database file (WAL journal, synchronous=FULL: a committed transaction survives kill -9
 * and power loss) with a small pool of connections.
 *
 * <p>Readers run concurrently (WAL lets them read while one writer writes). Writers are serialised by a
 * Java lock, so they queue fairly here instead of spinning on SQLITE_BUSY. Work nested inside a
 * {@link #read}/{@link #write} on the same thread reuses the outer connection (a nested write joins the outer
 * transaction), so helpers can call each other freely.
 */
public final class Database implements AutoCloseable {

    private static final int POOL_SIZE = 8;
    private static final long BORROW_TIMEOUT_SECONDS = 60;

    private final Path file;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private volatile boolean closed;

    private Database(Path file) {
        this.file = file;
        this.idle = new ArrayBlockingQueue<>(POOL_SIZE);
    }

    /** Opens (creating if needed) the database file; its folder is created too. */
    public static Database open(Path file) throws SQLException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Database db = new Database(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.enforceForeignKeys(true);
        // Writers take the write lock at BEGIN, so a read-then-write transaction can never fail half-way
        // with SQLITE_BUSY when another connection wrote in between.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                Connection c = config.createConnection(url);
                db.all.add(c);
                db.idle.add(c);
            }
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in auto-commit mode: each statement sees the latest committed state. */
    public <T> T read(SqlWork<T> work) throws SQLException {
        Connection outer = current.get();
        if (outer != null) {
            return work.apply(outer);
        }
        Connection c = borrow();
        current.set(c);
        try {
            return work.apply(c);
        } finally {
            current.remove();
            idle.add(c);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (any
     * exception, including {@link RuntimeException}s such as API errors).
     */
    public <T> T write(SqlWork<T> work) throws SQLException {
        Connection outer = current.get();
        if (outer != null) {
            if (outer.getAutoCommit()) {
                throw new IllegalStateException("write() nested inside read() on the same thread");
            }
            return work.apply(outer);
        }
        writeLock.lock();
        Connection c = null;
        try {
            c = borrow();
            current.set(c);
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.apply(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(c);
                }
                c.setAutoCommit(true);
            }
        } finally {
            current.remove();
            if (c != null) {
                idle.add(c);
            }
            writeLock.unlock();
        }
    }

    /** Runs DDL or other statements, each in its own transaction-free call (for schema setup). */
    public void execute(String... statements) throws SQLException {
        write(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    private Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("database closed: " + file);
        }
        try {
            Connection c = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (c == null) {
                throw new SQLException("no free database connection after " + BORROW_TIMEOUT_SECONDS + " s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters; a failed rollback leaves the transaction to SQLite's own recovery
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway; SQLite recovers the WAL on next open
            }
        }
    }
}
