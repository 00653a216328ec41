package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;

/** Builds the REST resources (Dataset, Table) from what the client sent plus the server-owned fields. */
final class Resources {

    private Resources() {
    }

    static JsonObject dataset(String project, String dataset, JsonObject request, URI baseUrl) {
        JsonObject r = new JsonObject();
        copy(request, r, "friendlyName", "description", "labels", "defaultTableExpirationMs",
                "defaultPartitionExpirationMs", "access", "location");
        String now = Long.toString(System.currentTimeMillis());
        r.addProperty("kind", "bigquery#dataset");
        r.addProperty("id", project + ":" + dataset);
        JsonObject ref = new JsonObject();
        ref.addProperty("projectId", project);
        ref.addProperty("datasetId", dataset);
        r.add("datasetReference", ref);
        if (!r.has("location")) {
            r.addProperty("location", QueryJobs.LOCATION);
        }
        r.addProperty("creationTime", now);
        r.addProperty("lastModifiedTime", now);
        r.addProperty("etag", etag());
        if (baseUrl != null) {
            r.addProperty("selfLink", baseUrl + "bigquery/v2/projects/" + project + "/datasets/" + dataset);
        }
        return r;
    }

    static JsonObject table(TableRef ref, JsonObject request, URI baseUrl) {
        JsonObject r = new JsonObject();
        copy(request, r, "friendlyName", "description", "labels", "expirationTime", "timePartitioning",
                "rangePartitioning", "clustering", "requirePartitionFilter");
        String now = Long.toString(System.currentTimeMillis());
        r.addProperty("kind", "bigquery#table");
        r.addProperty("id", ref.id());
        r.add("tableReference", reference(ref));
        r.addProperty("type", "TABLE");
        r.addProperty("location", QueryJobs.LOCATION);
        r.addProperty("creationTime", now);
        r.addProperty("lastModifiedTime", now);
        r.addProperty("etag", etag());
        if (baseUrl != null) {
            r.addProperty("selfLink", baseUrl + "bigquery/v2/projects/" + ref.project() + "/datasets/" + ref.dataset()
                    + "/tables/" + ref.table());
        }
        return r;
    }

    static JsonObject reference(TableRef ref) {
        JsonObject o = new JsonObject();
        o.addProperty("projectId", ref.project());
        o.addProperty("datasetId", ref.dataset());
        o.addProperty("tableId", ref.table());
        return o;
    }

    static void copy(JsonObject from, JsonObject to, String... names) {
        for (String n : names) {
            JsonElement v = from.get(n);
            if (v != null && !v.isJsonNull()) {
                to.add(n, v.deepCopy());
            }
        }
    }

    static String etag() {
        return java.util.Base64.getEncoder().encodeToString(
                Long.toHexString(System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
