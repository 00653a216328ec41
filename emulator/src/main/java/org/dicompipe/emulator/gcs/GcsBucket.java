package org.dicompipe.emulator.gcs;

import com.google.gson.JsonObject;
import java.util.Map;

/** A bucket as the emulator keeps it; folders found without a sidecar get {@link #defaults}. */
public record GcsBucket(String name, String project, String location, String storageClass, long metageneration,
                        String timeCreated, String updated, Map<String, String> labels) {

    public GcsBucket {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    static GcsBucket defaults(String name, String time) {
        return new GcsBucket(name, null, "US", GcsObject.STORAGE_CLASS, 1, time, time, Map.of());
    }

    /** The JSON API bucket resource ({@code storage#bucket}). */
    public JsonObject toResource(String baseUrl) {
        JsonObject b = new JsonObject();
        b.addProperty("kind", "storage#bucket");
        b.addProperty("id", name);
        b.addProperty("selfLink", baseUrl + "storage/v1/b/" + name);
        b.addProperty("projectNumber", "0");
        b.addProperty("name", name);
        b.addProperty("timeCreated", timeCreated);
        b.addProperty("updated", updated);
        b.addProperty("metageneration", Long.toString(metageneration));
        b.addProperty("location", location);
        b.addProperty("locationType", location.contains("-") ? "region" : "multi-region");
        b.addProperty("storageClass", storageClass);
        b.addProperty("etag", "C" + metageneration + "E=");
        if (!labels.isEmpty()) {
            JsonObject l = new JsonObject();
            labels.forEach(l::addProperty);
            b.add("labels", l);
        }
        return b;
    }
}
