package org.dicompipe.emulator.gcs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dicompipe.emulator.http.GoogleError;

/** The {@code objects} collection: list, get (metadata and media), delete, patch/update, copy, rewrite, compose. */
final class ObjectsApi {

    private static final int DEFAULT_PAGE_SIZE = 1000;

    private final GcsStore store;

    ObjectsApi(GcsStore store) {
        this.store = store;
    }

    void list(HttpServletRequest req, HttpServletResponse resp, String bucket, Map<String, String> query)
            throws IOException {
        store.requireBucket(bucket);
        if (query.containsKey("matchGlob")) {
            throw GoogleError.unimplemented("matchGlob is not supported by the local emulator");
        }
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        if (delimiter != null && delimiter.isEmpty()) {
            delimiter = null;
        }
        String startOffset = query.get("startOffset");
        String endOffset = query.get("endOffset");
        boolean includeTrailingDelimiter = Boolean.parseBoolean(query.get("includeTrailingDelimiter"));
        Long max = GcsHttp.longParam(query, "maxResults");
        int pageSize = max == null || max <= 0 || max > DEFAULT_PAGE_SIZE ? DEFAULT_PAGE_SIZE : max.intValue();
        String after = decodePageToken(query.get("pageToken"));

        List<String> names = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        String last = null;
        boolean more = false;
        for (String name : store.objectNames(bucket, prefix)) {
            if (startOffset != null && name.compareTo(startOffset) < 0
                    || endOffset != null && !endOffset.isEmpty() && name.compareTo(endOffset) >= 0) {
                continue;
            }
            String key = name;
            if (delimiter != null) {
                int d = name.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    key = name.substring(0, d + delimiter.length());
                }
            }
            // keys (names, or prefixes cut at the delimiter) come in ascending order: resume after the last one
            if (after != null && key.compareTo(after) <= 0) {
                continue;
            }
            boolean isPrefix = !key.equals(name);
            if (isPrefix && prefixes.contains(key)) {
                continue;
            }
            if (names.size() + prefixes.size() >= pageSize) {
                more = true;
                break;
            }
            if (isPrefix) {
                prefixes.add(key);
                if (includeTrailingDelimiter && store.find(bucket, key.substring(0, key.length()
                        - delimiter.length())).isPresent()) {
                    // an object named like the folder itself is listed too when asked for
                    names.add(key.substring(0, key.length() - delimiter.length()));
                }
            } else {
                names.add(name);
            }
            last = key;
        }

