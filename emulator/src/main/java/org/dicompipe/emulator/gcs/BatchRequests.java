package org.dicompipe.emulator.gcs;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * {@code POST /batch/storage/v1}: a {@code multipart/mixed} body of {@code application/http} parts, each one JSON
 * API request. Each is served by the storage servlet as if it had arrived alone, and the answers go back as the
 * parts of a {@code multipart/mixed} response in the same order. Google's clients use this for
 * {@code storage.delete(BlobId...)}, {@code get(BlobId...)} and {@code update(BlobInfo...)}.
 */
final class BatchRequests {

    static final String PATH = "/batch/storage/v1";
    private static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;
    private static final int MAX_PARTS = 1000;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]+) (\\S+)(?: HTTP/\\d\\.\\d)?");

    private BatchRequests() {
    }

    static void serve(HttpServletRequest req, HttpServletResponse resp, HttpServlet single) throws IOException {
        String contentType = req.getContentType();
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (m == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed") || !m.find()) {
            throw GoogleError.invalidArgument("A batch request needs Content-Type multipart/mixed with a boundary");
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(1);
        byte[] body;
        try (InputStream in = GcsHttp.body(req, MAX_BATCH_BYTES)) {
            body = in.readAllBytes();
        }
        List<byte[]> parts = split(body, boundary);
        if (parts.size() > MAX_PARTS) {
            throw GoogleError.invalidArgument("A batch may hold at most " + MAX_PARTS + " requests");
        }
        String responseBoundary = "batch_" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            Part parsed = Part.parse(part);
            SubRequest subRequest = new SubRequest(req, parsed.request);
            SubResponse subResponse = new SubResponse(resp);
            try {
                single.service(subRequest, subResponse);
            } catch (GoogleError e) {
                GcsHttp.writeError(subResponse, e);
            } catch (jakarta.servlet.ServletException e) {
                GcsHttp.writeError(subResponse, GoogleError.internal("Internal error: " + e.getMessage()));
            }
            ascii(out, "--" + responseBoundary + "\r\nContent-Type: application/http\r\n");
            if (parsed.contentId != null) {
                ascii(out, "Content-ID: <response-" + stripAngles(parsed.contentId) + ">\r\n");
            }
            ascii(out, "\r\n" + subResponse.statusLine() + "\r\n");
            for (Map.Entry<String, String> h : subResponse.headers.entrySet()) {
                ascii(out, h.getKey() + ": " + h.getValue() + "\r\n");
            }
            byte[] content = subResponse.body.toByteArray();
            ascii(out, "Content-Length: " + content.length + "\r\n\r\n");
            out.write(content);
            ascii(out, "\r\n");
        }
        ascii(out, "--" + responseBoundary + "--\r\n");
        resp.setStatus(200);
        resp.setContentType("multipart/mixed; boundary=" + responseBoundary);
        resp.setContentLength(out.size());
        out.writeTo(resp.getOutputStream());
    }

    private static List<byte[]> split(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String dash = "--" + boundary;
        List<byte[]> parts = new ArrayList<>();
        int at = text.indexOf(dash);
        if (at < 0) {
            throw GoogleError.invalidArgument("Malformed batch body: no boundary");
        }
        while (true) {
            int start = at + dash.length();
            if (text.startsWith("--", start)) {
                return parts;
            }
            int next = text.indexOf("\r\n" + dash, start);
            if (next < 0) {
                throw GoogleError.invalidArgument("Malformed batch body: the closing boundary is missing");
            }
            String part = text.substring(start, next);
            if (part.startsWith("\r\n")) {
                part = part.substring(2);
            }
            parts.add(part.getBytes(StandardCharsets.ISO_8859_1));
            at = next + 2;
        }
    }

    private static String stripAngles(String id) {
        String s = id.trim();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** One {@code application/http} part: the part's own headers, then an HTTP request. */
    private record Part(String contentId, Embedded request) {
        static Part parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int partHeadersEnd = text.indexOf("\r\n\r\n");
            if (partHeadersEnd < 0) {
                throw GoogleError.invalidArgument("Malformed batch part: no header end");
            }
            Map<String, String> partHeaders = headers(text.substring(0, partHeadersEnd));
            String http = text.substring(partHeadersEnd + 4);
            int lineEnd = http.indexOf("\r\n");
            String requestLine = lineEnd < 0 ? http : http.substring(0, lineEnd);
            Matcher m = REQUEST_LINE.matcher(requestLine.trim());
            if (!m.matches()) {
                throw GoogleError.invalidArgument("Malformed batch part: bad request line");
            }
            String rest = lineEnd < 0 ? "" : http.substring(lineEnd + 2);
            int headersEnd = rest.indexOf("\r\n\r\n");
            String headerBlock;
            String body;
            if (rest.startsWith("\r\n")) {
                headerBlock = "";
                body = rest.substring(2);
            } else if (headersEnd < 0) {
                headerBlock = rest;
                body = "";
            } else {
                headerBlock = rest.substring(0, headersEnd);
                body = rest.substring(headersEnd + 4);
            }
            URI target;
            try {
                target = URI.create(m.group(2));
            } catch (IllegalArgumentException e) {
                throw GoogleError.invalidArgument("Malformed batch part: bad request URI");
            }
            if (target.getRawPath() == null || target.getRawPath().startsWith("/batch/")) {
                throw GoogleError.invalidArgument("Batch parts must be single JSON API requests");
            }
            return new Part(partHeaders.get("content-id"), new Embedded(m.group(1), target.getRawPath(),
                    target.getRawQuery(), headers(headerBlock), body.getBytes(StandardCharsets.ISO_8859_1)));
        }

        private static Map<String, String> headers(String block) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : block.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            return headers;
        }
    }

    private record Embedded(String method, String path, String query, Map<String, String> headers, byte[] body) {
    }

    /** The embedded request, seen through the servlet API; everything else comes from the batch request. */
    private static final class SubRequest extends HttpServletRequestWrapper {
        private final Embedded embedded;

        SubRequest(HttpServletRequest batch, Embedded embedded) {
            super(batch);
            this.embedded = embedded;
        }

        @Override
        public String getMethod() {
            return embedded.method();
        }

        @Override
        public String getRequestURI() {
            return embedded.path();
        }

        @Override
        public String getQueryString() {
            return embedded.query();
        }

        @Override
        public String getHeader(String name) {
            String value = embedded.headers().get(name.toLowerCase(Locale.ROOT));
            if (value == null && name.equalsIgnoreCase("Host")) {
                return super.getHeader(name);
            }
            return value;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(embedded.headers().keySet());
        }

        @Override
        public String getContentType() {
            return embedded.headers().get("content-type");
        }

        @Override
        public int getContentLength() {
            return embedded.body().length;
        }

        @Override
        public long getContentLengthLong() {
            return embedded.body().length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(embedded.body());
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("batch parts are read blocking");
                }
            };
        }
    }

    /** Collects one part's answer in memory. */
    private static final class SubResponse extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int status = 200;

        SubResponse(HttpServletResponse batch) {
            super(batch);
        }

        String statusLine() {
            return "HTTP/1.1 " + status + " " + reason(status);
        }

        private static String reason(int code) {
            return switch (code) {
                case 200 -> "OK";
                case 204 -> "No Content";
                case 400 -> "Bad Request";
                case 404 -> "Not Found";
                case 409 -> "Conflict";
                case 412 -> "Precondition Failed";
                default -> "Status";
            };
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc) {
            status = sc;
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
        }

        @Override
        public void setHeader(String name, String value) {
            if (!name.equalsIgnoreCase("Content-Length")) {
                headers.put(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            setHeader(name, value);
        }

        @Override
        public void setDateHeader(String name, long date) {
            setHeader(name, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.Instant.ofEpochMilli(date).atZone(java.time.ZoneOffset.UTC)));
        }

        @Override
        public void setContentType(String type) {
            headers.put("Content-Type", type);
        }

        @Override
        public String getContentType() {
            return headers.get("Content-Type");
        }

        @Override
        public void setContentLength(int len) {
            // computed from the collected body
        }

        @Override
        public void setContentLengthLong(long len) {
            // computed from the collected body
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public void resetBuffer() {
            body.reset();
        }

        @Override
        public void reset() {
            body.reset();
            headers.clear();
            status = 200;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new IllegalStateException("batch parts are written blocking");
                }
            };
        }

        @Override
        public PrintWriter getWriter() {
            return new PrintWriter(new java.io.OutputStreamWriter(body, StandardCharsets.UTF_8), true);
        }
    }
}
