package org.dicompipe.emulator.gcs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.dicompipe.emulator.http.GoogleError;

/** Request and response plumbing shared by the Cloud Storage handlers. */
final class GcsHttp {

    private static final int MAX_JSON_BYTES = 4 * 1024 * 1024;

    private GcsHttp() {
    }

    /** Query parameters from the raw query string (the body is never read as a form). */
    static Map<String, String> query(HttpServletRequest req) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = req.getQueryString();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    /**
     * The raw (still percent-encoded) request path with leading slashes collapsed: Google's clients built with a
     * host ending in '/' send the batch endpoint as {@code //batch/storage/v1}.
     */
    static String rawPath(HttpServletRequest req) {
        String raw = req.getRequestURI();
        int i = 0;
        while (i + 1 < raw.length() && raw.charAt(i) == '/' && raw.charAt(i + 1) == '/') {
            i++;
        }
        return raw.substring(i);
    }

    /** The path segments after {@code prefix} in the raw request URI, each percent-decoded on its own. */
    static List<String> segments(HttpServletRequest req, String prefix) {
        String raw = rawPath(req);
        String rest = raw.length() > prefix.length() ? raw.substring(prefix.length()) : "";
        List<String> out = new ArrayList<>();
        if (rest.isEmpty()) {
            return out;
        }
        for (String s : rest.split("/", -1)) {
            out.add(decode(s, false));
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Strict percent-decoding to UTF-8; '+' means space only in query strings. */
    static String decode(String s, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw GoogleError.invalidArgument("Invalid percent-encoding in the request URI");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw GoogleError.invalidArgument("Invalid percent-encoding in the request URI");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw GoogleError.invalidArgument("The request URI is not valid UTF-8");
        }
    }

    static Long longParam(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw GoogleError.invalidArgument("Invalid value for " + name + ": " + v);
        }
    }

    static Preconditions preconditions(Map<String, String> query) {
        return new Preconditions(longParam(query, "ifGenerationMatch"), longParam(query, "ifGenerationNotMatch"),
                longParam(query, "ifMetagenerationMatch"), longParam(query, "ifMetagenerationNotMatch"));
    }

    static Preconditions sourcePreconditions(Map<String, String> query) {
        return new Preconditions(longParam(query, "ifSourceGenerationMatch"),
                longParam(query, "ifSourceGenerationNotMatch"), longParam(query, "ifSourceMetagenerationMatch"),
                longParam(query, "ifSourceMetagenerationNotMatch"));
    }

    /** The request body, un-gzipped when the client compressed it, refused with 413 beyond {@code maxBytes}. */
    static InputStream body(HttpServletRequest req, long maxBytes) throws IOException {
        InputStream in = req.getInputStream();
        String encoding = req.getHeader("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            in = new GZIPInputStream(in, 64 * 1024);
        }
        return new LimitedInputStream(in, maxBytes);
    }

    /** A JSON object body, or null when the body is empty. */
    static JsonObject jsonBody(HttpServletRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = body(req, MAX_JSON_BYTES)) {
            bytes = in.readAllBytes();
        }
        return parseJsonObject(bytes);
    }

    static JsonObject parseJsonObject(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw GoogleError.invalidArgument("The request body must be a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw GoogleError.invalidArgument("Parse Error: the request body is not valid JSON");
        }
    }

    static void writeJson(HttpServletResponse resp, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json; charset=UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** {@code scheme://host:port/} as the client addressed us, for self links and upload session URLs. */
    static String baseUrl(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = req.getServerName() + ":" + req.getServerPort();
        }
        return req.getScheme() + "://" + host + "/";
    }

    /** Cloud Storage's error body: Google's {code, message, status} plus the {@code errors[]} list with a reason. */
    static void writeError(HttpServletResponse resp, GoogleError error) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        JsonObject body = error.toJson();
        JsonObject detail = new JsonObject();
        detail.addProperty("message", error.getMessage());
        detail.addProperty("domain", "global");
        detail.addProperty("reason", reason(error.httpCode()));
        JsonArray errors = new JsonArray();
        errors.add(detail);
        body.getAsJsonObject("error").add("errors", errors);
        writeJson(resp, error.httpCode(), body);
    }

    private static String reason(int code) {
        return switch (code) {
            case 400 -> "invalid";
            case 404 -> "notFound";
            case 409 -> "conflict";
            case 412 -> "conditionNotMet";
            case 413 -> "uploadTooLarge";
            case 416 -> "requestedRangeNotSatisfiable";
            case 501 -> "notImplemented";
            default -> "backendError";
        };
    }

    /** Counts bytes and fails with 413 once more than the limit arrive. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            count += n;
            if (count > limit) {
                throw GoogleError.payloadTooLarge("The request is larger than the emulator's limit of " + limit
                        + " bytes");
            }
        }
    }
}
