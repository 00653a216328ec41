package org.dicompipe.emulator.healthcare.dicomstores;

import com.google.api.services.healthcare.v1.model.DicomNotificationConfig;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomStreamConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/**
 * What a client may set on a DicomStore (create and patch): validation of the settable fields and the
 * {@code updateMask} of dicomStores.patch.
 */
public final class DicomStoreFields {

    private static final Pattern PUBSUB_TOPIC = Pattern.compile("projects/[^/]+/topics/[^/]+");
    private static final Pattern BIGQUERY_TABLE = Pattern.compile("bq://[^./]+\\.[^./]+\\.[^./]+");

    private DicomStoreFields() {
    }

    /** Checks every settable field of {@code store}; throws INVALID_ARGUMENT naming the first bad one. */
    public static void validate(DicomStore store) {
        Labels.validate(store.getLabels());
        if (store.getNotificationConfig() != null) {
            requireTopic("notificationConfig.pubsubTopic", store.getNotificationConfig().getPubsubTopic(), true);
        }
        if (store.getNotificationConfigs() != null) {
            for (DicomNotificationConfig config : store.getNotificationConfigs()) {
                requireTopic("notificationConfigs.pubsubTopic", config.getPubsubTopic(), false);
            }
        }
        if (store.getStreamConfigs() != null) {
            for (GoogleCloudHealthcareV1DicomStreamConfig config : store.getStreamConfigs()) {
                String uri = config.getBigqueryDestination() == null ? null : config.getBigqueryDestination().getTableUri();
                if (uri == null || !BIGQUERY_TABLE.matcher(uri).matches()) {
                    throw GoogleError.invalidArgument("streamConfigs.bigqueryDestination.tableUri must be"
                            + " bq://projectId.bqDatasetId.tableId, got \"" + uri + "\"");
                }
                String disposition = config.getBigqueryDestination().getWriteDisposition();
                if (disposition != null && !List.of("WRITE_DISPOSITION_UNSPECIFIED", "WRITE_EMPTY",
                        "WRITE_TRUNCATE", "WRITE_APPEND").contains(disposition)) {
                    throw GoogleError.invalidArgument("invalid streamConfigs.bigqueryDestination.writeDisposition: "
                            + disposition);
                }
            }
        }
    }

    private static void requireTopic(String field, String topic, boolean emptyAllowed) {
        if ((topic == null || topic.isEmpty()) && emptyAllowed) {
            return;
        }
        if (topic == null || !PUBSUB_TOPIC.matcher(topic).matches()) {
            throw GoogleError.invalidArgument(field + " must be projects/{project}/topics/{topic}, got \"" + topic + "\"");
        }
    }

    /** The store fields an updateMask may name, in camelCase (snake_case is accepted too). */
    public enum Path {
        LABELS("labels"), NOTIFICATION_CONFIG("notificationConfig"), NOTIFICATION_CONFIGS("notificationConfigs"),
        STREAM_CONFIGS("streamConfigs");

        private final String json;

        Path(String json) {
            this.json = json;
        }

        static Path of(String path) {
            for (Path p : values()) {
                if (p.json.equals(path) || p.name().toLowerCase(java.util.Locale.ROOT).equals(path)) {
                    return p;
                }
            }
            throw GoogleError.invalidArgument("invalid update_mask path \"" + path + "\": updatable fields are"
                    + " labels, notificationConfig, notificationConfigs, streamConfigs");
        }
    }

    /** Parses the updateMask of dicomStores.patch; it is required and every path must be updatable. */
    public static Set<Path> parseMask(String updateMask) {
        if (updateMask == null || updateMask.isBlank()) {
            throw GoogleError.invalidArgument("update_mask is required and must name at least one field");
        }
        Set<Path> paths = new LinkedHashSet<>();
        for (String p : updateMask.split(",")) {
            paths.add(Path.of(p.trim()));
        }
        return paths;
    }

    /** A copy of {@code current} with the masked fields taken from {@code patch} (absent there means cleared). */
    public static DicomStore apply(DicomStore current, DicomStore patch, Set<Path> mask) {
        DicomStore updated = current.clone();
        for (Path p : mask) {
            switch (p) {
                case LABELS -> updated.setLabels(patch.getLabels());
                case NOTIFICATION_CONFIG -> updated.setNotificationConfig(patch.getNotificationConfig());
                case NOTIFICATION_CONFIGS -> updated.setNotificationConfigs(patch.getNotificationConfigs());
                case STREAM_CONFIGS -> updated.setStreamConfigs(patch.getStreamConfigs());
            }
        }
        return updated;
    }
}
