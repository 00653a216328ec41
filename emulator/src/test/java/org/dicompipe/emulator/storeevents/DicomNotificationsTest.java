package org.dicompipe.emulator.storeevents;

import static org.dicompipe.emulator.storeevents.StoreEventsFixture.corpus;
import static org.dicompipe.emulator.storeevents.StoreEventsFixture.pydicom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.BlobStorageSettings;
import com.google.api.services.healthcare.v1.model.DicomNotificationConfig;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.NotificationConfig;
import com.google.api.services.healthcare.v1.model.SetBlobStorageSettingsRequest;
import com.google.pubsub.v1.PubsubMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.Eventually;
import org.dicompipe.emulator.pubsub.PubsubAdmin;
import org.dicompipe.emulator.pubsub.PubsubEmulatorProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notificationConfigs and the deprecated notificationConfig end to end: configs set with the Healthcare client's
 * patch, instances stored with STOW-RS, imported, re-classed and deleted, messages pulled from the real Pub/Sub
 * emulator (started by gcloud for this class) with Google's client. Expected UIDs and modalities come from pydicom.
 */
class DicomNotificationsTest {

    private static final String PROJECT = StoreEventsFixture.PROJECT;
    /** lastUpdatedTime as the documentation shows it: "Mon, 01 Jan 2020 00:00:00 UTC". */
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz",
            Locale.US);

    @TempDir
    static Path tmp;

    private static PubsubEmulatorProcess pubsub;
    private static PubsubAdmin admin;
    private static EmulatorServer server;
    private static StoreEventsFixture fx;

    @BeforeAll
    static void start() throws Exception {
        pubsub = PubsubEmulatorProcess.start(tmp.resolve("pubsub"), PROJECT);
        admin = new PubsubAdmin(pubsub.hostPort());
        server = EmulatorServer.start(EmulatorConfig.local(tmp.resolve("data")).withPubsubEmulatorHost(pubsub.hostPort()));
        fx = new StoreEventsFixture(server);
    }

    @AfterAll
    static void stop() throws Exception {
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

    /** Exactly {@code count} messages, waited for with a deadline (a missing message fails, never hangs). */
    private static List<PubsubMessage> pull(String subscription, int count) throws Exception {
        List<PubsubMessage> got = new ArrayList<>();
        try {
            Eventually.until(count + " messages on " + subscription, StoreEventsFixture.waitLimit(), () -> {
                got.addAll(admin.drain(subscription));
                return got.size();
            }, n -> n >= count);
        } catch (AssertionError timedOut) {
            // fall through: the assertion below names the messages that did arrive
        }
        assertEquals(count, got.size(), () -> "messages on " + subscription + ": " + got);
        return got;
    }

    /**
     * Stores a fresh marker instance and pulls until its message arrives; returns what arrived before it. Messages a
     * wrong implementation would have sent earlier come through the same ordered publisher first, so an empty result
     * shows that nothing was sent, without waiting for a fixed time.
     */
    private static List<PubsubMessage> drainUntilMarker(String store, String subscription, long seed) throws Exception {
        byte[] marker = SyntheticStudy.withSeed(seed).instances(1).toPart10(0);
        String markerSop = SyntheticStudy.withSeed(seed).instances(1).sopInstanceUid(0);
        assertEquals(200, fx.stow(store, marker));
        List<PubsubMessage> before = new ArrayList<>();
        Eventually.until("the marker's notification on " + subscription, StoreEventsFixture.waitLimit(), () -> {
            for (PubsubMessage m : admin.drain(subscription)) {
                if (m.getData().toStringUtf8().endsWith("/instances/" + markerSop)) {
                    return true;
                }
                before.add(m);
            }
            return false;
        }, Boolean::booleanValue);
        return before;
    }

    private static Path write(Path dir, String name, byte[] bytes) throws Exception {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), bytes);
    }

    private static String instanceName(String store, String study, String series, String sop) {
        return store + "/dicomWeb/studies/" + study + "/series/" + series + "/instances/" + sop;
    }

    @Test
    void storeInstancesSendsTheResourceNameWithTheDocumentedAttributesToEveryConfig() throws Exception {
        String store = fx.newStore("stow");
        String subA = admin.createTopicWithSubscription(PROJECT, "stow-a");
        String subB = admin.createTopicWithSubscription(PROJECT, "stow-b");
        String subLegacy = admin.createTopicWithSubscription(PROJECT, "stow-legacy");
        fx.patch(store, new DicomStore()
                .setNotificationConfigs(List.of(new DicomNotificationConfig().setPubsubTopic(topic("stow-a")),
                        new DicomNotificationConfig().setPubsubTopic(topic("stow-b"))))
                .setNotificationConfig(new NotificationConfig().setPubsubTopic(topic("stow-legacy"))),
                "notificationConfigs,notificationConfig");

        List<Path> files = List.of(write(tmp.resolve("stow"), "ct.dcm", corpus("CT_small.dcm")),
                write(tmp.resolve("stow"), "mr.dcm", corpus("MR_small.dcm")));
        Map<String, String> expected = new java.util.HashMap<>(); // resource name -> modality, from pydicom
        List<String> facts = pydicom("ds.StudyInstanceUID + ' ' + ds.SeriesInstanceUID + ' ' + ds.SOPInstanceUID"
                + " + ' ' + ds.Modality", files);
        for (String line : facts) {
            String[] f = line.split(" ");
            expected.put(instanceName(store, f[0], f[1], f[2]), f[3]);
        }
        Instant before = Instant.now().minusSeconds(1);
        for (Path f : files) {
            assertEquals(200, fx.stow(store, Files.readAllBytes(f)));
        }
        Instant after = Instant.now().plusSeconds(1);

        for (String sub : List.of(subA, subB)) {
            List<PubsubMessage> got = pull(sub, 2);
            assertEquals(expected.keySet(), got.stream().map(m -> m.getData().toStringUtf8()).collect(Collectors.toSet()));
            for (PubsubMessage m : got) {
                String name = m.getData().toStringUtf8();
                String[] parts = name.split("/");
                Map<String, String> a = m.getAttributesMap();
                assertEquals("StoreInstances", a.get("action"));
                assertEquals(store, a.get("storeName"));
                assertEquals(parts[10], a.get("studyInstanceUID"));
                assertEquals(parts[12], a.get("seriesInstanceUID"));
                assertEquals(parts[14], a.get("sopInstanceUID"));
                assertEquals(expected.get(name), a.get("modality"));
                assertEquals("STANDARD", a.get("storageClass"));
                assertFalse(a.containsKey("previousStorageClass"), "no class change on store");
                Instant updated = ZonedDateTime.parse(a.get("lastUpdatedTime"), RFC_1123).toInstant();
                assertTrue(a.get("lastUpdatedTime").endsWith(" UTC"), a.get("lastUpdatedTime"));
                assertTrue(!updated.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                        && !updated.isAfter(after), () -> "lastUpdatedTime " + a);
                long versionNanos = Long.parseLong(new String(Base64.getUrlDecoder().decode(a.get("versionId")),
                        StandardCharsets.US_ASCII));
                assertTrue(versionNanos >= before.toEpochMilli() * 1_000_000L
                        && versionNanos <= after.toEpochMilli() * 1_000_000L, () -> "versionId " + a);
                assertEquals(Set.of("action", "lastUpdatedTime", "storeName", "studyInstanceUID", "seriesInstanceUID",
                        "sopInstanceUID", "versionId", "modality", "storageClass"), a.keySet());
            }
        }
        List<PubsubMessage> legacy = pull(subLegacy, 2);
        assertEquals(expected.keySet(), legacy.stream().map(m -> m.getData().toStringUtf8()).collect(Collectors.toSet()));
        assertTrue(legacy.stream().allMatch(m -> m.getAttributesMap().isEmpty()),
                "the deprecated notificationConfig sends no attributes");

        // the same bytes stored again change nothing and announce nothing
        assertEquals(200, fx.stow(store, Files.readAllBytes(files.get(0))));
        assertEquals(List.of(), drainUntilMarker(store, subA, 71));
        assertEquals(List.of(), drainUntilMarker(store, subLegacy, 72).stream()
                .filter(m -> !m.getData().toStringUtf8().contains(SyntheticStudy.withSeed(71).instances(1)
                        .sopInstanceUid(0))).toList());
    }

    private static DicomStore notifying(String... topics) {
        List<DicomNotificationConfig> configs = new ArrayList<>();
        for (String t : topics) {
            configs.add(new DicomNotificationConfig().setPubsubTopic(topic(t)));
        }
        return new DicomStore().setNotificationConfigs(configs);
    }

    /** Stores the only instance of a synthetic study; returns the resource name its notification carries. */
    private static String stowSynthetic(String store, long seed) throws Exception {
        SyntheticStudy s = SyntheticStudy.withSeed(seed).instances(1);
        assertEquals(200, fx.stow(store, s.toPart10(0)));
        return instanceName(store, s.studyInstanceUid(), s.seriesInstanceUid(), s.sopInstanceUid(0));
    }

    /** The dispatcher keeps store settings between changes: each patch must reach the very next stored instance. */
    @Test
    void aPatchOfNotificationConfigsTakesEffectOnTheNextStoredInstance() throws Exception {
        String store = fx.newStore("repatch");
        String subA = admin.createTopicWithSubscription(PROJECT, "repatch-a");
        String subB = admin.createTopicWithSubscription(PROJECT, "repatch-b");

        fx.patch(store, notifying("repatch-a"), "notificationConfigs");
        String first = stowSynthetic(store, 41);
        assertEquals(first, pull(subA, 1).get(0).getData().toStringUtf8());

        fx.patch(store, notifying("repatch-b"), "notificationConfigs");
        String second = stowSynthetic(store, 42);
        assertEquals(second, pull(subB, 1).get(0).getData().toStringUtf8());

        fx.patch(store, new DicomStore().setNotificationConfigs(List.of()), "notificationConfigs");
        stowSynthetic(store, 43);

        fx.patch(store, notifying("repatch-a", "repatch-b"), "notificationConfigs");
        assertEquals(List.of(), drainUntilMarker(store, subA, 44), "the instance stored while B was the topic");
        List<PubsubMessage> onB = drainUntilMarker(store, subB, 45);
        assertEquals(List.of(SyntheticStudy.withSeed(44).instances(1).sopInstanceUid(0)),
                onB.stream().map(m -> m.getAttributesMap().get("sopInstanceUID")).toList(),
                "B got the first marker only, not the instance stored while no topic was set");
    }

    @Test
    void aStoreDeletedAndCreatedAgainDoesNotKeepItsOldConfigs() throws Exception {
        String store = fx.newStore("recreate");
        String dataset = store.substring(0, store.indexOf("/dicomStores/"));
        String subOld = admin.createTopicWithSubscription(PROJECT, "recreate-old");
        String subNew = admin.createTopicWithSubscription(PROJECT, "recreate-new");
        fx.patch(store, notifying("recreate-old"), "notificationConfigs");
        String before = stowSynthetic(store, 51);
        assertEquals(before, pull(subOld, 1).get(0).getData().toStringUtf8());

        fx.stores().delete(store).execute();
        assertEquals(store, fx.stores().create(dataset, new DicomStore()).setDicomStoreId("s").execute().getName());
        stowSynthetic(store, 52); // the new store has no configs: announced nowhere

        fx.stores().delete(store).execute();
        fx.stores().create(dataset, notifying("recreate-new")).setDicomStoreId("s").execute();
        String after = stowSynthetic(store, 53);
        assertEquals(after, pull(subNew, 1).get(0).getData().toStringUtf8());

        fx.patch(store, notifying("recreate-old"), "notificationConfigs");
        assertEquals(List.of(), drainUntilMarker(store, subOld, 54),
                "nothing stored in the re-created stores went to the deleted store's topic");
    }

    @Test
    void deletesSendDeleteInstancesPerInstanceOnlyToNotificationConfigs() throws Exception {
        String store = fx.newStore("deletes");
        String sub = admin.createTopicWithSubscription(PROJECT, "del-all");
        String subLegacy = admin.createTopicWithSubscription(PROJECT, "del-legacy");
        SyntheticStudy study = SyntheticStudy.withSeed(31).instances(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, fx.stow(store, study.toPart10(i)));
        }
        fx.patch(store, new DicomStore()
                .setNotificationConfigs(List.of(new DicomNotificationConfig().setPubsubTopic(topic("del-all"))))
                .setNotificationConfig(new NotificationConfig().setPubsubTopic(topic("del-legacy"))),
                "notificationConfigs,notificationConfig");
        String studyUid = study.studyInstanceUid();
        String seriesUid = study.seriesInstanceUid();

        String modality = pydicom("ds.Modality", List.of(write(tmp.resolve("del"), "0.dcm", study.toPart10(0)))).get(0);
        assertEquals(200, fx.delete(store, "studies/" + studyUid + "/series/" + seriesUid + "/instances/"
                + study.sopInstanceUid(0)));
        PubsubMessage one = pull(sub, 1).get(0);
        assertEquals(modality, one.getAttributesMap().get("modality"), "the deleted instance is described");
        assertEquals("STANDARD", one.getAttributesMap().get("storageClass"));
        assertEquals(instanceName(store, studyUid, seriesUid, study.sopInstanceUid(0)), one.getData().toStringUtf8());
        assertEquals("DeleteInstances", one.getAttributesMap().get("action"));
        assertEquals(study.sopInstanceUid(0), one.getAttributesMap().get("sopInstanceUID"));
        assertEquals(store, one.getAttributesMap().get("storeName"));

        assertEquals(200, fx.delete(store, "studies/" + studyUid));
        List<PubsubMessage> rest = pull(sub, 2);
        assertEquals(Set.of(instanceName(store, studyUid, seriesUid, study.sopInstanceUid(1)),
                        instanceName(store, studyUid, seriesUid, study.sopInstanceUid(2))),
                rest.stream().map(m -> m.getData().toStringUtf8()).collect(Collectors.toSet()));
        assertTrue(rest.stream().allMatch(m -> "DeleteInstances".equals(m.getAttributesMap().get("action"))));
        assertEquals(404, fx.delete(store, "studies/" + studyUid), "nothing left, nothing announced");

        assertEquals(List.of(), drainUntilMarker(store, subLegacy, 32), "the deprecated config is not told of deletes");
        assertEquals(List.of(), drainUntilMarker(store, sub, 33).stream()
                .filter(m -> "DeleteInstances".equals(m.getAttributesMap().get("action"))).toList());
    }

    @Test
    void importNotifiesNotificationConfigsAlwaysAndTheDeprecatedConfigOnlyWithSendForBulkImport() throws Exception {
        String store = fx.newStore("imports");
        String sub = admin.createTopicWithSubscription(PROJECT, "imp-all");
        String subLegacy = admin.createTopicWithSubscription(PROJECT, "imp-legacy");
        fx.patch(store, new DicomStore()
                .setNotificationConfigs(List.of(new DicomNotificationConfig().setPubsubTopic(topic("imp-all"))))
                .setNotificationConfig(new NotificationConfig().setPubsubTopic(topic("imp-legacy"))),
                "notificationConfigs,notificationConfig");
        SyntheticStudy first = SyntheticStudy.withSeed(41).instances(2);
        fx.upload("imp", "a/0.dcm", first.toPart10(0));
        fx.upload("imp", "a/1.dcm", first.toPart10(1));
        fx.importFrom(store, "gs://imp/a/*");

        List<PubsubMessage> imported = pull(sub, 2);
        assertTrue(imported.stream().allMatch(m -> "ImportDicomData".equals(m.getAttributesMap().get("action"))));
        assertEquals(Set.of(first.sopInstanceUid(0), first.sopInstanceUid(1)), imported.stream()
                .map(m -> m.getAttributesMap().get("sopInstanceUID")).collect(Collectors.toSet()));
        assertEquals(List.of(), drainUntilMarker(store, subLegacy, 42), "sendForBulkImport unset: no import message");

        fx.patch(store, new DicomStore().setNotificationConfig(new NotificationConfig()
                .setPubsubTopic(topic("imp-legacy")).setSendForBulkImport(true)), "notificationConfig");
        SyntheticStudy second = SyntheticStudy.withSeed(43).instances(1);
        fx.upload("imp", "b/0.dcm", second.toPart10(0));
        fx.importFrom(store, "gs://imp/b/*");
        PubsubMessage legacy = pull(subLegacy, 1).get(0);
        assertEquals(instanceName(store, second.studyInstanceUid(), second.seriesInstanceUid(), second.sopInstanceUid(0)),
                legacy.getData().toStringUtf8());
        assertTrue(legacy.getAttributesMap().isEmpty());
        admin.drain(sub);
    }

    @Test
    void setBlobStorageSettingsSendsSetBlobSettingsWithTheNewStorageClass() throws Exception {
        String store = fx.newStore("classes");
        String sub = admin.createTopicWithSubscription(PROJECT, "cls");
        SyntheticStudy study = SyntheticStudy.withSeed(51).instances(2);
        for (int i = 0; i < 2; i++) {
            assertEquals(200, fx.stow(store, study.toPart10(i)));
        }
        fx.patch(store, new DicomStore().setNotificationConfigs(
                List.of(new DicomNotificationConfig().setPubsubTopic(topic("cls")))), "notificationConfigs");
        fx.awaitDone(fx.stores().setBlobStorageSettings(store, new SetBlobStorageSettingsRequest()
                .setBlobStorageSettings(new BlobStorageSettings().setBlobStorageClass("ARCHIVE"))).execute());
        List<PubsubMessage> got = pull(sub, 2);
        for (PubsubMessage m : got) {
            assertEquals("SetBlobSettings", m.getAttributesMap().get("action"));
            assertEquals("ARCHIVE", m.getAttributesMap().get("storageClass"));
            assertEquals("STANDARD", m.getAttributesMap().get("previousStorageClass"));
        }
        assertEquals(new TreeSet<>(List.of(study.sopInstanceUid(0), study.sopInstanceUid(1))), got.stream()
                .map(m -> m.getAttributesMap().get("sopInstanceUID")).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void aTopicThatDoesNotExistNeverFailsTheStore() throws Exception {
        String store = fx.newStore("notopic");
        String sub = admin.createTopicWithSubscription(PROJECT, "exists");
        fx.patch(store, new DicomStore().setNotificationConfigs(List.of(
                new DicomNotificationConfig().setPubsubTopic(topic("never-created")),
                new DicomNotificationConfig().setPubsubTopic(topic("exists")))), "notificationConfigs");
        SyntheticStudy study = SyntheticStudy.withSeed(61).instances(1);
        try (StderrCapture err = new StderrCapture()) {
            assertEquals(200, fx.stow(store, study.toPart10(0)));
            String log = err.awaitContains(topic("never-created"), StoreEventsFixture.waitLimit());
            assertTrue(log.contains("WARN"), log);
        }
        assertEquals(200, fx.metadataStatus(store, study.studyInstanceUid(), study.seriesInstanceUid(),
                study.sopInstanceUid(0)));
        assertEquals(study.sopInstanceUid(0), pull(sub, 1).get(0).getAttributesMap().get("sopInstanceUID"),
                "the other config is still served");
    }

    @Test
    void noPubsubEmulatorNeverFailsTheStore() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        try (EmulatorServer offline = EmulatorServer.start(EmulatorConfig.local(tmp.resolve("offline"))
                .withPubsubEmulatorHost("127.0.0.1:" + deadPort))) {
            StoreEventsFixture off = new StoreEventsFixture(offline);
            String store = off.newStore("down");
            off.patch(store, new DicomStore().setNotificationConfigs(List.of(
                    new DicomNotificationConfig().setPubsubTopic(topic("t")))), "notificationConfigs");
            SyntheticStudy study = SyntheticStudy.withSeed(62).instances(2);
            try (StderrCapture err = new StderrCapture()) {
                assertEquals(200, off.stow(store, study.toPart10(0)));
                assertEquals(200, off.stow(store, study.toPart10(1)));
                err.awaitContains("could not publish a notification to " + topic("t"), StoreEventsFixture.waitLimit());
            }
            assertEquals(200, off.metadataStatus(store, study.studyInstanceUid(), study.seriesInstanceUid(),
                    study.sopInstanceUid(1)));
        }
    }

    @Test
    void aFilterIsNotPartOfTheV1NotificationConfigAndIsRefused() throws Exception {
        String store = fx.newStore("filters");
        assertEquals(400, fx.patchJson(store, "{\"notificationConfigs\":[{\"pubsubTopic\":\"" + topic("f")
                + "\",\"filter\":\"action=StoreInstances\"}]}", "notificationConfigs"));
        List<DicomNotificationConfig> kept = fx.stores().get(store).execute().getNotificationConfigs();
        assertTrue(kept == null || kept.isEmpty(), "nothing was set: " + kept);
        assertEquals(200, fx.patchJson(store, "{\"notificationConfigs\":[{\"pubsubTopic\":\"" + topic("f")
                + "\"}]}", "notificationConfigs"));
    }

    @Test
    void versionIdEncodesTheDocumentedExample() {
        // Google's example message: versionId MTY4MzA2MDQzOTI5NjIxMDAwMA for 1683060439296210000 ns
        assertEquals("MTY4MzA2MDQzOTI5NjIxMDAwMA", DicomNotifications.versionId(Instant.ofEpochSecond(1683060439L,
                296210000L)));
    }
}
