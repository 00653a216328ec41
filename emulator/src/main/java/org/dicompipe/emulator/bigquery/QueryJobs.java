package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dicompipe.emulator.bigquery.sql.Translator;

/**
 * Query jobs: translate, run in DuckDB, keep SELECT results in a result table (the job's
 * {@code destinationTable}, as BigQuery does) and the job resource in the catalog. Jobs run to
 * completion inside the request that creates them, so every job is DONE when it is first seen.
 */
final class QueryJobs {

    static final String LOCATION = "US";
    private static final long RESULT_LIFETIME_MILLIS = 24L * 3600 * 1000;

    private final BigQueryStore store;

    QueryJobs(BigQueryStore store) {
        this.store = store;
    }

    /**
     * Runs a query configuration ({@code JobConfigurationQuery} or a {@code QueryRequest}) and returns
     * the job resource. Failures are recorded in the job's status, not thrown.
     */
    JsonObject run(String project, String jobId, JsonObject queryConfig) throws SQLException {
        TableRef.checkProject(project);
        if (jobId == null || jobId.isEmpty()) {
            jobId = "job_" + UUID.randomUUID().toString().replace("-", "");
        } else if (!jobId.matches("[A-Za-z0-9_-]{1,1024}")) {
            throw BigQueryError.invalid("Invalid job ID \"" + jobId + "\"");
        }
        long now = System.currentTimeMillis();
        JsonObject config = queryConfig.deepCopy();
        config.remove("kind");
        JsonObject job = new JsonObject();
        job.addProperty("kind", "bigquery#job");
        job.addProperty("id", project + ":" + LOCATION + "." + jobId);
        JsonObject ref = new JsonObject();
        ref.addProperty("projectId", project);
        ref.addProperty("jobId", jobId);
        ref.addProperty("location", LOCATION);
        job.add("jobReference", ref);
        JsonObject configuration = new JsonObject();
        configuration.addProperty("jobType", "QUERY");
        configuration.add("query", config);
        job.add("configuration", configuration);
        job.addProperty("user_email", "emulator@localhost");
        JsonObject statistics = new JsonObject();
        statistics.addProperty("creationTime", Long.toString(now));
        statistics.addProperty("startTime", Long.toString(now));
        JsonObject queryStats = new JsonObject();
        queryStats.addProperty("totalBytesProcessed", "0");
        queryStats.addProperty("totalBytesBilled", "0");
        queryStats.addProperty("cacheHit", false);
        statistics.addProperty("totalBytesProcessed", "0");
        JsonObject status = new JsonObject();
        status.addProperty("state", "DONE");
        synchronized (store) {
            if (store.job(project, jobId).isPresent()) {
                throw BigQueryError.duplicate("Already Exists: Job " + project + ":" + LOCATION + "." + jobId);
            }
            try {
                execute(project, jobId, config, queryStats);
            } catch (BigQueryError e) {
                status.add("errorResult", e.errorProto());
                JsonArray errors = new JsonArray();
                errors.add(e.errorProto());
                status.add("errors", errors);
            } catch (SQLException | RuntimeException e) {
                BigQueryError error = e instanceof SQLException sql ? duckError(sql)
                        : BigQueryError.internal("query failed: " + e);
                status.add("errorResult", error.errorProto());
                JsonArray errors = new JsonArray();
                errors.add(error.errorProto());
                status.add("errors", errors);
            }
            statistics.addProperty("endTime", Long.toString(System.currentTimeMillis()));
            statistics.add("query", queryStats);
            job.add("statistics", statistics);
            job.add("status", status);
            store.saveJob(project, jobId, job);
            store.dropExpiredResults(now - RESULT_LIFETIME_MILLIS);
        }
        return job;
    }