        String base = GcsHttp.baseUrl(req);
        JsonObject out = new JsonObject();
        out.addProperty("kind", "storage#objects");
        JsonArray items = new JsonArray();
        for (String name : names) {
            store.find(bucket, name).ifPresent(o -> items.add(o.toResource(base)));
        }
        if (!items.isEmpty()) {
            out.add("items", items);
        }
        if (!prefixes.isEmpty()) {
            JsonArray p = new JsonArray();
            prefixes.forEach(p::add);
            out.add("prefixes", p);
        }
        if (more && last != null) {
            out.addProperty("nextPageToken",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        GcsHttp.writeJson(resp, 200, out);
    }

    void get(HttpServletRequest req, HttpServletResponse resp, String bucket, String name, Map<String, String> query,
             boolean media) throws IOException {
        Long generation = GcsHttp.longParam(query, "generation");
        GcsStore.Opened opened = store.open(bucket, name, generation);
        try (var channel = opened.content()) {
            GcsObject object = opened.object();
            GcsHttp.preconditions(query).check(object);
            if (!media && !"media".equals(query.get("alt"))) {
                GcsHttp.writeJson(resp, 200, object.toResource(GcsHttp.baseUrl(req)));
                return;
            }
            long size = channel.size();
            ByteRange range = ByteRange.parse(req.getHeader("Range"), size);
            resp.setContentType(object.contentType());
            resp.setHeader("ETag", "\"" + object.etag() + "\"");
            resp.setHeader("x-goog-generation", Long.toString(object.generation()));
            resp.setHeader("x-goog-metageneration", Long.toString(object.metageneration()));
            resp.setHeader("x-goog-stored-content-length", Long.toString(size));
            String storedEncoding = object.attributes().contentEncoding();
            resp.setHeader("x-goog-stored-content-encoding", storedEncoding == null ? "identity" : storedEncoding);
            resp.setHeader("x-goog-storage-class", GcsObject.STORAGE_CLASS);
            resp.setHeader("x-goog-hash", "crc32c=" + object.crc32c() + ",md5=" + object.md5Hash());
            resp.setHeader("Accept-Ranges", "bytes");
            resp.setDateHeader("Last-Modified", Instant.parse(object.updated()).toEpochMilli());
            if (object.attributes().contentDisposition() != null) {
                resp.setHeader("Content-Disposition", object.attributes().contentDisposition());
            }
            if (object.attributes().cacheControl() != null) {
                resp.setHeader("Cache-Control", object.attributes().cacheControl());
            }
            long first = 0;
            long length = size;
            if (range != null) {
                resp.setStatus(206);
                resp.setHeader("Content-Range", range.contentRange());
                first = range.first();
                length = range.length();
            } else {
                resp.setStatus(200);
            }
            resp.setContentLengthLong(length);
            if ("HEAD".equals(req.getMethod())) {
                return;
            }
            channel.position(first);
            InputStream in = Channels.newInputStream(channel);
            OutputStream out = resp.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    void delete(HttpServletResponse resp, String bucket, String name, Map<String, String> query) throws IOException {
        store.delete(bucket, name, GcsHttp.longParam(query, "generation"), GcsHttp.preconditions(query));
        resp.setStatus(204);
    }

    /** PATCH merges the given fields; PUT (update) replaces every writable field. */
    void patch(HttpServletRequest req, HttpServletResponse resp, String bucket, String name, Map<String, String> query,
               boolean replace) throws IOException {
        JsonObject body = GcsHttp.jsonBody(req);
        JsonObject changes = body == null ? new JsonObject() : body;
        GcsObject updated = store.updateAttributes(bucket, name, GcsHttp.longParam(query, "generation"),
                GcsHttp.preconditions(query), current -> replace
                        ? ObjectAttributes.fromJson(changes).withDefaultContentType(current.contentType())
                        : current.patchedWith(changes));
        GcsHttp.writeJson(resp, 200, updated.toResource(GcsHttp.baseUrl(req)));
    }

    /**
     * {@code copyTo} and {@code rewriteTo}: the whole object is copied in one call, so a rewrite is always
     * {@code done}. A request body replaces the destination's metadata, as in Cloud Storage.
     */
    void copy(HttpServletRequest req, HttpServletResponse resp, String srcBucket, String srcName, String dstBucket,
              String dstName, Map<String, String> query, boolean rewrite) throws IOException {
        store.requireBucket(dstBucket);
        GcsNames.requireObject(dstName);
        JsonObject body = GcsHttp.jsonBody(req);
        Path staged = store.newTempFile();
        try {
            GcsStore.Opened source = store.open(srcBucket, srcName, GcsHttp.longParam(query, "sourceGeneration"));
            try (var channel = source.content()) {
                GcsHttp.sourcePreconditions(query).check(source.object());
                Files.copy(Channels.newInputStream(channel), staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            GcsObject src = source.object();
            ObjectAttributes attributes = body == null || body.entrySet().isEmpty()
                    ? src.attributes()
                    : ObjectAttributes.fromJson(body).withDefaultContentType(src.contentType());
            ContentHashes hashes = new ContentHashes(src.size(), src.md5Hash(), src.crc32c());
            GcsObject copy = store.commit(dstBucket, dstName, staged, hashes, attributes, GcsHttp.preconditions(query));
            JsonObject resource = copy.toResource(GcsHttp.baseUrl(req));
            if (!rewrite) {
                GcsHttp.writeJson(resp, 200, resource);
                return;
            }
            JsonObject out = new JsonObject();
            out.addProperty("kind", "storage#rewriteResponse");
            out.addProperty("totalBytesRewritten", Long.toString(copy.size()));
            out.addProperty("objectSize", Long.toString(copy.size()));
            out.addProperty("done", true);
            out.add("resource", resource);
            GcsHttp.writeJson(resp, 200, out);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** Concatenates up to 32 source objects of the bucket into the destination. */
    void compose(HttpServletRequest req, HttpServletResponse resp, String bucket, String dstName,
                 Map<String, String> query) throws IOException {
        store.requireBucket(bucket);
        GcsNames.requireObject(dstName);
        JsonObject body = GcsHttp.jsonBody(req);
        if (body == null || !body.has("sourceObjects") || !body.get("sourceObjects").isJsonArray()
                || body.getAsJsonArray("sourceObjects").isEmpty()) {
            throw GoogleError.invalidArgument("Required field 'sourceObjects' is missing");
        }
        JsonArray sources = body.getAsJsonArray("sourceObjects");
        if (sources.size() > 32) {
            throw GoogleError.invalidArgument("The number of source components provided (" + sources.size()
                    + ") exceeds the maximum (32)");
        }
        Path staged = store.newTempFile();
        try {
            ContentHashes.Hasher hasher = new ContentHashes.Hasher();
            String firstType = null;
            try (OutputStream out = hasher.sink(Files.newOutputStream(staged))) {
                for (JsonElement e : sources) {
                    JsonObject source = e.getAsJsonObject();
                    String name = source.has("name") ? source.get("name").getAsString() : null;
                    GcsNames.requireObject(name);
                    Long generation = source.has("generation") ? source.get("generation").getAsLong() : null;
                    GcsStore.Opened opened = store.open(bucket, name, generation);
                    try (var channel = opened.content()) {
                        JsonObject pre = source.getAsJsonObject("objectPreconditions");
                        if (pre != null && pre.has("ifGenerationMatch")
                                && pre.get("ifGenerationMatch").getAsLong() != opened.object().generation()) {
                            throw Preconditions.failed("ifGenerationMatch of " + name);
                        }
                        if (firstType == null) {
                            firstType = opened.object().contentType();
                        }
                        Channels.newInputStream(channel).transferTo(out);
                    }
                }
            }
            JsonObject destination = body.getAsJsonObject("destination");
            ObjectAttributes attributes = ObjectAttributes.fromJson(destination).withDefaultContentType(firstType);
            GcsObject composed = store.commit(bucket, dstName, staged, hasher.result(), attributes,
                    GcsHttp.preconditions(query));
            GcsHttp.writeJson(resp, 200, composed.toResource(GcsHttp.baseUrl(req)));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private static String decodePageToken(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GoogleError.invalidArgument("Invalid pageToken");
        }
    }
}
