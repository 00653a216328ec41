package org.dicompipe.emulator.gcs;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * {@code POST /upload/storage/v1/b/{bucket}/o?uploadType=media|multipart|resumable} and the resumable session's
 * {@code PUT}s (chunks with Content-Range, status queries, 308 "Resume Incomplete"). Bytes are staged in files
 * below {@code .gcs-meta/}; an object appears only when an upload completes.
 */
final class Uploads {

    private static final Gson GSON = new Gson();
    private static final java.time.Duration SESSION_LIFETIME = java.time.Duration.ofDays(7);
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHUNK = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern QUERY = Pattern.compile("bytes \\*/(\\d+|\\*)");

    private final GcsStore store;
    private final long maxRequestBytes;
    private final Path sessions;
    private final Map<String, Object> sessionLocks = new ConcurrentHashMap<>();

    Uploads(GcsStore store, long maxRequestBytes) throws IOException {
        this.store = store;
        this.maxRequestBytes = maxRequestBytes;
        this.sessions = store.metaDir().resolve("uploads");
        Files.createDirectories(sessions);
        removeExpiredSessions();
    }

    /** Cloud Storage forgets resumable sessions after a week; so does the emulator, at start. */
    private void removeExpiredSessions() throws IOException {
        long expired = System.currentTimeMillis() - SESSION_LIFETIME.toMillis();
        try (var files = Files.list(sessions)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(file).toMillis() < expired) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** A resumable upload in progress (or finished, so that status queries can still be answered). */
    record Session(String id, String bucket, String name, ObjectAttributes attributes, Preconditions preconditions,
                   GcsObject completed) {
        Session completedWith(GcsObject object) {
            return new Session(id, bucket, name, attributes, preconditions, object);
        }
    }

    void post(HttpServletRequest req, HttpServletResponse resp, String bucket, Map<String, String> query)
            throws IOException {
        store.requireBucket(bucket);
        String type = query.getOrDefault("uploadType", "");
        switch (type) {
            case "media" -> media(req, resp, bucket, query);
            case "multipart" -> multipart(req, resp, bucket, query);
            case "resumable" -> startResumable(req, resp, bucket, query);
            default -> throw GoogleError.invalidArgument("Invalid uploadType: '" + type
                    + "' (media, multipart or resumable)");
        }
    }

    private void media(HttpServletRequest req, HttpServletResponse resp, String bucket, Map<String, String> query)
            throws IOException {
        String name = requireName(query.get("name"));
        Path staged = store.newTempFile();
        try {
            ContentHashes hashes;
            try (InputStream in = GcsHttp.body(req, maxRequestBytes)) {
                hashes = stage(in, staged);
            }
            ObjectAttributes attributes = ObjectAttributes.ofContentType(req.getContentType())
                    .withDefaultContentType(null);
            GcsObject object = store.commit(bucket, name, staged, hashes, attributes, GcsHttp.preconditions(query));
            GcsHttp.writeJson(resp, 200, object.toResource(GcsHttp.baseUrl(req)));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private void multipart(HttpServletRequest req, HttpServletResponse resp, String bucket, Map<String, String> query)
            throws IOException {
        Path body = store.newTempFile();
        Path staged = store.newTempFile();
        try {
            try (InputStream in = GcsHttp.body(req, maxRequestBytes)) {
                Files.copy(in, body, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            MultipartRelated.Parts parts = MultipartRelated.split(body, req.getContentType());
            JsonObject resource = GcsHttp.parseJsonObject(parts.metadata());
            String name = requireName(query.getOrDefault("name",
                    resource != null && resource.has("name") ? resource.get("name").getAsString() : null));
            ContentHashes hashes;
            try (InputStream media = parts.openMedia()) {
                hashes = stage(media, staged);
            }
            checkClientHashes(resource, hashes);
            ObjectAttributes attributes = ObjectAttributes.fromJson(resource).withDefaultContentType(parts.mediaType());
            GcsObject object = store.commit(bucket, name, staged, hashes, attributes, GcsHttp.preconditions(query));
            GcsHttp.writeJson(resp, 200, object.toResource(GcsHttp.baseUrl(req)));
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(body);
        }
    }

    private void startResumable(HttpServletRequest req, HttpServletResponse resp, String bucket,
                                Map<String, String> query) throws IOException {
        JsonObject resource = GcsHttp.jsonBody(req);
        String name = requireName(query.getOrDefault("name",
                resource != null && resource.has("name") ? resource.get("name").getAsString() : null));
        Preconditions preconditions = GcsHttp.preconditions(query);
        preconditions.check(store.find(bucket, name).orElse(null));
        ObjectAttributes attributes = ObjectAttributes.fromJson(resource)
                .withDefaultContentType(req.getHeader("X-Upload-Content-Type"));
        String id = UUID.randomUUID().toString().replace("-", "");
        Session session = new Session(id, bucket, name, attributes, preconditions, null);
        Files.createFile(dataFile(id));
        save(session);
        String location = GcsHttp.baseUrl(req) + "upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&name="
                + GcsObject.encodePathSegment(name) + "&upload_id=" + id;
        resp.setStatus(200);
        resp.setHeader("Location", location);
        resp.setHeader("X-GUploader-UploadID", id);
        resp.setContentLength(0);
    }

    /** A PUT to a session URL: a chunk, the final chunk, or a status query. */
    void put(HttpServletRequest req, HttpServletResponse resp, Map<String, String> query) throws IOException {
        String id = requireUploadId(query.get("upload_id"));
        synchronized (sessionLocks.computeIfAbsent(id, k -> new Object())) {
            Session session = load(id);
            String range = req.getHeader("Content-Range");
            if (session.completed() != null) {
                GcsHttp.writeJson(resp, 200, session.completed().toResource(GcsHttp.baseUrl(req)));
                return;
            }
            Path data = dataFile(id);
            long persisted = Files.size(data);
            Long total;
            if (range == null) {
                // the whole object in one request
                Files.write(data, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                try (InputStream in = GcsHttp.body(req, maxRequestBytes)) {
                    persisted = append(in, data);
                }
                total = persisted;
            } else {
                Matcher chunk = CHUNK.matcher(range.trim());
                Matcher status = QUERY.matcher(range.trim());
                if (chunk.matches()) {
                    long first = Long.parseLong(chunk.group(1));
                    long last = Long.parseLong(chunk.group(2));
                    if (last < first) {
                        throw GoogleError.invalidArgument("Invalid Content-Range: " + range);
                    }
                    if (first > persisted) {
                        throw GoogleError.invalidArgument("Invalid request: the Content-Range starts at " + first
                                + " but only " + persisted + " bytes were received so far");
                    }
                    try (InputStream in = GcsHttp.body(req, maxRequestBytes)) {
                        in.skipNBytes(Math.min(persisted - first, last - first + 1));
                        if (persisted <= last) {
                            persisted = append(in, data);
                        } else {
                            in.transferTo(OutputStream.nullOutputStream());
                        }
                    }
                    total = chunk.group(3).equals("*") ? null : Long.valueOf(chunk.group(3));
                } else if (status.matches()) {
                    total = status.group(1).equals("*") ? null : Long.valueOf(status.group(1));
                } else {
                    throw GoogleError.invalidArgument("Invalid Content-Range: " + range);
                }
            }
            if (total != null && total == persisted) {
                finish(req, resp, session, data);
            } else if (total != null && persisted > total) {
                throw GoogleError.invalidArgument("Invalid request: " + persisted
                        + " bytes were received but the Content-Range declares a total of " + total);
            } else {
                resp.setStatus(308);
                if (persisted > 0) {
                    resp.setHeader("Range", "bytes=0-" + (persisted - 1));
                }
                resp.setContentLength(0);
            }
        }
    }

    /** DELETE on a session URL cancels the upload; Cloud Storage answers 499. */
    void cancel(HttpServletResponse resp, Map<String, String> query) throws IOException {
        String id = requireUploadId(query.get("upload_id"));
        synchronized (sessionLocks.computeIfAbsent(id, k -> new Object())) {
            load(id);
            Files.deleteIfExists(dataFile(id));
            Files.deleteIfExists(sessionFile(id));
        }
        sessionLocks.remove(id);
        resp.setStatus(499);
        resp.setContentLength(0);
    }

    private void finish(HttpServletRequest req, HttpServletResponse resp, Session session, Path data)
            throws IOException {
        ContentHashes hashes = ContentHashes.of(data);
        GcsObject object;
        try {
            object = store.commit(session.bucket(), session.name(), data, hashes, session.attributes(),
                    session.preconditions());
        } catch (GoogleError e) {
            // a failed finalisation ends the session, as it does in Cloud Storage
            Files.deleteIfExists(data);
            Files.deleteIfExists(sessionFile(session.id()));
            throw e;
        }
        save(session.completedWith(object));
        GcsHttp.writeJson(resp, 200, object.toResource(GcsHttp.baseUrl(req)));
    }

    private static ContentHashes stage(InputStream in, Path staged) throws IOException {
        ContentHashes.Hasher hasher = new ContentHashes.Hasher();
        try (OutputStream out = hasher.sink(Files.newOutputStream(staged))) {
            in.transferTo(out);
        }
        return hasher.result();
    }

    private static long append(InputStream in, Path data) throws IOException {
        try (OutputStream out = Files.newOutputStream(data, StandardOpenOption.APPEND)) {
            in.transferTo(out);
        }
        return Files.size(data);
    }

    /** When the client sent crc32c or md5Hash with the metadata, the content must match them. */
    private static void checkClientHashes(JsonObject resource, ContentHashes actual) {
        if (resource == null) {
            return;
        }
        if (resource.has("crc32c") && !resource.get("crc32c").getAsString().equals(actual.crc32c())) {
            throw GoogleError.invalidArgument("Provided CRC32C \"" + resource.get("crc32c").getAsString()
                    + "\" doesn't match calculated CRC32C \"" + actual.crc32c() + "\".");
        }
        if (resource.has("md5Hash") && !resource.get("md5Hash").getAsString().equals(actual.md5Hash())) {
            throw GoogleError.invalidArgument("Provided MD5 hash \"" + resource.get("md5Hash").getAsString()
                    + "\" doesn't match calculated MD5 hash \"" + actual.md5Hash() + "\".");
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw GoogleError.invalidArgument("Required parameter: name");
        }
        return GcsNames.requireObject(name);
    }

    private static String requireUploadId(String id) {
        if (id == null || !UPLOAD_ID.matcher(id).matches()) {
            throw GoogleError.notFound("No such upload session: " + id);
        }
        return id;
    }

    private Session load(String id) throws IOException {
        Path file = sessionFile(id);
        if (!Files.isRegularFile(file)) {
            throw GoogleError.notFound("No such upload session: " + id);
        }
        try {
            return GSON.fromJson(Files.readString(file), Session.class);
        } catch (JsonParseException e) {
            throw GoogleError.internal("upload session " + id + " is unreadable");
        }
    }

    private void save(Session session) throws IOException {
        Path staged = Files.createTempFile(sessions, "session-", ".tmp");
        try {
            Files.writeString(staged, GSON.toJson(session));
            Files.move(staged, sessionFile(session.id()), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private Path sessionFile(String id) {
        return sessions.resolve(id + ".json");
    }

    private Path dataFile(String id) {
        return sessions.resolve(id + ".part");
    }
}
