package org.dicompipe.emulator.gcs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * A bucket notification config ({@code storage#notification}).
 *
 * @param topic      {@code projects/{project}/topics/{topic}}; the resource shows it with the
 *                   {@code //pubsub.googleapis.com/} prefix as Cloud Storage does
 * @param eventTypes empty means every event type
 */
public record NotificationConfig(String id, String topic, List<String> eventTypes, Map<String, String> customAttributes,
                                 String objectNamePrefix, String payloadFormat) {

    public static final String OBJECT_FINALIZE = "OBJECT_FINALIZE";
    public static final String OBJECT_METADATA_UPDATE = "OBJECT_METADATA_UPDATE";
    public static final String OBJECT_DELETE = "OBJECT_DELETE";
    public static final String OBJECT_ARCHIVE = "OBJECT_ARCHIVE";
    public static final String JSON_API_V1 = "JSON_API_V1";
    public static final String NONE = "NONE";

    private static final Set<String> EVENT_TYPES = Set.of(OBJECT_FINALIZE, OBJECT_METADATA_UPDATE, OBJECT_DELETE,
            OBJECT_ARCHIVE);
    private static final String PUBSUB_PREFIX = "//pubsub.googleapis.com/";
    private static final Pattern TOPIC = Pattern.compile("projects/[a-z][a-z0-9.:\\-]{0,62}/topics/[A-Za-z][A-Za-z0-9\\-_.~+%]{2,254}");

    public NotificationConfig {
        eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
        customAttributes = customAttributes == null ? Map.of() : Map.copyOf(customAttributes);
    }

    /** Validates a notification resource sent by a client; 400 names what is wrong. */
    static NotificationConfig fromRequest(String id, JsonObject body) {
        if (body == null) {
            throw GoogleError.invalidArgument("Required field 'topic' is missing");
        }
        String topic = string(body, "topic");
        if (topic == null || topic.isBlank()) {
            throw GoogleError.invalidArgument("Required field 'topic' is missing");
        }
        if (topic.startsWith(PUBSUB_PREFIX)) {
            topic = topic.substring(PUBSUB_PREFIX.length());
        }
        if (!TOPIC.matcher(topic).matches()) {
            throw GoogleError.invalidArgument("Invalid Cloud Pub/Sub topic name: '" + string(body, "topic") + "'");
        }
        String format = string(body, "payload_format");
        if (format == null) {
            format = JSON_API_V1;
        } else if (!format.equals(JSON_API_V1) && !format.equals(NONE)) {
            throw GoogleError.invalidArgument("Invalid payload_format: '" + format + "' (JSON_API_V1 or NONE)");
        }
        List<String> types = new java.util.ArrayList<>();
        JsonElement t = body.get("event_types");
        if (t != null && t.isJsonArray()) {
            for (JsonElement e : t.getAsJsonArray()) {
                String type = e.getAsString();
                if (!EVENT_TYPES.contains(type)) {
                    throw GoogleError.invalidArgument("Invalid event type: '" + type + "'");
                }
                types.add(type);
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonElement a = body.get("custom_attributes");
        if (a != null && a.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : a.getAsJsonObject().entrySet()) {
                attributes.put(e.getKey(), e.getValue().getAsString());
            }
        }
        return new NotificationConfig(id, topic, types, attributes, string(body, "object_name_prefix"), format);
    }

    /** Whether an event of this type on this object name is published through this config. */
    boolean matches(String eventType, String objectName) {
        return (eventTypes.isEmpty() || eventTypes.contains(eventType))
                && (objectNamePrefix == null || objectName.startsWith(objectNamePrefix));
    }

    /** {@code projects/_/buckets/{bucket}/notificationConfigs/{id}}, the notificationConfig message attribute. */
    String resourceName(String bucket) {
        return "projects/_/buckets/" + bucket + "/notificationConfigs/" + id;
    }

    JsonObject toResource(String bucket, String baseUrl) {
        JsonObject n = new JsonObject();
        n.addProperty("kind", "storage#notification");
        n.addProperty("id", id);
        n.addProperty("selfLink", baseUrl + "storage/v1/b/" + bucket + "/notificationConfigs/" + id);
        n.addProperty("topic", PUBSUB_PREFIX + topic);
        n.addProperty("payload_format", payloadFormat);
        n.addProperty("etag", id);
        if (!eventTypes.isEmpty()) {
            JsonArray types = new JsonArray();
            eventTypes.forEach(types::add);
            n.add("event_types", types);
        }
        if (!customAttributes.isEmpty()) {
            JsonObject attrs = new JsonObject();
            customAttributes.forEach(attrs::addProperty);
            n.add("custom_attributes", attrs);
        }
        if (objectNamePrefix != null) {
            n.addProperty("object_name_prefix", objectNamePrefix);
        }
        return n;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