    private void execute(String project, String jobId, JsonObject config, JsonObject queryStats) throws SQLException {
        JsonElement legacy = config.get("useLegacySql");
        if (legacy == null || legacy.isJsonNull() || legacy.getAsBoolean()) {
            if (!config.has("query") || !config.get("query").getAsString().stripLeading()
                    .regionMatches(true, 0, "#standardSQL", 0, "#standardSQL".length())) {
                throw BigQueryError.invalidQuery("Legacy SQL is not supported by the local BigQuery emulator;"
                        + " set useLegacySql to false");
            }
        }
        if (!config.has("query") || config.get("query").getAsString().isBlank()) {
            throw BigQueryError.invalid("Required parameter is missing: query");
        }
        if (config.has("destinationTable") && !config.get("destinationTable").isJsonNull()) {
            throw BigQueryError.invalid("destinationTable is not supported by the local BigQuery emulator");
        }
        if (config.has("dryRun") && config.get("dryRun").getAsBoolean()) {
            throw BigQueryError.invalid("dryRun is not supported by the local BigQuery emulator");
        }
        TableRef defaultDataset = null;
        if (config.has("defaultDataset") && config.get("defaultDataset").isJsonObject()) {
            JsonObject d = config.getAsJsonObject("defaultDataset");
            String p = d.has("projectId") ? d.get("projectId").getAsString() : project;
            defaultDataset = new TableRef(p, d.get("datasetId").getAsString(), "_");
        }
        QueryParameters params = QueryParameters.parse(config);
        Translator.Context ctx = new Translator.Context(project, defaultDataset, this::storageOf, params.named(),
                params.positional());
        Translator.Statement statement = Translator.translate(config.get("query").getAsString(), ctx);
        queryStats.addProperty("statementType", statement.kind());
        if (!statement.isQuery()) {
            long affected;
            try (Statement s = store.connection().createStatement()) {
                affected = s.executeUpdate(statement.sql());
            }
            queryStats.addProperty("numDmlAffectedRows", Long.toString(affected));
            JsonObject dml = new JsonObject();
            dml.addProperty(switch (statement.kind()) {
                case "INSERT" -> "insertedRowCount";
                case "DELETE" -> "deletedRowCount";
                default -> "updatedRowCount";
            }, Long.toString(affected));
            queryStats.add("dmlStats", dml);
            return;
        }
        List<TableField> schema = describe(statement.sql());
        TableRef result = new TableRef(project, BigQueryStore.RESULTS_DATASET, "anon_" + jobId.replace('-', '_'));
        ensureResultsDataset(project);
        JsonObject resource = new JsonObject();
        JsonObject schemaJson = new JsonObject();
        schemaJson.add("fields", TableField.toJson(schema));
        resource.add("schema", schemaJson);
        resource.addProperty("creationTime", Long.toString(System.currentTimeMillis()));
        store.inTransaction(() -> {
            BigQueryStore.StoredTable created = store.createTableAs(result, resource, statement.sql());
            refuseNullArrayElements(created, schema);
        });
        JsonObject destination = new JsonObject();
        destination.addProperty("projectId", result.project());
        destination.addProperty("datasetId", result.dataset());
        destination.addProperty("tableId", result.table());
        config.add("destinationTable", destination);
        queryStats.add("schema", schemaJson);
    }

