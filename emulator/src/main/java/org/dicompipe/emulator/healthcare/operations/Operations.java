package org.dicompipe.emulator.healthcare.operations;

import com.google.api.services.healthcare.v1.model.ListOperationsResponse;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.OperationMetadata;
import com.google.api.services.healthcare.v1.model.ProgressCounter;
import com.google.api.services.healthcare.v1.model.Status;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dicompipe.emulator.healthcare.ApiJson;
import org.dicompipe.emulator.healthcare.DatasetName;
import org.dicompipe.emulator.healthcare.Paging;
import org.dicompipe.emulator.healthcare.db.Database;
import org.dicompipe.emulator.healthcare.db.Sql;
import org.dicompipe.emulator.http.GoogleError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-running operations ({@code datasets.operations}), persisted in the index database so that they survive
 * restarts. Tasks run on a small executor; their counters are written to the database every second and when
 * they end. An operation that was not done when the emulator stopped (even by kill -9) is reported done with
 * an ABORTED error after the next start, never left pending.
 *
 * <p>Items a task reports with {@link OperationProgress#addFailure} go to the operation's error log; once it has an
 * entry, {@code metadata.logsUrl} is {@code {emulator}/logs/{operation name}}, where {@link #logFile} serves it.
 */
public final class Operations implements AutoCloseable {

    public static final String METADATA_TYPE = "type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata";
    public static final String ABORTED_MESSAGE = "ABORTED: the emulator stopped while this operation ran";
    static final String CANCELLED_MESSAGE = "CANCELLED: the operation was cancelled";

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final int WORKERS = 4;
    private static final long FLUSH_MILLIS = 1000;
    /** Where the error logs are served, relative to the emulator's root URL; the operation name follows. */
    public static final String LOGS_PATH = "logs/";

    private final Database db;
    private final Path logDir;
    private final Supplier<URI> baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService flusher;

    /**
     * @param logDir  where the error logs of operations are kept
     * @param baseUrl the emulator's root URL once it listens (logsUrl is absolute, and a restart may change the port)
     */
    public Operations(Database db, Path logDir, Supplier<URI> baseUrl) throws SQLException {
        this.db = db;
        this.logDir = logDir;
        this.baseUrl = baseUrl;
        db.execute("""
                CREATE TABLE IF NOT EXISTS hc_operations (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  id TEXT NOT NULL UNIQUE,
                  dataset TEXT NOT NULL,
                  api_method TEXT NOT NULL,
                  create_time TEXT NOT NULL,
                  end_time TEXT,
                  done INTEGER NOT NULL DEFAULT 0,
                  cancel_requested INTEGER NOT NULL DEFAULT 0,
                  success INTEGER NOT NULL DEFAULT 0,
                  failure INTEGER NOT NULL DEFAULT 0,
                  pending INTEGER NOT NULL DEFAULT 0,
                  logs_url TEXT,
                  error_code INTEGER,
                  error_message TEXT,
                  response_json TEXT)""",
                "CREATE INDEX IF NOT EXISTS hc_operations_dataset ON hc_operations (dataset, seq)");
        abortUnfinished();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKERS, r -> daemon(r, "healthcare-operation-" + n.incrementAndGet()));
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "healthcare-operation-progress"));
        flusher.scheduleWithFixedDelay(this::flushProgress, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Anything still marked running was running in a process that is gone. */
    private void abortUnfinished() throws SQLException {
        int n = db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE hc_operations SET done = 1, end_time = ?, error_code = ?, error_message = ? WHERE done = 0")) {
                s.setString(1, Instant.now().toString());
                s.setInt(2, GrpcCode.ABORTED.number());
                s.setString(3, ABORTED_MESSAGE);
                return s.executeUpdate();
            }
        });
        if (n > 0) {
            LOG.warn("{} operation(s) were still running when the emulator last stopped; marked aborted", n);
        }
    }

    /**
     * Starts a long-running operation in {@code dataset}.
     *
     * @param apiMethodName e.g. "google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData"
     * @return the operation as first persisted (not done)
     */
    public Operation start(DatasetName dataset, String apiMethodName, OperationTask task) {
        String id = insert(dataset, apiMethodName, null);
        Running run = new Running(new OperationName(dataset, id), logDir);
        running.put(id, run);
        Operation first = get(run.name).orElseThrow();
        try {
            workers.execute(() -> execute(run, task));
        } catch (RuntimeException e) {
            running.remove(id);
            finish(run, OperationResult.failure(GrpcCode.UNAVAILABLE, "the emulator is stopping"));
            throw e;
        }
        return first;
    }

    /** Records an operation that is already done, for methods that answer with an Operation but finish at once. */
    public Operation completed(DatasetName dataset, String apiMethodName, OperationResult result) {
        String id = insert(dataset, apiMethodName, result);
        return get(new OperationName(dataset, id)).orElseThrow();
    }

    public Optional<Operation> get(OperationName name) {
        return Sql.orInternal(() -> db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM hc_operations WHERE id = ? AND dataset = ?")) {
                s.setString(1, name.id());
                s.setString(2, name.dataset().toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(toOperation(rs)) : Optional.<Operation>empty();
                }
            }
        }));
    }

    /**
     * operations.list. {@code filter} supports {@code done=true|false} and
     * {@code metadata.api_method_name="..."} (also as {@code apiMethodName}), joined by AND.
     */
    public ListOperationsResponse list(DatasetName dataset, String filter, int pageSize, String pageToken) {
        OperationFilter f = OperationFilter.parse(filter);
        String after = Paging.after(pageToken);
        long afterSeq;
        try {
            afterSeq = after == null ? 0 : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw GoogleError.invalidArgument("invalid page token: " + pageToken);
        }
        List<Operation> page = new ArrayList<>();
        String[] next = new String[1];
        Sql.orInternal(() -> db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT * FROM hc_operations WHERE dataset = ? AND seq > ? ORDER BY seq")) {
                s.setString(1, dataset.toString());
                s.setLong(2, afterSeq);
                try (ResultSet rs = s.executeQuery()) {
                    long lastSeq = afterSeq;
                    while (rs.next()) {
                        Operation op = toOperation(rs);
                        if (!f.matches(op)) {
                            continue;
                        }
                        if (page.size() == pageSize) {
                            next[0] = Paging.token(Long.toString(lastSeq));
                            break;
                        }
                        page.add(op);
                        lastSeq = rs.getLong("seq");
                    }
                }
            }
            return null;
        }));
        ListOperationsResponse response = new ListOperationsResponse().setOperations(page);
        if (next[0] != null) {
            response.setNextPageToken(next[0]);
        }
        return response;
    }

    /**
     * operations.cancel: asks the task to stop. The operation then ends with error code 1 (CANCELLED). Cancelling
     * an operation that is already done changes nothing.
     */
    public void cancel(OperationName name) {
        Operation op = get(name).orElseThrow(() -> GoogleError.notFound("Operation not found: " + name));
        if (Boolean.TRUE.equals(op.getDone())) {
            return;
        }
        Sql.orInternal(() -> db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE hc_operations SET cancel_requested = 1 WHERE id = ?")) {
                s.setString(1, name.id());
                s.executeUpdate();
            }
            return null;
        }));
        Running run = running.get(name.id());
        if (run != null) {
            run.cancelled = true;
        } else {
            // not running in this process (cannot normally happen after start-up reconciliation): end it now
            finish(new Running(name, logDir), OperationResult.failure(GrpcCode.CANCELLED, CANCELLED_MESSAGE));
        }
    }

    /** Removes every operation of a dataset (datasets.delete); running ones are cancelled first. */
    public void deleteAll(DatasetName dataset, Connection c) throws SQLException {
        for (Running run : running.values()) {
            if (run.name.dataset().equals(dataset)) {
                run.cancelled = true;
            }
        }
        List<String> logged = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM hc_operations WHERE dataset = ? AND logs_url IS NOT NULL")) {
            s.setString(1, dataset.toString());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    logged.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM hc_operations WHERE dataset = ?")) {
            s.setString(1, dataset.toString());
            s.executeUpdate();
        }
        for (String id : logged) {
            try {
                Files.deleteIfExists(OperationLog.fileOf(logDir, id));
            } catch (IOException e) {
                LOG.warn("cannot delete the error log of operation {}: {}", id, e.toString());
            }
        }
    }

    /**
     * The error log of an operation when it has one (what its logsUrl points at): JSON lines, one failed item each.
     */
    public Optional<Path> logFile(OperationName name) {
        Optional<Operation> op = get(name);
        if (op.isEmpty() || op.get().getMetadata() == null || op.get().getMetadata().get("logsUrl") == null) {
            return Optional.empty();
        }
        Path file = OperationLog.fileOf(logDir, name.id());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private void execute(Running run, OperationTask task) {
        OperationResult result;
        try {
            result = task.run(run);
            if (result == null) {
                result = OperationResult.failure(GrpcCode.INTERNAL, "the operation produced no result");
            }
        } catch (GoogleError e) {
            result = OperationResult.failure(GrpcCode.ofStatus(e.status()), e.getMessage());
        } catch (InterruptedException e) {
            // only close() interrupts workers; the flag is not restored so that the end can still be recorded
            result = OperationResult.failure(GrpcCode.ABORTED, ABORTED_MESSAGE);
        } catch (Exception | Error e) {
            LOG.warn("operation {} failed", run.name, e);
            result = OperationResult.failure(GrpcCode.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (run.cancelled) {
            result = OperationResult.failure(GrpcCode.CANCELLED, CANCELLED_MESSAGE);
        }
        try {
            finish(run, result);
        } finally {
            running.remove(run.name.id());
        }
    }

    private String insert(DatasetName dataset, String apiMethodName, OperationResult doneWith) {
        return Sql.orInternal(() -> db.write(c -> {
            for (int attempt = 0; ; attempt++) {
                // Google's operation ids are large decimal numbers; random ones avoid guessable sequences
                String id = Long.toString(1_000_000_000_000_000_000L + Math.floorMod(random.nextLong(),
                        Long.MAX_VALUE - 1_000_000_000_000_000_000L));
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO hc_operations (id, dataset, api_method, create_time) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT (id) DO NOTHING")) {
                    s.setString(1, id);
                    s.setString(2, dataset.toString());
                    s.setString(3, apiMethodName);
                    s.setString(4, Instant.now().toString());
                    if (s.executeUpdate() == 1) {
                        if (doneWith != null) {
                            writeEnd(c, id, doneWith, 0, 0, 0);
                        }
                        return id;
                    }
                }
                if (attempt > 10) {
                    throw new SQLException("could not allocate an operation id");
                }
            }
        }));
    }

    private void finish(Running run, OperationResult result) {
        long failed = run.failure.get();
        if (failed > 0 && !run.log.hasEntries()) {
            // the task counted failures without saying what failed: the log says at least how many
            run.log.record(null, failed + " item(s) failed; this operation records no detail per item");
        }
        run.log.close();
        String logsPath = run.logsPath();
        try {
            db.write(c -> {
                writeEnd(c, run.name.id(), result, run.success.get(), failed, run.pending.get());
                setLogsPath(c, run.name.id(), logsPath);
                return null;
            });
        } catch (SQLException e) {
            // stays not-done in the database; the next start reports it aborted
            LOG.error("could not record the end of operation {}", run.name, e);
        }
    }

    private static void writeEnd(Connection c, String id, OperationResult result, long success, long failure,
            long pending) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE hc_operations SET done = 1, end_time = ?, success = ?,"
                + " failure = ?, pending = ?, error_code = ?, error_message = ?, response_json = ? WHERE id = ? AND done = 0")) {
            s.setString(1, Instant.now().toString());
            s.setLong(2, success);
            s.setLong(3, failure);
            s.setLong(4, pending);
            if (result.isError()) {
                s.setInt(5, result.errorCode());
                s.setString(6, result.errorMessage());
                s.setString(7, null);
            } else {
                s.setObject(5, null);
                s.setString(6, null);
                s.setString(7, ApiJson.toString(ApiJson.asAny(result.responseType(), result.response())));
            }
            s.setString(8, id);
            s.executeUpdate();
        }
    }

    /** Records where the operation's error log is served; null leaves the column as it is. */
    private static void setLogsPath(Connection c, String id, String logsPath) throws SQLException {
        if (logsPath == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE hc_operations SET logs_url = ? WHERE id = ?")) {
            s.setString(1, logsPath);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    private void flushProgress() {
        for (Running run : running.values()) {
            if (!run.dirty) {
                continue;
            }
            run.dirty = false;
            try {
                db.write(c -> {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE hc_operations SET success = ?, failure = ?, pending = ? WHERE id = ? AND done = 0")) {
                        s.setLong(1, run.success.get());
                        s.setLong(2, run.failure.get());
                        s.setLong(3, run.pending.get());
                        s.setString(4, run.name.id());
                        s.executeUpdate();
                    }
                    // kept with the counters, so that an operation aborted by a crash still links its log
                    setLogsPath(c, run.name.id(), run.logsPath());
                    return null;
                });
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not record progress of operation {}", run.name, e);
            }
        }
    }

    private Operation toOperation(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        DatasetName dataset = DatasetName.parse(rs.getString("dataset"));
        boolean done = rs.getInt("done") != 0;
        Running live = done ? null : running.get(id);
        // proto3 JSON leaves out fields with default values (0, false), and so does the API
        ProgressCounter counter = new ProgressCounter()
                .setSuccess(nonZero(live != null ? live.success.get() : rs.getLong("success")))
                .setFailure(nonZero(live != null ? live.failure.get() : rs.getLong("failure")))
                .setPending(nonZero(live != null ? live.pending.get() : rs.getLong("pending")));
        OperationMetadata metadata = new OperationMetadata()
                .setApiMethodName(rs.getString("api_method"))
                .setCreateTime(rs.getString("create_time"))
                .setEndTime(rs.getString("end_time"))
                .setCancelRequested(rs.getInt("cancel_requested") != 0 ? Boolean.TRUE : null)
                .setCounter(counter)
                .setLogsUrl(logsUrl(live != null ? live.logsPath() : rs.getString("logs_url")));
        Operation op = new Operation()
                .setName(new OperationName(dataset, id).toString())
                .setMetadata(ApiJson.asAny(METADATA_TYPE, metadata));
        if (done) {
            op.setDone(true);
            int code = rs.getInt("error_code");
            if (!rs.wasNull()) {
                op.setError(new Status().setCode(code).setMessage(rs.getString("error_message")));
            } else if (rs.getString("response_json") != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> response = ApiJson.parse(rs.getString("response_json"), java.util.LinkedHashMap.class);
                op.setResponse(response);
            }
        }
        return op;
    }

    /** The stored path made absolute against the emulator's current root URL. */
    private String logsUrl(String logsPath) {
        if (logsPath == null) {
            return null;
        }
        URI base = baseUrl.get();
        return base == null ? "/" + logsPath : base.resolve(logsPath).toString();
    }

    private static Long nonZero(long value) {
        return value == 0 ? null : value;
    }

    /** Stops the workers. Tasks still running end as aborted now rather than at the next start. */
    @Override
    public void close() {
        flusher.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running run : running.values()) {
            finish(run, OperationResult.failure(GrpcCode.ABORTED, ABORTED_MESSAGE));
        }
        running.clear();
    }

    /** In-memory state of an operation this process runs. */
    private static final class Running implements OperationProgress {
        final OperationName name;
        final OperationLog log;
        final AtomicLong success = new AtomicLong();
        final AtomicLong failure = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        volatile boolean cancelled;
        volatile boolean dirty;

        Running(OperationName name, Path logDir) {
            this.name = name;
            this.log = new OperationLog(logDir, name);
        }

        /** Where the error log is served once it has an entry, else null. */
        String logsPath() {
            return log.hasEntries() ? LOGS_PATH + name : null;
        }

        @Override
        public void add(long ok, long failed) {
            success.addAndGet(ok);
            failure.addAndGet(failed);
            pending.updateAndGet(p -> Math.max(0, p - ok - failed));
            dirty = true;
        }

        @Override
        public void addFailure(String resource, String error) {
            log.record(resource, error);
            add(0, 1);
        }

        @Override
        public void setPending(long value) {
            pending.set(Math.max(0, value));
            dirty = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public String operationName() {
            return name.toString();
        }
    }
}
