package org.dicompipe.emulator.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Notification;
import com.google.cloud.storage.NotificationInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PubsubMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.pubsub.PubsubAdmin;
import org.dicompipe.emulator.pubsub.PubsubEmulatorProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bucket notifications end to end: configs made with Google's storage client, messages published to the real
 * Pub/Sub emulator (started by gcloud for this class) and pulled with Google's Pub/Sub admin client.
 */
class BucketNotificationsTest {

    private static final String PROJECT = "gcs-events";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static PubsubEmulatorProcess pubsub;
    private static PubsubAdmin admin;
    private static EmulatorServer server;
    private static Storage storage;

    @BeforeAll
    static void start() throws Exception {
        pubsub = PubsubEmulatorProcess.start(tmp.resolve("pubsub"), PROJECT);
        admin = new PubsubAdmin(pubsub.hostPort());
        server = EmulatorServer.start(EmulatorConfig.local(tmp.resolve("data")).withPubsubEmulatorHost(pubsub.hostPort()));
        storage = LocalStorage.client(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (storage != null) {
            storage.close();
        }
        if (server != null) {
            server.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (pubsub != null) {
            pubsub.close();
        }
    }

    private static String topic(String name) {
        return "projects/" + PROJECT + "/topics/" + name;
    }

    private static JsonObject payload(PubsubMessage message) {
        return JsonParser.parseString(message.getData().toStringUtf8()).getAsJsonObject();
    }

    @Test
    void finalizeAndDeleteArePublishedWithGcsAttributesAndObjectResource() {
        String subscription = admin.createTopicWithSubscription(PROJECT, "all-events");
        storage.create(BucketInfo.of("events-all"));
        Notification config = storage.createNotification("events-all",
                NotificationInfo.newBuilder(topic("all-events"))
                        .setPayloadFormat(NotificationInfo.PayloadFormat.JSON_API_V1).build());

        Blob blob = storage.create(BlobInfo.newBuilder("events-all", "in/a.dcm").setContentType("application/dicom")
                .build(), "data".getBytes(StandardCharsets.UTF_8));
        assertTrue(storage.delete(BlobId.of("events-all", "in/a.dcm")));

        List<PubsubMessage> messages = admin.pull(subscription, 2, WAIT);
        assertEquals(2, messages.size());
        PubsubMessage finalize = messages.stream().filter(m -> m.getAttributesOrThrow("eventType")
                .equals("OBJECT_FINALIZE")).findFirst().orElseThrow();
        PubsubMessage delete = messages.stream().filter(m -> m.getAttributesOrThrow("eventType")
                .equals("OBJECT_DELETE")).findFirst().orElseThrow();

        Map<String, String> attributes = finalize.getAttributesMap();
        assertEquals("projects/_/buckets/events-all/notificationConfigs/" + config.getNotificationId(),
                attributes.get("notificationConfig"));
        assertEquals("JSON_API_V1", attributes.get("payloadFormat"));
        assertEquals("events-all", attributes.get("bucketId"));
        assertEquals("in/a.dcm", attributes.get("objectId"));
        assertEquals(Long.toString(blob.getGeneration()), attributes.get("objectGeneration"));
        OffsetDateTime.parse(attributes.get("eventTime"));
        assertFalse(attributes.containsKey("overwroteGeneration"));

        JsonObject resource = payload(finalize);
        assertEquals("storage#object", resource.get("kind").getAsString());
        assertEquals("in/a.dcm", resource.get("name").getAsString());
        assertEquals("events-all", resource.get("bucket").getAsString());
        assertEquals("4", resource.get("size").getAsString());
        assertEquals(blob.getCrc32c(), resource.get("crc32c").getAsString());
        assertEquals("application/dicom", resource.get("contentType").getAsString());

        assertEquals("in/a.dcm", delete.getAttributesOrThrow("objectId"));
        assertEquals(Long.toString(blob.getGeneration()), delete.getAttributesOrThrow("objectGeneration"));
        assertEquals("in/a.dcm", payload(delete).get("name").getAsString());
    }

    @Test
    void overwriteReportsTheReplacedGenerationOnBothEvents() {
        String subscription = admin.createTopicWithSubscription(PROJECT, "overwrites");
        storage.create(BucketInfo.of("events-overwrite"));
        storage.createNotification("events-overwrite", NotificationInfo.of(topic("overwrites")));

        Blob first = storage.create(BlobInfo.newBuilder("events-overwrite", "o.txt").build(), new byte[] {1});
        Blob second = storage.create(BlobInfo.newBuilder("events-overwrite", "o.txt").build(), new byte[] {2});

        List<PubsubMessage> messages = admin.pull(subscription, 3, WAIT);
        assertEquals(3, messages.size());
        PubsubMessage overwriting = messages.stream()
                .filter(m -> m.getAttributesOrThrow("objectGeneration").equals(Long.toString(second.getGeneration())))
                .findFirst().orElseThrow();
        assertEquals("OBJECT_FINALIZE", overwriting.getAttributesOrThrow("eventType"));
        assertEquals(Long.toString(first.getGeneration()), overwriting.getAttributesOrThrow("overwroteGeneration"));
        PubsubMessage replaced = messages.stream()
                .filter(m -> m.getAttributesOrThrow("eventType").equals("OBJECT_DELETE")).findFirst().orElseThrow();
        assertEquals(Long.toString(first.getGeneration()), replaced.getAttributesOrThrow("objectGeneration"));
        assertEquals(Long.toString(second.getGeneration()), replaced.getAttributesOrThrow("overwrittenByGeneration"));
    }

    @Test
    void eventTypePrefixFiltersCustomAttributesAndPayloadNoneAreHonoured() {
        String subscription = admin.createTopicWithSubscription(PROJECT, "filtered");
        storage.create(BucketInfo.of("events-filtered"));
        storage.createNotification("events-filtered", NotificationInfo.newBuilder(topic("filtered"))
                .setEventTypes(NotificationInfo.EventType.OBJECT_FINALIZE, NotificationInfo.EventType.OBJECT_METADATA_UPDATE)
                .setObjectNamePrefix("dicom/")
                .setCustomAttributes(Map.of("pipeline", "ingest"))
                .setPayloadFormat(NotificationInfo.PayloadFormat.NONE)
                .build());

        storage.create(BlobInfo.newBuilder("events-filtered", "other/ignored.txt").build(), new byte[] {1});
        Blob blob = storage.create(BlobInfo.newBuilder("events-filtered", "dicom/b.dcm").build(), new byte[] {2});
        blob.toBuilder().setMetadata(Map.of("dead-letter-reason", "bad")).build().update();
        storage.delete(BlobId.of("events-filtered", "dicom/b.dcm"));
        // a marker after everything else: once it arrives, any wrongly published message would have arrived too
        storage.create(BlobInfo.newBuilder("events-filtered", "dicom/zz-marker").build(), new byte[] {3});

        List<PubsubMessage> messages = admin.pull(subscription, 3, WAIT);
        messages = new java.util.ArrayList<>(messages);
        messages.addAll(admin.drain(subscription));
        messages.sort(Comparator.comparing((PubsubMessage m) -> m.getAttributesOrThrow("objectId"))
                .thenComparing(m -> m.getAttributesOrThrow("eventType")));
        assertEquals(List.of("dicom/b.dcm OBJECT_FINALIZE", "dicom/b.dcm OBJECT_METADATA_UPDATE",
                        "dicom/zz-marker OBJECT_FINALIZE"),
                messages.stream().map(m -> m.getAttributesOrThrow("objectId") + " "
                        + m.getAttributesOrThrow("eventType")).toList());
        for (PubsubMessage m : messages) {
            assertEquals("ingest", m.getAttributesOrThrow("pipeline"));
            assertEquals("NONE", m.getAttributesOrThrow("payloadFormat"));
            assertTrue(m.getData().isEmpty());
        }
    }

    @Test
    void notificationConfigsCanBeListedFetchedAndDeleted() throws Exception {
        storage.create(BucketInfo.of("events-configs"));
        Notification created = storage.createNotification("events-configs",
                NotificationInfo.newBuilder(topic("configs")).setObjectNamePrefix("p/").build());
        assertEquals("//pubsub.googleapis.com/" + topic("configs"), created.getTopic());
        assertEquals("p/", created.getObjectNamePrefix());

        assertEquals(List.of(created.getNotificationId()), storage.listNotifications("events-configs").stream()
                .map(NotificationInfo::getNotificationId).toList());
        assertEquals("p/", storage.getNotification("events-configs", created.getNotificationId()).getObjectNamePrefix());
        assertTrue(storage.deleteNotification("events-configs", created.getNotificationId()));
        assertEquals(List.of(), storage.listNotifications("events-configs"));
        assertNull(storage.getNotification("events-configs", created.getNotificationId()));
        assertFalse(storage.deleteNotification("events-configs", created.getNotificationId()));

        // the client checks topic names itself, so malformed configs are sent as raw JSON
        for (String body : List.of("{\"topic\":\"not a topic\",\"payload_format\":\"NONE\"}",
                "{\"payload_format\":\"NONE\"}",
                "{\"topic\":\"projects/p/topics/t\",\"payload_format\":\"XML\"}",
                "{\"topic\":\"projects/p/topics/t\",\"event_types\":[\"OBJECT_EXPLODED\"]}")) {
            HttpResponse<String> resp = LocalStorage.send(LocalStorage.request(server,
                    "storage/v1/b/events-configs/notificationConfigs").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(400, resp.statusCode(), body);
        }
        assertEquals(List.of(), storage.listNotifications("events-configs"));
        StorageException noBucket = assertThrows(StorageException.class, () -> storage.createNotification(
                "no-such-bucket", NotificationInfo.of(topic("configs"))));
        assertEquals(404, noBucket.getCode());
    }

    @Test
    void copyFinalizesTheDestinationAndRescanAnnouncesDroppedFiles() throws Exception {
        String subscription = admin.createTopicWithSubscription(PROJECT, "dropped");
        storage.create(BucketInfo.of("events-dropped"));
        storage.createNotification("events-dropped", NotificationInfo.newBuilder(topic("dropped"))
                .setPayloadFormat(NotificationInfo.PayloadFormat.JSON_API_V1).build());

        storage.create(BlobInfo.newBuilder("events-dropped", "src.bin").build(), new byte[] {1, 2, 3});
        storage.copy(Storage.CopyRequest.of("events-dropped", "src.bin", BlobId.of("events-dropped", "copy.bin")))
                .getResult();
        Path dropped = tmp.resolve("data/gcs/events-dropped/incoming/by-hand.dcm");
        Files.createDirectories(dropped.getParent());
        Files.write(dropped, new byte[] {9, 9});

        StorageFeature feature = server.context().feature(StorageFeature.class).orElseThrow();
        List<GcsObject> announced = feature.rescan();
        assertEquals(List.of("incoming/by-hand.dcm"), announced.stream().map(GcsObject::name).toList());
        assertEquals(List.of(), feature.rescan(), "a file is announced once");

        List<PubsubMessage> messages = admin.pull(subscription, 3, WAIT);
        assertEquals(List.of("copy.bin", "incoming/by-hand.dcm", "src.bin"), messages.stream()
                .map(m -> m.getAttributesOrThrow("objectId")).sorted().toList());
        assertTrue(messages.stream().allMatch(m -> m.getAttributesOrThrow("eventType").equals("OBJECT_FINALIZE")));
        PubsubMessage byHand = messages.stream()
                .filter(m -> m.getAttributesOrThrow("objectId").equals("incoming/by-hand.dcm")).findFirst().orElseThrow();
        assertEquals("2", payload(byHand).get("size").getAsString());
    }

    @Test
    void optionalWatcherAnnouncesDroppedFilesWithoutBeingAsked() throws Exception {
        String subscription = admin.createTopicWithSubscription(PROJECT, "watched");
        Path data = tmp.resolve("watched-data");
        EmulatorServer watched;
        System.setProperty(StorageFeature.WATCH_PROPERTY, "1");
        try {
            watched = EmulatorServer.start(EmulatorConfig.local(data).withPubsubEmulatorHost(pubsub.hostPort()));
        } finally {
            System.clearProperty(StorageFeature.WATCH_PROPERTY);
        }
        try (Storage client = LocalStorage.client(watched)) {
            client.create(BucketInfo.of("watched-bucket"));
            client.createNotification("watched-bucket", NotificationInfo.newBuilder(topic("watched"))
                    .setPayloadFormat(NotificationInfo.PayloadFormat.JSON_API_V1).build());
            Path dropped = data.resolve("gcs/watched-bucket/dropzone/study.dcm");
            Files.createDirectories(dropped.getParent());
            Files.write(dropped, new byte[] {1, 2, 3, 4, 5});

            List<PubsubMessage> messages = admin.pull(subscription, 1, WAIT);
            assertEquals(1, messages.size());
            assertEquals("OBJECT_FINALIZE", messages.get(0).getAttributesOrThrow("eventType"));
            assertEquals("dropzone/study.dcm", messages.get(0).getAttributesOrThrow("objectId"));
            assertEquals("5", payload(messages.get(0)).get("size").getAsString());
        } finally {
            watched.close();
        }
    }
}