    /** BigQuery fails a query whose result has an array with a NULL element (e.g. from ARRAY_AGG). */
    private void refuseNullArrayElements(BigQueryStore.StoredTable table, List<TableField> schema) throws SQLException {
        for (TableField f : schema) {
            if (!f.isRepeated()) {
                continue;
            }
            String column = TableField.quote(f.name());
            try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM "
                    + table.storageName() + " WHERE len(list_filter(" + column + ", x -> x IS NULL)) > 0 LIMIT 1")) {
                if (rs.next()) {
                    throw BigQueryError.invalidQuery("Array cannot have a null element; error in writing field "
                            + f.name());
                }
            }
        }
    }

    private String storageOf(TableRef ref) {
        try {
            return store.requireTable(ref).storageName();
        } catch (BigQueryError e) {
            if (e.reason().equals("notFound")) {
                throw BigQueryError.notFound(e.getMessage() + " was not found in location " + LOCATION);
            }
            throw e;
        } catch (SQLException e) {
            throw BigQueryError.internal(e.getMessage());
        }
    }

    /** The BigQuery schema of a translated SELECT, refusing results BigQuery could not return. */
    private List<TableField> describe(String duckSql) throws SQLException {
        List<TableField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> duplicates = new java.util.TreeSet<>();
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery("DESCRIBE " + duckSql)) {
            while (rs.next()) {
                String name = rs.getString("column_name");
                if (!names.add(name.toLowerCase(Locale.ROOT))) {
                    duplicates.add(name);
                }
                fields.add(DuckTypes.field(name, rs.getString("column_type")));
            }
        }
        if (!duplicates.isEmpty()) {
            throw BigQueryError.invalidQuery("Duplicate column names in the result are not supported. Found duplicate(s): "
                    + String.join(", ", duplicates));
        }
        return fields;
    }

    private void ensureResultsDataset(String project) throws SQLException {
        if (store.dataset(project, BigQueryStore.RESULTS_DATASET).isEmpty()) {
            JsonObject resource = Resources.dataset(project, BigQueryStore.RESULTS_DATASET, new JsonObject(), null);
            store.insertDataset(project, BigQueryStore.RESULTS_DATASET, resource, true);
        }
    }

    /** DuckDB's message is kept (it names the problem); the reason is BigQuery's. */
    static BigQueryError duckError(SQLException e) {
        String message = e.getMessage() == null ? "query failed" : e.getMessage();
        message = message.replaceAll("bq_data\\.\"?t_[0-9a-f]{32}\"?", "table");
        java.util.regex.Matcher unknown = java.util.regex.Pattern.compile(
                "(?:Referenced column \"([^\"]+)\" not found|Column \"([^\"]+)\" referenced that exists in the SELECT)")
                .matcher(message);
        if (unknown.find()) {
            // BigQuery's wording, so that callers matching on it behave the same
            String name = unknown.group(1) != null ? unknown.group(1) : unknown.group(2);
            return BigQueryError.invalidQuery("Unrecognized name: " + name);
        }
        if (message.contains("Invalid Input Error: division by zero") || message.contains("is out of bounds")
                || message.contains("not supported by the emulator")) {
            message = message.substring(message.indexOf(':') + 1).trim();
        }
        return BigQueryError.invalidQuery(message);
    }

    JsonObject requireJob(String project, String jobId) throws SQLException {
        return store.job(project, jobId).orElseThrow(() -> BigQueryError.notFound(
                "Not found: Job " + project + ":" + LOCATION + "." + jobId));
    }

    /**
     * The {@code jobs.getQueryResults} / {@code jobs.query} body for a finished job; a failed job's
     * error is thrown, as BigQuery answers with it.
     */
    JsonObject results(JsonObject job, Long maxResults, String pageToken, Long startIndex, boolean int64Timestamps)
            throws SQLException {
        JsonObject status = job.getAsJsonObject("status");
        if (status.has("errorResult")) {
            throw BigQueryError.fromProto(status.getAsJsonObject("errorResult"));
        }
        JsonObject body = new JsonObject();
        body.add("jobReference", job.get("jobReference"));
        body.addProperty("jobComplete", true);
        body.addProperty("cacheHit", false);
        body.addProperty("totalBytesProcessed", "0");
        JsonObject queryStats = job.getAsJsonObject("statistics").getAsJsonObject("query");
        if (queryStats.has("numDmlAffectedRows")) {
            body.add("numDmlAffectedRows", queryStats.get("numDmlAffectedRows"));
            body.add("dmlStats", queryStats.get("dmlStats"));
            body.addProperty("totalRows", "0");
            return body;
        }
        JsonObject destination = job.getAsJsonObject("configuration").getAsJsonObject("query")
                .getAsJsonObject("destinationTable");
        TableRef result = new TableRef(destination.get("projectId").getAsString(),
                destination.get("datasetId").getAsString(), destination.get("tableId").getAsString());
        BigQueryStore.StoredTable table = store.table(result).orElseThrow(() -> BigQueryError.notFound(
                "Not found: Table " + result.id() + " (query results expire after 24 hours)"));
        TablePages.Page page = TablePages.read(store, table, table.schema(), maxResults, pageToken, startIndex,
                int64Timestamps);
        body.add("schema", table.resource().get("schema"));
        body.addProperty("totalRows", Long.toString(page.totalRows()));
        body.add("rows", page.rows());
        if (page.nextPageToken() != null) {
            body.addProperty("pageToken", page.nextPageToken());
        }
        return body;
    }

    /** Query parameters of a request as DuckDB literals. */
    record QueryParameters(Map<String, String> named, List<String> positional) {

        static QueryParameters parse(JsonObject config) {
            Map<String, String> named = new HashMap<>();
            List<String> positional = new ArrayList<>();
            if (config.has("queryParameters") && config.get("queryParameters").isJsonArray()) {
                for (JsonElement e : config.getAsJsonArray("queryParameters")) {
                    JsonObject p = e.getAsJsonObject();
                    String literal;
                    try {
                        literal = literal(p.getAsJsonObject("parameterType"), p.getAsJsonObject("parameterValue"));
                    } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException ex) {
                        throw BigQueryError.invalidQuery("Invalid value for query parameter "
                                + (p.has("name") ? p.get("name").getAsString() : "#" + (positional.size() + 1))
                                + ": " + ex.getMessage());
                    }
                    if (p.has("name") && !p.get("name").isJsonNull() && !p.get("name").getAsString().isEmpty()) {
                        named.put(p.get("name").getAsString().toLowerCase(Locale.ROOT), literal);
                    } else {
                        positional.add(literal);
                    }
                }
            }
            return new QueryParameters(named, positional);
        }

        private static String literal(JsonObject type, JsonObject value) {
            if (type == null) {
                throw new IllegalArgumentException("parameterType is required");
            }
            String t = type.get("type").getAsString().toUpperCase(Locale.ROOT);
            if (t.equals("ARRAY")) {
                JsonObject elementType = type.getAsJsonObject("arrayType");
                StringBuilder sb = new StringBuilder("[");
                if (value != null && value.has("arrayValues")) {
                    JsonArray values = value.getAsJsonArray("arrayValues");
                    for (int k = 0; k < values.size(); k++) {
                        sb.append(k > 0 ? ", " : "").append(literal(elementType, values.get(k).getAsJsonObject()));
                    }
                }
                return sb.append(']').toString();
            }
            if (t.equals("STRUCT")) {
                StringBuilder sb = new StringBuilder("{");
                JsonArray fields = type.getAsJsonArray("structTypes");
                JsonObject values = value == null || !value.has("structValues") ? new JsonObject()
                        : value.getAsJsonObject("structValues");
                for (int k = 0; k < fields.size(); k++) {
                    JsonObject f = fields.get(k).getAsJsonObject();
                    String name = f.get("name").getAsString();
                    JsonElement v = values.get(name);
                    sb.append(k > 0 ? ", " : "").append(SqlLiterals.string(name)).append(": ")
                            .append(literal(f.getAsJsonObject("type"), v == null ? null : v.getAsJsonObject()));
                }
                return sb.append('}').toString();
            }
            String bqType = TableField.canonicalType(t);
            if (value == null || !value.has("value") || value.get("value").isJsonNull()) {
                return "CAST(NULL AS " + TableField.of("p", bqType).duckType() + ")";
            }
            return SqlLiterals.scalar(value.getAsJsonPrimitive("value"), bqType);
        }
    }
}
