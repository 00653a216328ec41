package org.dicompipe.camel.dicomstore;

import java.util.Map;

import com.google.api.client.json.GenericJson;
import org.apache.camel.Converter;

/** Google's API models (DicomStore, Operation, metrics, ...) as JSON text or as a Map, for the rest of a route. */
@Converter(generateLoader = true)
public final class DicomStoreConverters {

    private DicomStoreConverters() {
    }

    @Converter
    public static String toJson(GenericJson model) {
        return Json.toJson(model);
    }

    @Converter
    public static Map<String, Object> toMap(GenericJson model) {
        return Json.toMap(model);
    }
}
