package org.dicompipe.emulator.healthcare;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.GenericData;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dicompipe.emulator.http.GoogleError;

/**
 * Reads and writes Google's generated API models with the same JSON factory Google's clients use, so names,
 * enums and number encodings (int64 as strings) are exactly Google's.
 */
public final class ApiJson {

    private static final JsonFactory JSON = GsonFactory.getDefaultInstance();

    private ApiJson() {
    }

    /**
     * Parses a request body. Unknown field names are refused as the API does ("Invalid JSON payload received.
     * Unknown name ...") rather than silently dropped.
     */
    public static <T extends GenericJson> T parseRequest(InputStream body, Class<T> type) {
        T value;
        try {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(body, 1);
            int first = in.read();
            if (first < 0) {
                // an empty body is an empty message, as the API treats it
                return type.getDeclaredConstructor().newInstance();
            }
            in.unread(first);
            value = JSON.createJsonParser(in, StandardCharsets.UTF_8).parse(type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } catch (GoogleError e) {
            throw e;
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw GoogleError.invalidArgument("Invalid JSON payload received. " + e.getMessage());
        }
        if (value == null) {
            try {
                value = type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        rejectUnknownFields(value, "");
        return value;
    }

    private static void rejectUnknownFields(Object value, String path) {
        if (value instanceof GenericJson json && !json.getClass().equals(GenericJson.class)) {
            if (!json.getUnknownKeys().isEmpty()) {
                String name = json.getUnknownKeys().keySet().iterator().next();
                throw GoogleError.invalidArgument("Invalid JSON payload received. Unknown name \"" + name + "\""
                        + (path.isEmpty() ? "" : " at '" + path + "'") + ": Cannot find field.");
            }
            for (Map.Entry<String, Object> e : json.entrySet()) {
                rejectUnknownFields(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                rejectUnknownFields(item, path);
            }
        } else if (value instanceof Map<?, ?> map && !(value instanceof GenericData)) {
            for (Object item : map.values()) {
                rejectUnknownFields(item, path);
            }
        }
    }

    public static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.fromString(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(Object model) {
        try {
            return JSON.toString(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model as a plain map with {@code @type} first: the form of Operation.metadata and Operation.response. */
    public static Map<String, Object> asAny(String typeUrl, Object model) {
        Map<String, Object> any = new LinkedHashMap<>();
        any.put("@type", typeUrl);
        if (model != null) {
            GenericJson plain = parse(toString(model), GenericJson.class);
            any.putAll(plain);
        }
        return any;
    }

    /** Writes a 200 response with the model in Google's JSON. */
    public static void write(HttpServletResponse resp, Object model) throws IOException {
        byte[] body = toPrettyString(model).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("application/json; charset=UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static String toPrettyString(Object model) {
        try {
            return JSON.toPrettyString(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
