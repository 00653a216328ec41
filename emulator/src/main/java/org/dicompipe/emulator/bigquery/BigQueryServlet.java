package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dicompipe.emulator.EmulatorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BigQuery REST API v2 under {@code /bigquery/v2/}: datasets, tables, tabledata and query jobs.
 * Paths, parameters and bodies follow the discovery document the official clients are generated from.
 */
final class BigQueryServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(BigQueryServlet.class);
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final transient BigQueryStore store;
    private final transient BigQueryTables tables;
    private final transient QueryJobs jobs;
    private final transient EmulatorContext env;

    BigQueryServlet(BigQueryStore store, BigQueryTables tables, QueryJobs jobs, EmulatorContext env) {
        this.store = store;
        this.tables = tables;
        this.jobs = jobs;
        this.env = env;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        String override = req.getHeader("X-HTTP-Method-Override");
        if (override != null && method.equals("POST")) {
            method = override.toUpperCase(Locale.ROOT);
        }
        try {
            String path = req.getPathInfo() == null ? "" : req.getPathInfo();
            List<String> parts = new ArrayList<>();
            for (String p : path.split("/")) {
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
            JsonObject body = route(method, parts, req);
            if (body == null) {
                resp.setStatus(204);
                return;
            }
            resp.setStatus(200);
            resp.setContentType("application/json; charset=UTF-8");
            {
                resp.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (BigQueryError e) {
            e.write(resp);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException
                 | NumberFormatException e) {
            BigQueryError.invalid("Invalid request: " + e.getMessage()).write(resp);
        } catch (SQLException e) {
            LOG.warn("local BigQuery storage error: {}", e.getMessage());
            BigQueryError.internal("local BigQuery storage failed: " + e.getMessage()).write(resp);
        } catch (RuntimeException e) {
            LOG.warn("local BigQuery request failed", e);
            BigQueryError.internal("local BigQuery failed: " + e).write(resp);
        }
    }

    private JsonObject route(String method, List<String> p, HttpServletRequest req) throws IOException, SQLException {
        int n = p.size();
        if (n >= 1 && p.get(0).equals("projects")) {
            if (n == 1 && method.equals("GET")) {
                return listProjects();
            }
            String project = n >= 2 ? p.get(1) : null;
            TableRef.checkProject(project);
            if (n >= 3 && p.get(2).equals("datasets")) {
                return datasets(method, project, p.subList(3, n), req);
            }
            if (n >= 3 && p.get(2).equals("queries")) {
                if (n == 3 && method.equals("POST")) {
                    return query(project, readJson(req));
                }
                if (n == 4 && method.equals("GET")) {
                    return getQueryResults(project, p.get(3), req);
                }
            }
            if (n >= 3 && p.get(2).equals("jobs")) {
                return jobs(method, project, p.subList(3, n), req);
            }
        }
        throw BigQueryError.notFound("Not found: " + method + " /bigquery/v2/" + String.join("/", p));
    }

    // ---- datasets and tables ----

    private JsonObject datasets(String method, String project, List<String> p, HttpServletRequest req)
            throws IOException, SQLException {
        if (p.isEmpty()) {
            if (method.equals("GET")) {
                return listDatasets(project, req);
            }
            if (method.equals("POST")) {
                return insertDataset(project, readJson(req));
            }
            throw methodNotAllowed(method);
        }
        String dataset = p.get(0);
        TableRef.checkDataset(dataset);
        if (p.size() == 1) {
            return switch (method) {
                case "GET" -> store.requireDataset(project, dataset);
                case "DELETE" -> {
                    store.deleteDataset(project, dataset, bool(req, "deleteContents"));
                    yield null;
                }
                case "PATCH", "PUT" -> updateDataset(project, dataset, readJson(req), method.equals("PATCH"));
                default -> throw methodNotAllowed(method);
            };
        }
        if (!p.get(1).equals("tables")) {
            throw BigQueryError.notFound("Not found: /" + String.join("/", p));
        }
        if (p.size() == 2) {
            if (method.equals("GET")) {
                return listTables(project, dataset, req);
            }
            if (method.equals("POST")) {
                return insertTable(project, dataset, readJson(req));
            }
            throw methodNotAllowed(method);
        }
        TableRef ref = new TableRef(project, dataset, p.get(2));
        if (p.size() == 3) {
            return switch (method) {
                case "GET" -> tableResource(store.requireTable(ref));
                case "DELETE" -> {
                    store.deleteTable(ref);
                    yield null;
                }
                case "PATCH", "PUT" -> updateTable(ref, readJson(req), method.equals("PATCH"));
                default -> throw methodNotAllowed(method);
            };
        }
        if (p.size() == 4 && p.get(3).equals("insertAll") && method.equals("POST")) {
            return insertAll(ref, readJson(req));
        }
        if (p.size() == 4 && p.get(3).equals("data") && method.equals("GET")) {
            return listTableData(ref, req);
        }
        throw BigQueryError.notFound("Not found: /" + String.join("/", p));
    }

    private JsonObject listProjects() {
        JsonObject body = new JsonObject();
        body.addProperty("kind", "bigquery#projectList");
        body.addProperty("totalItems", 0);
        body.add("projects", new JsonArray());
        return body;
    }

    private JsonObject insertDataset(String project, JsonObject request) throws SQLException {
        JsonObject ref = request.getAsJsonObject("datasetReference");
        if (ref == null || !ref.has("datasetId")) {
            throw BigQueryError.invalid("Required parameter is missing: datasetReference.datasetId");
        }
        String dataset = ref.get("datasetId").getAsString();
        if (ref.has("projectId") && !ref.get("projectId").isJsonNull() && !ref.get("projectId").getAsString().equals(project)) {
            throw BigQueryError.invalid("Dataset project " + ref.get("projectId").getAsString()
                    + " does not match the request project " + project);
        }
        TableRef.checkDataset(dataset);
        if (dataset.startsWith("_")) {
            throw BigQueryError.invalid("Invalid dataset ID \"" + dataset + "\": IDs starting with an underscore"
                    + " are reserved for hidden datasets");
        }
        JsonObject resource = Resources.dataset(project, dataset, request, env.baseUrl());
        store.insertDataset(project, dataset, resource, false);
        return resource;
    }

    private JsonObject updateDataset(String project, String dataset, JsonObject request, boolean patch)
            throws SQLException {
        synchronized (store) {
            JsonObject current = store.requireDataset(project, dataset);
            JsonObject updated = current.deepCopy();
            for (String field : new String[] {"friendlyName", "description", "labels", "defaultTableExpirationMs",
                    "defaultPartitionExpirationMs", "access"}) {
                if (request.has(field)) {
                    updated.add(field, request.get(field));
                } else if (!patch) {
                    updated.remove(field);
                }
            }
            updated.addProperty("lastModifiedTime", Long.toString(System.currentTimeMillis()));
            updated.addProperty("etag", Resources.etag());
            store.updateDataset(project, dataset, updated);
            return updated;
        }
    }

    private JsonObject listDatasets(String project, HttpServletRequest req) throws SQLException {
        List<JsonObject> all = store.datasets(project);
        List<JsonObject> items = new ArrayList<>();
        for (JsonObject d : all) {
            JsonObject item = new JsonObject();
            Resources.copy(d, item, "kind", "id", "datasetReference", "location", "labels", "friendlyName");
            items.add(item);
        }
        JsonObject body = new JsonObject();
        body.addProperty("kind", "bigquery#datasetList");
        body.addProperty("etag", Resources.etag());
        page(items, req, body, "datasets");
        return body;
    }

    private JsonObject insertTable(String project, String dataset, JsonObject request) throws SQLException {
        JsonObject refJson = request.getAsJsonObject("tableReference");
        if (refJson == null || !refJson.has("tableId")) {
            throw BigQueryError.invalid("Required parameter is missing: tableReference.tableId");
        }
        for (String unsupported : new String[] {"view", "materializedView", "externalDataConfiguration",
                "snapshotDefinition", "cloneDefinition", "tableReplicationInfo"}) {
            if (request.has(unsupported) && !request.get(unsupported).isJsonNull()) {
                throw BigQueryError.invalid("Tables with " + unsupported
                        + " are not supported by the local BigQuery emulator");
            }
        }
        TableRef ref = new TableRef(project, dataset, refJson.get("tableId").getAsString());
        List<TableField> schema = schemaOf(request);
        JsonObject resource = Resources.table(ref, request, env.baseUrl());
        JsonObject schemaJson = new JsonObject();
        schemaJson.add("fields", TableField.toJson(schema));
        resource.add("schema", schemaJson);
        BigQueryStore.StoredTable stored = store.createTable(ref, resource, schema);
        return tableResource(stored);
    }

    private static List<TableField> schemaOf(JsonObject request) {
        JsonObject schema = request.getAsJsonObject("schema");
        return schema == null ? List.of() : TableField.fromJson(schema.getAsJsonArray("fields"));
    }

    private JsonObject updateTable(TableRef ref, JsonObject request, boolean patch) throws SQLException {
        synchronized (store) {
            BigQueryStore.StoredTable table = store.requireTable(ref);
            JsonObject updated = table.resource().deepCopy();
            for (String field : new String[] {"friendlyName", "description", "labels", "expirationTime",
                    "requirePartitionFilter", "clustering"}) {
                if (request.has(field)) {
                    updated.add(field, request.get(field));
                } else if (!patch) {
                    updated.remove(field);
                }
            }
            List<TableField> newSchema = table.schema();
            if (request.has("schema") && request.get("schema").isJsonObject()) {
                newSchema = schemaOf(request);
                JsonObject schemaJson = new JsonObject();
                schemaJson.add("fields", TableField.toJson(newSchema));
                updated.add("schema", schemaJson);
            }
            updated.addProperty("lastModifiedTime", Long.toString(System.currentTimeMillis()));
            updated.addProperty("etag", Resources.etag());
            store.updateTable(table, updated, newSchema);
            return tableResource(store.requireTable(ref));
        }
    }

    private JsonObject tableResource(BigQueryStore.StoredTable table) throws SQLException {
        JsonObject r = table.resource().deepCopy();
        r.addProperty("numRows", Long.toString(store.rowCount(table)));
        r.addProperty("numBytes", "0");
        r.addProperty("numLongTermBytes", "0");
        return r;
    }

    private JsonObject listTables(String project, String dataset, HttpServletRequest req) throws SQLException {
        store.requireDataset(project, dataset);
        List<JsonObject> items = new ArrayList<>();
        for (BigQueryStore.StoredTable t : store.tables(project, dataset)) {
            JsonObject item = new JsonObject();
            Resources.copy(t.resource(), item, "kind", "id", "tableReference", "type", "creationTime", "labels",
                    "friendlyName", "timePartitioning", "clustering");
            items.add(item);
        }
        JsonObject body = new JsonObject();
        body.addProperty("kind", "bigquery#tableList");
        body.addProperty("etag", Resources.etag());
        body.addProperty("totalItems", items.size());
        page(items, req, body, "tables");
        return body;
    }

    // ---- tabledata ----

    private JsonObject insertAll(TableRef ref, JsonObject request) {
        if (request.has("templateSuffix") && !request.get("templateSuffix").isJsonNull()) {
            throw BigQueryError.invalid("templateSuffix is not supported by the local BigQuery emulator");
        }
        JsonArray rows = request.has("rows") && request.get("rows").isJsonArray() ? request.getAsJsonArray("rows")
                : new JsonArray();
        BigQueryTables.InsertResult result = tables.insertAll(ref, rows, bool(request, "skipInvalidRows"),
                bool(request, "ignoreUnknownValues"));
        JsonObject body = new JsonObject();
        body.addProperty("kind", "bigquery#tableDataInsertAllResponse");
        if (!result.errors().isEmpty()) {
            JsonArray insertErrors = new JsonArray();
            for (Map.Entry<Integer, String> e : result.errors().entrySet()) {
                JsonObject error = new JsonObject();
                if (e.getValue().isEmpty()) {
                    error.addProperty("reason", "stopped");
                    error.addProperty("location", "");
                    error.addProperty("message", "");
                } else {
                    error.addProperty("reason", "invalid");
                    error.addProperty("location", result.locations().getOrDefault(e.getKey(), ""));
                    error.addProperty("message", e.getValue());
                }
                error.addProperty("debugInfo", "");
                JsonArray errors = new JsonArray();
                errors.add(error);
                JsonObject item = new JsonObject();
                item.addProperty("index", e.getKey());
                item.add("errors", errors);
                insertErrors.add(item);
            }
            body.add("insertErrors", insertErrors);
        }
        return body;
    }

    private JsonObject listTableData(TableRef ref, HttpServletRequest req) throws SQLException {
        BigQueryStore.StoredTable table = store.requireTable(ref);
        List<TableField> fields = TablePages.select(table.schema(), req.getParameter("selectedFields"));
        TablePages.Page page = TablePages.read(store, table, fields, longParam(req, "maxResults"),
                req.getParameter("pageToken"), longParam(req, "startIndex"),
                bool(req, "formatOptions.useInt64Timestamp"));
        JsonObject body = new JsonObject();
        body.addProperty("kind", "bigquery#tableDataList");
        body.addProperty("etag", Resources.etag());
        body.addProperty("totalRows", Long.toString(page.totalRows()));
        if (page.nextPageToken() != null) {
            body.addProperty("pageToken", page.nextPageToken());
        }
        body.add("rows", page.rows());
        return body;
    }

    // ---- jobs ----

    private JsonObject query(String project, JsonObject request) throws SQLException {
        String requestedJob = null;
        JsonObject job = jobs.run(project, requestedJob, request);
        if (job.getAsJsonObject("status").has("errorResult")) {
            throw BigQueryError.fromProto(job.getAsJsonObject("status").getAsJsonObject("errorResult"));
        }
        Long maxResults = request.has("maxResults") && !request.get("maxResults").isJsonNull()
                ? request.get("maxResults").getAsLong() : null;
        JsonObject body = jobs.results(job, maxResults, null, null, int64Timestamps(request));
        body.addProperty("kind", "bigquery#queryResponse");
        body.addProperty("queryId", job.getAsJsonObject("jobReference").get("jobId").getAsString());
        return body;
    }

    private static boolean int64Timestamps(JsonObject request) {
        JsonObject format = request.getAsJsonObject("formatOptions");
        return format != null && format.has("useInt64Timestamp") && format.get("useInt64Timestamp").getAsBoolean();
    }

    private JsonObject getQueryResults(String project, String jobId, HttpServletRequest req) throws SQLException {
        JsonObject job = jobs.requireJob(project, jobId);
        JsonObject body = jobs.results(job, longParam(req, "maxResults"), req.getParameter("pageToken"),
                longParam(req, "startIndex"), bool(req, "formatOptions.useInt64Timestamp"));
        body.addProperty("kind", "bigquery#getQueryResultsResponse");
        body.addProperty("etag", Resources.etag());
        return body;
    }

    private JsonObject jobs(String method, String project, List<String> p, HttpServletRequest req)
            throws IOException, SQLException {
        if (p.isEmpty() && method.equals("POST")) {
            JsonObject request = readJson(req);
            JsonObject configuration = request.getAsJsonObject("configuration");
            if (configuration == null || !configuration.has("query")) {
                String type = configuration == null ? "(none)" : String.join(", ", configuration.keySet());
                throw BigQueryError.invalid("Only query jobs are supported by the local BigQuery emulator (got "
                        + type + ")");
            }
            JsonObject ref = request.getAsJsonObject("jobReference");
            String jobId = ref != null && ref.has("jobId") ? ref.get("jobId").getAsString() : null;
            if (ref != null && ref.has("projectId") && !ref.get("projectId").getAsString().equals(project)) {
                throw BigQueryError.invalid("Job project does not match the request project " + project);
            }
            JsonObject query = configuration.getAsJsonObject("query").deepCopy();
            return jobs.run(project, jobId, query);
        }
        if (p.isEmpty() && method.equals("GET")) {
            List<JsonObject> all = store.jobs(project);
            JsonObject body = new JsonObject();
            body.addProperty("kind", "bigquery#jobList");
            List<JsonObject> items = new ArrayList<>();
            for (JsonObject j : all) {
                JsonObject item = j.deepCopy();
                item.addProperty("state", "DONE");
                items.add(item);
            }
            page(items, req, body, "jobs");
            return body;
        }
        String jobId = p.get(0);
        if (p.size() == 1 && method.equals("GET")) {
            return jobs.requireJob(project, jobId);
        }
        if (p.size() == 2 && p.get(1).equals("cancel") && method.equals("POST")) {
            JsonObject body = new JsonObject();
            body.addProperty("kind", "bigquery#jobCancelResponse");
            body.add("job", jobs.requireJob(project, jobId));
            return body;
        }
        throw BigQueryError.notFound("Not found: /jobs/" + String.join("/", p));
    }

    // ---- helpers ----

    private static void page(List<JsonObject> items, HttpServletRequest req, JsonObject body, String field) {
        Long max = longParam(req, "maxResults");
        String token = req.getParameter("pageToken");
        int from = token == null || token.isEmpty() ? 0 : (int) TablePages.decode(token);
        int to = max == null || max <= 0 ? items.size() : (int) Math.min(items.size(), from + max);
        JsonArray array = new JsonArray();
        for (int k = Math.min(from, items.size()); k < to; k++) {
            array.add(items.get(k));
        }
        body.add(field, array);
        if (to < items.size()) {
            body.addProperty("nextPageToken", TablePages.encode(to));
        }
    }

    private static Long longParam(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw BigQueryError.invalid("Invalid value for " + name + ": " + v);
        }
    }

    private static boolean bool(HttpServletRequest req, String name) {
        return Boolean.parseBoolean(req.getParameter(name));
    }

    private static boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && !e.isJsonNull() && e.getAsBoolean();
    }

    private static BigQueryError methodNotAllowed(String method) {
        return new BigQueryError(405, "METHOD_NOT_ALLOWED", "invalid", "Method " + method + " is not allowed here");
    }

    private JsonObject readJson(HttpServletRequest req) throws IOException {
        long limit = Math.min(MAX_BODY_BYTES, env.config().maxRequestBytes());
        byte[] bytes;
        String encoding = req.getHeader("Content-Encoding");
        boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
        try (InputStream in = gzip ? new java.util.zip.GZIPInputStream(req.getInputStream()) : req.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        if (bytes.length > limit) {
            throw new BigQueryError(413, "OUT_OF_RANGE", "invalid", "Request is larger than " + limit + " bytes");
        }
        if (bytes.length == 0) {
            return new JsonObject();
        }
        JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        if (!e.isJsonObject()) {
            throw BigQueryError.invalid("Request body must be a JSON object");
        }
        return e.getAsJsonObject();
    }

}
