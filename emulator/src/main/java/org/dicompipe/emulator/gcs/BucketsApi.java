package org.dicompipe.emulator.gcs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dicompipe.emulator.http.GoogleError;

/** The {@code buckets} collection and each bucket's {@code notificationConfigs}. */
final class BucketsApi {

    private final GcsStore store;
    private final BucketNotifications notifications;

    BucketsApi(GcsStore store, BucketNotifications notifications) {
        this.store = store;
        this.notifications = notifications;
    }

    void insert(HttpServletRequest req, HttpServletResponse resp, Map<String, String> query) throws IOException {
        String project = query.get("project");
        if (project == null || project.isBlank()) {
            throw GoogleError.invalidArgument("Required parameter: project");
        }
        JsonObject body = GcsHttp.jsonBody(req);
        if (body == null || !body.has("name")) {
            throw GoogleError.invalidArgument("Required field 'name' is missing");
        }
        String name = GcsNames.requireBucket(body.get("name").getAsString());
        String now = Rfc3339.format(Instant.now());
        String location = body.has("location") ? body.get("location").getAsString().toUpperCase() : "US";
        String storageClass = body.has("storageClass") ? body.get("storageClass").getAsString() : GcsObject.STORAGE_CLASS;
        GcsBucket bucket = store.createBucket(new GcsBucket(name, project, location, storageClass, 1, now, now,
                labels(body.get("labels"), Map.of())));
        GcsHttp.writeJson(resp, 200, bucket.toResource(GcsHttp.baseUrl(req)));
    }

    void get(HttpServletRequest req, HttpServletResponse resp, String name, Map<String, String> query)
            throws IOException {
        GcsBucket bucket = store.requireBucket(name);
        checkMetageneration(bucket, query);
        GcsHttp.writeJson(resp, 200, bucket.toResource(GcsHttp.baseUrl(req)));
    }

    void list(HttpServletRequest req, HttpServletResponse resp, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        Long max = GcsHttp.longParam(query, "maxResults");
        int pageSize = max == null || max <= 0 || max > 1000 ? 1000 : max.intValue();
        String token = query.get("pageToken");
        String after = token == null || token.isEmpty() ? null
                : new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String base = GcsHttp.baseUrl(req);
        JsonArray items = new JsonArray();
        String last = null;
        boolean more = false;
        for (String name : store.bucketNames()) {
            if (!name.startsWith(prefix) || after != null && name.compareTo(after) <= 0) {
                continue;
            }
            if (items.size() >= pageSize) {
                more = true;
                break;
            }
            store.bucket(name).ifPresent(b -> items.add(b.toResource(base)));
            last = name;
        }
        JsonObject out = new JsonObject();
        out.addProperty("kind", "storage#buckets");
        if (!items.isEmpty()) {
            out.add("items", items);
        }
        if (more) {
            out.addProperty("nextPageToken",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        GcsHttp.writeJson(resp, 200, out);
    }

    /** Labels and storage class can change; everything else about a local bucket is fixed. */
    void patch(HttpServletRequest req, HttpServletResponse resp, String name, Map<String, String> query)
            throws IOException {
        JsonObject body = GcsHttp.jsonBody(req);
        JsonObject changes = body == null ? new JsonObject() : body;
        GcsBucket updated = store.updateBucket(name, current -> {
            checkMetageneration(current, query);
            String now = Rfc3339.format(Instant.now());
            return new GcsBucket(current.name(), current.project(), current.location(),
                    changes.has("storageClass") ? changes.get("storageClass").getAsString() : current.storageClass(),
                    current.metageneration() + 1, current.timeCreated(), now,
                    labels(changes.get("labels"), current.labels()));
        });
        GcsHttp.writeJson(resp, 200, updated.toResource(GcsHttp.baseUrl(req)));
    }

    void delete(HttpServletResponse resp, String name, Map<String, String> query) throws IOException {
        checkMetageneration(store.requireBucket(name), query);
        store.deleteBucket(name);
        resp.setStatus(204);
    }

    void insertNotification(HttpServletRequest req, HttpServletResponse resp, String bucket) throws IOException {
        NotificationConfig config = notifications.insert(bucket, GcsHttp.jsonBody(req));
        GcsHttp.writeJson(resp, 200, config.toResource(bucket, GcsHttp.baseUrl(req)));
    }

    void listNotifications(HttpServletRequest req, HttpServletResponse resp, String bucket) throws IOException {
        List<NotificationConfig> configs = notifications.list(bucket);
        JsonObject out = new JsonObject();
        out.addProperty("kind", "storage#notifications");
        JsonArray items = new JsonArray();
        String base = GcsHttp.baseUrl(req);
        configs.forEach(c -> items.add(c.toResource(bucket, base)));
        out.add("items", items);
        GcsHttp.writeJson(resp, 200, out);
    }

    void getNotification(HttpServletRequest req, HttpServletResponse resp, String bucket, String id)
            throws IOException {
        GcsHttp.writeJson(resp, 200, notifications.get(bucket, id).toResource(bucket, GcsHttp.baseUrl(req)));
    }

    void deleteNotification(HttpServletResponse resp, String bucket, String id) throws IOException {
        notifications.delete(bucket, id);
        resp.setStatus(204);
    }

    private static void checkMetageneration(GcsBucket bucket, Map<String, String> query) {
        Long match = GcsHttp.longParam(query, "ifMetagenerationMatch");
        Long notMatch = GcsHttp.longParam(query, "ifMetagenerationNotMatch");
        if (match != null && match != bucket.metageneration()) {
            throw Preconditions.failed("ifMetagenerationMatch");
        }
        if (notMatch != null && notMatch == bucket.metageneration()) {
            throw Preconditions.failed("ifMetagenerationNotMatch");
        }
    }

    private static Map<String, String> labels(JsonElement json, Map<String, String> current) {
        if (json == null) {
            return current;
        }
        Map<String, String> labels = new LinkedHashMap<>(current);
        if (json.isJsonNull()) {
            return Map.of();
        }
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
            if (e.getValue().isJsonNull()) {
                labels.remove(e.getKey());
            } else {
                labels.put(e.getKey(), e.getValue().getAsString());
            }
        }
        return labels;
    }
}
