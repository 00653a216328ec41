package org.dicompipe.emulator.gcs;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.pubsub.PubsubPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bucket notification configs and the Pub/Sub messages they cause, in Cloud Storage's JSON_API_V1 format: the
 * object resource as data, and the attributes Cloud Storage sets. Publishing never fails the storage call.
 */
final class BucketNotifications implements GcsStore.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BucketNotifications.class);
    private static final Gson GSON = new Gson();

    private final GcsStore store;
    private final PubsubPublisher publisher;
    private final Supplier<String> baseUrl;

    BucketNotifications(GcsStore store, PubsubPublisher publisher, Supplier<String> baseUrl) {
        this.store = store;
        this.publisher = publisher;
        this.baseUrl = baseUrl;
    }

    NotificationConfig insert(String bucket, com.google.gson.JsonObject body) throws IOException {
        store.requireBucket(bucket);
        synchronized (this) {
            List<NotificationConfig> configs = new ArrayList<>(list(bucket));
            long next = configs.stream().mapToLong(c -> Long.parseLong(c.id())).max().orElse(0) + 1;
            NotificationConfig config = NotificationConfig.fromRequest(Long.toString(next), body);
            configs.add(config);
            store.writeNotifications(bucket, GSON.toJson(configs));
            return config;
        }
    }

    List<NotificationConfig> list(String bucket) throws IOException {
        store.requireBucket(bucket);
        String json = store.readNotifications(bucket);
        if (json == null) {
            return List.of();
        }
        List<NotificationConfig> configs = GSON.fromJson(json, new TypeToken<List<NotificationConfig>>() { }.getType());
        return configs == null ? List.of() : configs;
    }

    NotificationConfig get(String bucket, String id) throws IOException {
        return list(bucket).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> GoogleError.notFound("No such notification config " + id + " on bucket " + bucket));
    }

    synchronized void delete(String bucket, String id) throws IOException {
        List<NotificationConfig> configs = new ArrayList<>(list(bucket));
        if (!configs.removeIf(c -> c.id().equals(id))) {
            throw GoogleError.notFound("No such notification config " + id + " on bucket " + bucket);
        }
        store.writeNotifications(bucket, GSON.toJson(configs));
    }

    @Override
    public void finalized(GcsObject object, GcsObject overwritten) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (overwritten != null) {
            extra.put("overwroteGeneration", Long.toString(overwritten.generation()));
        }
        publish(NotificationConfig.OBJECT_FINALIZE, object, extra);
    }

    @Override
    public void deleted(GcsObject object, Long overwrittenByGeneration) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (overwrittenByGeneration != null) {
            extra.put("overwrittenByGeneration", Long.toString(overwrittenByGeneration));
        }
        publish(NotificationConfig.OBJECT_DELETE, object, extra);
    }

    @Override
    public void metadataUpdated(GcsObject object) {
        publish(NotificationConfig.OBJECT_METADATA_UPDATE, object, Map.of());
    }

    private void publish(String eventType, GcsObject object, Map<String, String> extra) {
        List<NotificationConfig> configs;
        try {
            configs = list(object.bucket());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read notification configs of bucket {}: {}", object.bucket(), e.toString());
            return;
        }
        String eventTime = Rfc3339.format(Instant.now());
        for (NotificationConfig config : configs) {
            if (!config.matches(eventType, object.name())) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>(config.customAttributes());
            attributes.put("notificationConfig", config.resourceName(object.bucket()));
            attributes.put("eventType", eventType);
            attributes.put("payloadFormat", config.payloadFormat());
            attributes.put("bucketId", object.bucket());
            attributes.put("objectId", object.name());
            attributes.put("objectGeneration", Long.toString(object.generation()));
            attributes.put("eventTime", eventTime);
            attributes.putAll(extra);
            byte[] data = config.payloadFormat().equals(NotificationConfig.JSON_API_V1)
                    ? object.toResource(baseUrl.get()).toString().getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            publisher.publish(config.topic(), data, attributes);
        }
    }
}
