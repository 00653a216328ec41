package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The catalog (datasets, tables, jobs as their REST resources) and the table data, all in one
 * DuckDB file so that a catalog change and its DDL commit together. One connection, used under
 * this object's monitor: the emulator favours simple, consistent behaviour over parallel queries.
 */
final class BigQueryStore implements AutoCloseable {

    /** Dataset that holds query results; like BigQuery's anonymous datasets it is not listed. */
    static final String RESULTS_DATASET = "_query_results";

    private final Connection conn;

    private BigQueryStore(Connection conn) {
        this.conn = conn;
    }

    static BigQueryStore open(Path dir) throws SQLException, java.io.IOException {
        Files.createDirectories(dir);
        Connection conn = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bigquery.duckdb").toAbsolutePath());
        try (Statement s = conn.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
            s.execute("CREATE SCHEMA IF NOT EXISTS bq_meta");
            s.execute("CREATE SCHEMA IF NOT EXISTS bq_data");
            s.execute("CREATE TABLE IF NOT EXISTS bq_meta.datasets (project VARCHAR, dataset VARCHAR,"
                    + " resource VARCHAR, hidden BOOLEAN, PRIMARY KEY (project, dataset))");
            s.execute("CREATE TABLE IF NOT EXISTS bq_meta.tables (project VARCHAR, dataset VARCHAR, table_id VARCHAR,"
                    + " storage VARCHAR, resource VARCHAR, created BIGINT, PRIMARY KEY (project, dataset, table_id))");
            s.execute("CREATE TABLE IF NOT EXISTS bq_meta.jobs (project VARCHAR, job_id VARCHAR, resource VARCHAR,"
                    + " created BIGINT, PRIMARY KEY (project, job_id))");
            SqlMacros.install(s);
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        return new BigQueryStore(conn);
    }

    Connection connection() {
        return conn;
    }

    /** A table as the catalog knows it. */
    record StoredTable(TableRef ref, String storage, JsonObject resource) {
        List<TableField> schema() {
            JsonObject schema = resource.getAsJsonObject("schema");
            return schema == null ? List.of() : TableField.fromJson(schema.getAsJsonArray("fields"));
        }

        String storageName() {
            return "bq_data." + TableField.quote(storage);
        }
    }

    /** The JSON resources a one-column query returns, in order. */
    private List<JsonObject> resources(String sql, String... params) throws SQLException {
        List<JsonObject> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int k = 0; k < params.length; k++) {
                ps.setString(k + 1, params[k]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(JsonParser.parseString(rs.getString(1)).getAsJsonObject());
                }
            }
        }
        return list;
    }

    private Optional<JsonObject> resource(String sql, String... params) throws SQLException {
        List<JsonObject> list = resources(sql, params);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    // ---- datasets ----

    synchronized Optional<JsonObject> dataset(String project, String dataset) throws SQLException {
        return resource("SELECT resource FROM bq_meta.datasets WHERE project = ? AND dataset = ?", project, dataset);
    }

    JsonObject requireDataset(String project, String dataset) throws SQLException {
        return dataset(project, dataset).orElseThrow(() -> BigQueryError.notFound(
                "Not found: Dataset " + project + ":" + dataset));
    }

    synchronized void insertDataset(String project, String dataset, JsonObject resource, boolean hidden)
            throws SQLException {
        if (dataset(project, dataset).isPresent()) {
            throw BigQueryError.duplicate("Already Exists: Dataset " + project + ":" + dataset);
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bq_meta.datasets VALUES (?, ?, ?, ?)")) {
            ps.setString(1, project);
            ps.setString(2, dataset);
            ps.setString(3, resource.toString());
            ps.setBoolean(4, hidden);
            ps.executeUpdate();
        }
    }

    synchronized void updateDataset(String project, String dataset, JsonObject resource) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "UPDATE bq_meta.datasets SET resource = ? WHERE project = ? AND dataset = ?")) {
            ps.setString(1, resource.toString());
            ps.setString(2, project);
            ps.setString(3, dataset);
            ps.executeUpdate();
        }
    }

    synchronized List<JsonObject> datasets(String project) throws SQLException {
        return resources("SELECT resource FROM bq_meta.datasets WHERE project = ? AND NOT hidden ORDER BY dataset",
                project);
    }

    /** Deletes a dataset; its tables too when {@code deleteContents}, otherwise it must be empty. */
    synchronized void deleteDataset(String project, String dataset, boolean deleteContents) throws SQLException {
        requireDataset(project, dataset);
        List<StoredTable> tables = tables(project, dataset);
        if (!tables.isEmpty() && !deleteContents) {
            throw BigQueryError.resourceInUse("Dataset " + project + ":" + dataset + " is still in use");
        }
        inTransaction(() -> {
            for (StoredTable t : tables) {
                dropStoredTable(t);
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "DELETE FROM bq_meta.datasets WHERE project = ? AND dataset = ?")) {
                ps.setString(1, project);
                ps.setString(2, dataset);
                ps.executeUpdate();
            }
        });
    }

    // ---- tables ----

    synchronized Optional<StoredTable> table(TableRef ref) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT storage, resource FROM bq_meta.tables"
                + " WHERE project = ? AND dataset = ? AND table_id = ?")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.dataset());
            ps.setString(3, ref.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredTable(ref, rs.getString(1),
                        JsonParser.parseString(rs.getString(2)).getAsJsonObject()));
            }
        }
    }

    StoredTable requireTable(TableRef ref) throws SQLException {
        Optional<StoredTable> t = table(ref);
        if (t.isPresent()) {
            return t.get();
        }
        requireDataset(ref.project(), ref.dataset());
        throw BigQueryError.notFound("Not found: Table " + ref.id());
    }

    synchronized List<StoredTable> tables(String project, String dataset) throws SQLException {
        List<StoredTable> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT table_id, storage, resource FROM bq_meta.tables"
                + " WHERE project = ? AND dataset = ? ORDER BY table_id")) {
            ps.setString(1, project);
            ps.setString(2, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new StoredTable(new TableRef(project, dataset, rs.getString(1)), rs.getString(2),
                            JsonParser.parseString(rs.getString(3)).getAsJsonObject()));
                }
            }
        }
        return list;
    }

    /** Creates the catalog entry and the DuckDB table in one transaction. */
    synchronized StoredTable createTable(TableRef ref, JsonObject resource, List<TableField> schema)
            throws SQLException {
        requireDataset(ref.project(), ref.dataset());
        if (table(ref).isPresent()) {
            throw BigQueryError.duplicate("Already Exists: Table " + ref.id());
        }
        if (schema.isEmpty()) {
            throw BigQueryError.invalid("Tables without a schema are not supported by the local BigQuery emulator"
                    + " (table " + ref.id() + ")");
        }
        String storage = "t_" + UUID.randomUUID().toString().replace("-", "");
        StoredTable stored = new StoredTable(ref, storage, resource);
        inTransaction(() -> {
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE " + stored.storageName() + " (" + columns(schema) + ")");
            }
            register(ref, storage, resource);
        });
        return stored;
    }

    /** Creates a table from a query (a job's destination), inside the caller's transaction. */
    StoredTable createTableAs(TableRef ref, JsonObject resource, String duckSelect) throws SQLException {
        String storage = "t_" + UUID.randomUUID().toString().replace("-", "");
        StoredTable stored = new StoredTable(ref, storage, resource);
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE " + stored.storageName() + " AS " + duckSelect);
        }
        register(ref, storage, resource);
        return stored;
    }

    private void register(TableRef ref, String storage, JsonObject resource) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bq_meta.tables VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.dataset());
            ps.setString(3, ref.table());
            ps.setString(4, storage);
            ps.setString(5, resource.toString());
            ps.setLong(6, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    static String columns(List<TableField> schema) {
        StringBuilder sb = new StringBuilder();
        for (TableField f : schema) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(TableField.quote(f.name())).append(' ').append(f.duckType());
            if (f.mode().equals("REQUIRED")) {
                sb.append(" NOT NULL");
            }
        }
        return sb.toString();
    }

    /** Stores a new resource and applies the schema change it carries (columns added, modes relaxed). */
    synchronized void updateTable(StoredTable table, JsonObject resource, List<TableField> newSchema)
            throws SQLException {
        List<String> ddl = SchemaChange.ddl(table.ref(), table.storageName(), table.schema(), newSchema);
        inTransaction(() -> {
            try (Statement s = conn.createStatement()) {
                for (String statement : ddl) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE bq_meta.tables SET resource = ?"
                    + " WHERE project = ? AND dataset = ? AND table_id = ?")) {
                ps.setString(1, resource.toString());
                ps.setString(2, table.ref().project());
                ps.setString(3, table.ref().dataset());
                ps.setString(4, table.ref().table());
                ps.executeUpdate();
            }
        });
    }

    synchronized void deleteTable(TableRef ref) throws SQLException {
        StoredTable t = requireTable(ref);
        inTransaction(() -> dropStoredTable(t));
    }

    private void dropStoredTable(StoredTable t) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + t.storageName());
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM bq_meta.tables WHERE project = ? AND dataset = ? AND table_id = ?")) {
            ps.setString(1, t.ref().project());
            ps.setString(2, t.ref().dataset());
            ps.setString(3, t.ref().table());
            ps.executeUpdate();
        }
    }

    synchronized long rowCount(StoredTable t) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t.storageName())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Appends checked rows (see {@link RowValues#of}) in one transaction through DuckDB's appender,
     * which is much cheaper than SQL for wide tables.
     */
    synchronized void appendRows(StoredTable t, List<TableField> schema, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (DuckDBAppender appender = ((DuckDBConnection) conn).createAppender("bq_data", t.storage())) {
                for (List<Object> row : rows) {
                    RowValues.append(appender, schema, row);
                }
            }
        });
    }

    synchronized void truncate(StoredTable t) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("DELETE FROM " + t.storageName());
        }
    }

    // ---- jobs ----

    synchronized void saveJob(String project, String jobId, JsonObject resource) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO bq_meta.jobs VALUES (?, ?, ?, ?)")) {
            ps.setString(1, project);
            ps.setString(2, jobId);
            ps.setString(3, resource.toString());
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    synchronized Optional<JsonObject> job(String project, String jobId) throws SQLException {
        return resource("SELECT resource FROM bq_meta.jobs WHERE project = ? AND job_id = ?", project, jobId);
    }

    synchronized List<JsonObject> jobs(String project) throws SQLException {
        return resources("SELECT resource FROM bq_meta.jobs WHERE project = ? ORDER BY created DESC, job_id", project);
    }

    /** Query results live a day, as in BigQuery; older result tables are dropped. */
    synchronized void dropExpiredResults(long olderThanMillis) throws SQLException {
        List<StoredTable> expired = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT project, table_id, storage, resource"
                + " FROM bq_meta.tables WHERE dataset = ? AND created < ?")) {
            ps.setString(1, RESULTS_DATASET);
            ps.setLong(2, olderThanMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expired.add(new StoredTable(new TableRef(rs.getString(1), RESULTS_DATASET, rs.getString(2)),
                            rs.getString(3), JsonParser.parseString(rs.getString(4)).getAsJsonObject()));
                }
            }
        }
        for (StoredTable t : expired) {
            inTransaction(() -> dropStoredTable(t));
        }
    }

    interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs work in one DuckDB transaction; nothing of it stays when it fails. */
    synchronized void inTransaction(SqlWork work) throws SQLException {
        boolean outer = conn.getAutoCommit();
        if (!outer) {
            work.run();
            return;
        }
        conn.setAutoCommit(false);
        try {
            work.run();
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    static JsonArray array(List<JsonObject> items) {
        JsonArray a = new JsonArray();
        for (JsonElement e : items) {
            a.add(e);
        }
        return a;
    }

    @Override
    public synchronized void close() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException ignored) {
            // closing still flushes the write-ahead log
        }
        conn.close();
    }
}
