package org.dicompipe.emulator.healthcare.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared SQLite access: transactions, nesting, concurrency, and what is on disk after reopening. */
class DatabaseTest {

    @TempDir
    Path dir;

    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("sub/index.db"));
        db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void walAndFullSynchronousAreOn() throws Exception {
        assertEquals("wal", db.read(c -> pragma(c, "journal_mode")));
        assertEquals("2", db.read(c -> pragma(c, "synchronous")), "2 = FULL");
    }

    @Test
    void aFailingWriteLeavesNothingAndNestedWritesJoinTheOuterTransaction() throws Exception {
        assertThrows(IllegalStateException.class, () -> db.write(c -> {
            insert(c, 1);
            db.write(inner -> insert(inner, 2));
            assertEquals(2, db.read(this::count), "the nested read sees the uncommitted rows");
            throw new IllegalStateException("abort");
        }));
        assertEquals(0, db.read(this::count));

        db.write(c -> {
            insert(c, 1);
            return db.write(inner -> insert(inner, 2));
        });
        assertEquals(2, db.read(this::count));
        assertThrows(IllegalStateException.class, () -> db.read(c -> db.write(inner -> insert(inner, 3))));
    }

    @Test
    void concurrentWritersAllCommitAndReopeningKeepsEverything() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int k = i;
                futures.add(pool.submit(() -> k % 2 == 0 ? db.write(c -> insert(c, k)) : db.read(this::count)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, db.read(this::count));
        db.close();
        db = Database.open(dir.resolve("sub/index.db"));
        assertEquals(200, db.read(this::count));
    }

    private int insert(java.sql.Connection c, int k) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
            s.setInt(1, k);
            s.setString(2, "v" + k);
            return s.executeUpdate();
        }
    }

    private int count(java.sql.Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String pragma(java.sql.Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
