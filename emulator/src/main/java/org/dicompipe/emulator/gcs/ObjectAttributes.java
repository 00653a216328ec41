package org.dicompipe.emulator.gcs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The writable part of an object resource: what a client may set on upload, copy, patch or update.
 * Unset fields are null; {@code metadata} is never null.
 */
public record ObjectAttributes(String contentType, String contentEncoding, String contentDisposition,
                               String contentLanguage, String cacheControl, String customTime,
                               Map<String, String> metadata) {

    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public ObjectAttributes {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static ObjectAttributes empty() {
        return new ObjectAttributes(null, null, null, null, null, null, Map.of());
    }

    public static ObjectAttributes ofContentType(String contentType) {
        return new ObjectAttributes(contentType, null, null, null, null, null, Map.of());
    }

    /** Reads the writable fields of an object resource; null values in "metadata" are dropped. */
    public static ObjectAttributes fromJson(JsonObject resource) {
        if (resource == null) {
            return empty();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonElement meta = resource.get("metadata");
        if (meta != null && meta.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : meta.getAsJsonObject().entrySet()) {
                if (!e.getValue().isJsonNull()) {
                    metadata.put(e.getKey(), e.getValue().getAsString());
                }
            }
        } else if (meta != null && !meta.isJsonNull()) {
            throw GoogleError.invalidArgument("Invalid value for metadata: must be an object of strings");
        }
        return new ObjectAttributes(string(resource, "contentType"), string(resource, "contentEncoding"),
                string(resource, "contentDisposition"), string(resource, "contentLanguage"),
                string(resource, "cacheControl"), time(resource, "customTime"), metadata);
    }

    /**
     * Patch semantics: fields present in {@code patch} replace ours (JSON null clears them), metadata keys are
     * merged and a null value removes a key.
     */
    public ObjectAttributes patchedWith(JsonObject patch) {
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        JsonElement meta = patch.get("metadata");
        if (meta != null && meta.isJsonNull()) {
            merged.clear();
        } else if (meta != null && meta.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : meta.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonNull()) {
                    merged.remove(e.getKey());
                } else {
                    merged.put(e.getKey(), e.getValue().getAsString());
                }
            }
        } else if (meta != null) {
            throw GoogleError.invalidArgument("Invalid value for metadata: must be an object of strings");
        }
        return new ObjectAttributes(
                patch.has("contentType") ? string(patch, "contentType") : contentType,
                patch.has("contentEncoding") ? string(patch, "contentEncoding") : contentEncoding,
                patch.has("contentDisposition") ? string(patch, "contentDisposition") : contentDisposition,
                patch.has("contentLanguage") ? string(patch, "contentLanguage") : contentLanguage,
                patch.has("cacheControl") ? string(patch, "cacheControl") : cacheControl,
                patch.has("customTime") ? time(patch, "customTime") : customTime,
                merged);
    }

    /** This, with the content type filled in when the request did not give one. */
    public ObjectAttributes withDefaultContentType(String fallback) {
        if (contentType != null && !contentType.isBlank()) {
            return this;
        }
        String type = fallback == null || fallback.isBlank() ? DEFAULT_CONTENT_TYPE : fallback;
        return new ObjectAttributes(type, contentEncoding, contentDisposition, contentLanguage, cacheControl,
                customTime, metadata);
    }

    void writeTo(JsonObject resource) {
        put(resource, "contentType", contentType);
        put(resource, "contentEncoding", contentEncoding);
        put(resource, "contentDisposition", contentDisposition);
        put(resource, "contentLanguage", contentLanguage);
        put(resource, "cacheControl", cacheControl);
        put(resource, "customTime", customTime);
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            resource.add("metadata", meta);
        }
    }

    private static void put(JsonObject resource, String key, String value) {
        if (value != null) {
            resource.addProperty(key, value);
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw GoogleError.invalidArgument("Invalid value for " + key + ": must be a string");
        }
        return e.getAsString();
    }

    private static String time(JsonObject o, String key) {
        String value = string(o, key);
        if (value == null) {
            return null;
        }
        try {
            return Rfc3339.format(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw GoogleError.invalidArgument("Invalid value for " + key + ": '" + value + "' is not an RFC 3339 time");
        }
    }
}
