package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

/**
 * JSON in both vocabularies: Google's API models (through the client's own JSON factory, so field names and int64
 * strings are Google's) and plain Maps and Lists for DICOM JSON and for users who prefer them.
 */
final class Json {

    static final JsonFactory MODELS = GsonFactory.getDefaultInstance();

    private static final Gson PLAIN = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .serializeNulls()
            .disableHtmlEscaping()
            .create();
    private static final Type MAP = new TypeToken<Map<String, Object>>() {
    }.getType();
    private static final Type LIST_OF_MAPS = new TypeToken<List<Map<String, Object>>>() {
    }.getType();

    private Json() {
    }

    static String toJson(GenericJson model) {
        try {
            return MODELS.toString(model);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + model.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String toJson(Object plain) {
        return PLAIN.toJson(plain);
    }

    static Map<String, Object> toMap(GenericJson model) {
        return PLAIN.fromJson(toJson(model), MAP);
    }

    static Map<String, Object> parseObject(String json) {
        try {
            Map<String, Object> map = PLAIN.fromJson(json, MAP);
            if (map == null) {
                throw new IllegalArgumentException("expected a JSON object, got nothing");
            }
            return map;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /** A DICOM JSON array of datasets; an empty body (204 No Content) is no results. */
    static List<Map<String, Object>> parseDatasets(InputStream in) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            List<Map<String, Object>> list = PLAIN.fromJson(reader, LIST_OF_MAPS);
            return list == null ? new java.util.ArrayList<>() : list;
        } catch (JsonParseException e) {
            throw new IOException("Google returned malformed DICOM JSON: " + e.getMessage(), e);
        }
    }

    static List<Map<String, Object>> parseDatasets(String json) {
        List<Map<String, Object>> list = PLAIN.fromJson(json, LIST_OF_MAPS);
        return list == null ? new java.util.ArrayList<>() : list;
    }

    static <T> T parseModel(String json, Class<T> type) {
        try {
            return MODELS.fromString(json, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }

    /** A model from the model itself, its JSON, or a Map of its fields. */
    @SuppressWarnings("unchecked")
    static <T extends GenericJson> T toModel(Object body, Class<T> type) {
        if (type.isInstance(body)) {
            return (T) body;
        }
        if (body instanceof GenericJson json) {
            return parseModel(toJson(json), type);
        }
        if (body instanceof Map<?, ?> map) {
            return parseModel(PLAIN.toJson(map), type);
        }
        if (body instanceof CharSequence text) {
            return parseModel(text.toString(), type);
        }
        if (body instanceof byte[] bytes) {
            return parseModel(new String(bytes, StandardCharsets.UTF_8), type);
        }
        throw new IllegalArgumentException("cannot make a " + type.getSimpleName() + " of a "
                                           + (body == null ? "null body" : body.getClass().getName())
                                           + ": give the model, its JSON or a Map");
    }
}
