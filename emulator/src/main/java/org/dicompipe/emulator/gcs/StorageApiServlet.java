package org.dicompipe.emulator.gcs;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dicompipe.emulator.http.GoogleError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the Cloud Storage JSON API: {@code /storage/v1/...} (metadata, and media with {@code alt=media}),
 * {@code /upload/storage/v1/...} (uploads), {@code /download/storage/v1/...} (media) and {@code /batch/storage/v1}
 * (several requests in one). Object names arrive
 * percent-encoded in one path segment, so the raw URI is split before decoding.
 */
final class StorageApiServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(StorageApiServlet.class);
    static final String API = "/storage/v1/";
    static final String UPLOAD = "/upload/storage/v1/";
    static final String DOWNLOAD = "/download/storage/v1/";

    private final transient BucketsApi buckets;
    private final transient ObjectsApi objects;
    private final transient Uploads uploads;

    StorageApiServlet(BucketsApi buckets, ObjectsApi objects, Uploads uploads) {
        this.buckets = buckets;
        this.objects = objects;
        this.uploads = uploads;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        String override = req.getHeader("X-HTTP-Method-Override");
        if (override != null && method.equals("POST")) {
            method = override.toUpperCase(Locale.ROOT);
        }
        try {
            String uri = GcsHttp.rawPath(req);
            Map<String, String> query = GcsHttp.query(req);
            if (uri.equals(BatchRequests.PATH) && method.equals("POST")) {
                BatchRequests.serve(req, resp, this);
            } else if (uri.startsWith(UPLOAD)) {
                upload(req, resp, method, GcsHttp.segments(req, UPLOAD), query);
            } else if (uri.startsWith(DOWNLOAD)) {
                List<String> p = GcsHttp.segments(req, DOWNLOAD);
                if (p.size() == 4 && p.get(0).equals("b") && p.get(2).equals("o")
                        && (method.equals("GET") || method.equals("HEAD"))) {
                    objects.get(req, resp, p.get(1), p.get(3), query, true);
                } else {
                    throw notFound(method, uri);
                }
            } else if (uri.startsWith(API)) {
                api(req, resp, method, GcsHttp.segments(req, API), query);
            } else {
                throw notFound(method, uri);
            }
        } catch (GoogleError e) {
            GcsHttp.writeError(resp, e);
        } catch (IOException | RuntimeException e) {
            if (isClientGone(e)) {
                return;
            }
            LOG.warn("Cloud Storage request {} failed", req.getMethod(), e);
            GcsHttp.writeError(resp, GoogleError.internal("Internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void upload(HttpServletRequest req, HttpServletResponse resp, String method, List<String> p,
                        Map<String, String> query) throws IOException {
        if (p.size() != 3 || !p.get(0).equals("b") || !p.get(2).equals("o")) {
            throw notFound(method, req.getRequestURI());
        }
        GcsNames.requireBucket(p.get(1));
        if (query.containsKey("upload_id")) {
            switch (method) {
                case "PUT", "POST" -> uploads.put(req, resp, query);
                case "DELETE" -> uploads.cancel(resp, query);
                default -> throw notFound(method, req.getRequestURI());
            }
        } else if (method.equals("POST")) {
            uploads.post(req, resp, p.get(1), query);
        } else {
            throw notFound(method, req.getRequestURI());
        }
    }

    private void api(HttpServletRequest req, HttpServletResponse resp, String method, List<String> p,
                     Map<String, String> query) throws IOException {
        int n = p.size();
        if (n == 0 || !p.get(0).equals("b")) {
            throw notFound(method, req.getRequestURI());
        }
        if (n == 1) {
            switch (method) {
                case "GET" -> buckets.list(req, resp, query);
                case "POST" -> buckets.insert(req, resp, query);
                default -> throw notFound(method, req.getRequestURI());
            }
            return;
        }
        String bucket = GcsNames.requireBucket(p.get(1));
        if (n == 2) {
            switch (method) {
                case "GET" -> buckets.get(req, resp, bucket, query);
                case "PATCH", "PUT" -> buckets.patch(req, resp, bucket, query);
                case "DELETE" -> buckets.delete(resp, bucket, query);
                default -> throw notFound(method, req.getRequestURI());
            }
            return;
        }
        if (p.get(2).equals("notificationConfigs")) {
            if (n == 3 && method.equals("GET")) {
                buckets.listNotifications(req, resp, bucket);
            } else if (n == 3 && method.equals("POST")) {
                buckets.insertNotification(req, resp, bucket);
            } else if (n == 4 && method.equals("GET")) {
                buckets.getNotification(req, resp, bucket, p.get(3));
            } else if (n == 4 && method.equals("DELETE")) {
                buckets.deleteNotification(resp, bucket, p.get(3));
            } else {
                throw notFound(method, req.getRequestURI());
            }
            return;
        }
        if (!p.get(2).equals("o")) {
            throw notFound(method, req.getRequestURI());
        }
        if (n == 3) {
            if (method.equals("GET")) {
                objects.list(req, resp, bucket, query);
                return;
            }
            throw notFound(method, req.getRequestURI());
        }
        String object = GcsNames.requireObject(p.get(3));
        if (n == 4) {
            switch (method) {
                case "GET", "HEAD" -> objects.get(req, resp, bucket, object, query, false);
                case "DELETE" -> objects.delete(resp, bucket, object, query);
                case "PATCH" -> objects.patch(req, resp, bucket, object, query, false);
                case "PUT" -> objects.patch(req, resp, bucket, object, query, true);
                default -> throw notFound(method, req.getRequestURI());
            }
            return;
        }
        if (n == 5 && p.get(4).equals("compose") && method.equals("POST")) {
            objects.compose(req, resp, bucket, object, query);
            return;
        }
        if (n == 9 && (p.get(4).equals("copyTo") || p.get(4).equals("rewriteTo")) && p.get(5).equals("b")
                && p.get(7).equals("o") && method.equals("POST")) {
            String dstBucket = GcsNames.requireBucket(p.get(6));
            String dstObject = GcsNames.requireObject(p.get(8));
            objects.copy(req, resp, bucket, object, dstBucket, dstObject, query, p.get(4).equals("rewriteTo"));
            return;
        }
        throw notFound(method, req.getRequestURI());
    }

    private static GoogleError notFound(String method, String uri) {
        return GoogleError.notFound("Not Found: " + method + " " + uri);
    }

    private static boolean isClientGone(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException) {
                return true;
            }
        }
        return false;
    }
}
