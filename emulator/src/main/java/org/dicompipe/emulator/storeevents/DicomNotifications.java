package org.dicompipe.emulator.storeevents;

import com.google.api.services.healthcare.v1.model.DicomNotificationConfig;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.NotificationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dicompipe.codec.Tags;
import org.dicompipe.emulator.pubsub.PubsubPublisher;

/**
 * The Pub/Sub notifications of a DICOM store, as "Configure DICOM Pub/Sub notifications" describes them: one message
 * per instance whose data is the instance's resource name.
 * <ul>
 * <li>{@code notificationConfigs[]} ({@code DicomNotificationConfig}): every action (StoreInstances,
 * ImportDicomData, SetBlobSettings, DeleteInstances), with the attributes {@code action}, {@code lastUpdatedTime}
 * (RFC 1123), {@code storeName}, {@code studyInstanceUID}, {@code seriesInstanceUID}, {@code sopInstanceUID},
 * {@code versionId}, {@code modality}, {@code storageClass} and, for a storage class change,
 * {@code previousStorageClass}.</li>
 * <li>the deprecated {@code notificationConfig}: StoreInstances, and ImportDicomData only when
 * {@code sendForBulkImport} is true; no attributes. An empty topic sends nothing.</li>
 * </ul>
 * Publishing never fails the caller: {@link PubsubPublisher} logs a failure with the topic only.
 */
final class DicomNotifications {

    /** "Mon, 01 Jan 2020 00:00:00 UTC", the documented example of lastUpdatedTime. */
    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", java.util.Locale.US).withZone(ZoneOffset.UTC);

    private final PubsubPublisher publisher;

    DicomNotifications(PubsubPublisher publisher) {
        this.publisher = publisher;
    }

    static boolean wanted(DicomStore store) {
        return (store.getNotificationConfigs() != null && !store.getNotificationConfigs().isEmpty())
                || (store.getNotificationConfig() != null && hasTopic(store.getNotificationConfig().getPubsubTopic()));
    }

    void publish(DicomStore store, StoreEvent event) {
        byte[] data = event.instanceName().getBytes(StandardCharsets.UTF_8);
        if (store.getNotificationConfigs() != null) {
            Map<String, String> attributes = attributes(event);
            for (DicomNotificationConfig config : store.getNotificationConfigs()) {
                if (hasTopic(config.getPubsubTopic())) {
                    publisher.publish(config.getPubsubTopic(), data, attributes);
                }
            }
        }
        NotificationConfig legacy = store.getNotificationConfig();
        if (legacy != null && hasTopic(legacy.getPubsubTopic()) && legacySends(legacy, event.action())) {
            publisher.publish(legacy.getPubsubTopic(), data, Map.of());
        }
    }

    private static boolean legacySends(NotificationConfig config, StoreEvent.Action action) {
        return switch (action) {
            case STORE -> true;
            case IMPORT -> Boolean.TRUE.equals(config.getSendForBulkImport());
            default -> false;
        };
    }

    static Map<String, String> attributes(StoreEvent event) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("action", event.action().attribute);
        a.put("lastUpdatedTime", RFC_1123.format(event.time()));
        a.put("storeName", event.store().toString());
        a.put("studyInstanceUID", event.key().study());
        a.put("seriesInstanceUID", event.key().series());
        a.put("sopInstanceUID", event.key().instance());
        a.put("versionId", versionId(event.time()));
        String modality = event.metadata() == null ? null : event.metadata().getString(Tags.Modality);
        if (modality != null && !modality.isBlank()) {
            a.put("modality", modality.strip());
        }
        if (event.storageClass() != null) {
            a.put("storageClass", event.storageClass());
        }
        if (event.previousStorageClass() != null) {
            a.put("previousStorageClass", event.previousStorageClass());
        }
        return a;
    }

    /**
     * The version id Google shows: unpadded base64 of the version's time in epoch nanoseconds as decimal text (the
     * documented example MTY4MzA2MDQzOTI5NjIxMDAwMA is 1683060439296210000).
     */
    static String versionId(Instant time) {
        long nanos = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(nanos)
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean hasTopic(String topic) {
        return topic != null && !topic.isEmpty();
    }
}
