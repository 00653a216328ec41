package org.dicompipe.emulator.healthcare;

import static org.dicompipe.emulator.healthcare.HealthcareTestServer.LOCATION;
import static org.dicompipe.emulator.healthcare.HealthcareTestServer.fails;
import static org.dicompipe.emulator.healthcare.HealthcareTestServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.healthcare.v1.model.DicomNotificationConfig;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomBigQueryDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomStreamConfig;
import com.google.api.services.healthcare.v1.model.ListDicomStoresResponse;
import com.google.api.services.healthcare.v1.model.NotificationConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** projects.locations.datasets.dicomStores through the official generated client. */
class DicomStoresTest {

    @TempDir
    Path dataDir;

    HealthcareTestServer hc;
    String dataset;

    @BeforeEach
    void start() throws Exception {
        hc = HealthcareTestServer.start(dataDir);
        dataset = hc.dataset("ds");
    }

    @AfterEach
    void stop() throws Exception {
        hc.close();
    }

    @Test
    void createReturnsTheStoreAndGetReadsItBack() throws Exception {
        DicomStore sent = new DicomStore()
                .setLabels(Map.of("env", "test", "équipe", "radiologie"))
                .setNotificationConfig(new NotificationConfig().setPubsubTopic("projects/p/topics/t").setSendForBulkImport(true))
                .setNotificationConfigs(List.of(new DicomNotificationConfig().setPubsubTopic("projects/p/topics/u")))
                .setStreamConfigs(List.of(new GoogleCloudHealthcareV1DicomStreamConfig().setBigqueryDestination(
                        new GoogleCloudHealthcareV1DicomBigQueryDestination().setTableUri("bq://p.d.t").setForce(true))));
        DicomStore created = hc.stores().create(dataset, sent).setDicomStoreId("store-1").execute();

        assertEquals(dataset + "/dicomStores/store-1", created.getName());
        DicomStore got = hc.stores().get(created.getName()).execute();
        assertEquals(created.getName(), got.getName());
        assertEquals(Map.of("env", "test", "équipe", "radiologie"), got.getLabels());
        assertEquals("projects/p/topics/t", got.getNotificationConfig().getPubsubTopic());
        assertEquals(Boolean.TRUE, got.getNotificationConfig().getSendForBulkImport());
        assertEquals("projects/p/topics/u", got.getNotificationConfigs().get(0).getPubsubTopic());
        assertEquals("bq://p.d.t", got.getStreamConfigs().get(0).getBigqueryDestination().getTableUri());
    }

    @Test
    void errorsHaveGoogleStatusesAndChangeNothing() throws Exception {
        hc.store(dataset, "s");
        GoogleJsonResponseException e = fails(409, hc.stores().create(dataset, new DicomStore()).setDicomStoreId("s"));
        assertEquals("ALREADY_EXISTS", status(e));
        e = fails(404, hc.stores().create(LOCATION + "/datasets/missing", new DicomStore()).setDicomStoreId("s"));
        assertEquals("NOT_FOUND", status(e));
        fails(404, hc.stores().get(dataset + "/dicomStores/missing"));
        fails(404, hc.stores().delete(dataset + "/dicomStores/missing"));
        fails(404, hc.stores().list(LOCATION + "/datasets/missing"));
        fails(404, hc.stores().patch(dataset + "/dicomStores/missing", new DicomStore()).setUpdateMask("labels"));
        for (String id : List.of("..", "a/b", "%2e%2e", "a:b", "", "x".repeat(257))) {
            e = fails(400, hc.stores().create(dataset, new DicomStore()).setDicomStoreId(id));
            assertEquals("INVALID_ARGUMENT", status(e));
        }
        fails(400, hc.stores().create(dataset, new DicomStore().setNotificationConfigs(
                List.of(new DicomNotificationConfig().setPubsubTopic("not-a-topic")))).setDicomStoreId("t"));
        fails(400, hc.stores().create(dataset, new DicomStore().setStreamConfigs(List.of(
                new GoogleCloudHealthcareV1DicomStreamConfig().setBigqueryDestination(
                        new GoogleCloudHealthcareV1DicomBigQueryDestination().setTableUri("p.d.t"))))).setDicomStoreId("t"));
        java.net.http.HttpResponse<String> r = hc.raw("POST", "v1/" + dataset + "/dicomStores?dicomStoreId=t",
                "{\"notificationConfig\":{\"topic\":\"projects/p/topics/t\"}}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("topic"), "names the unknown nested field: " + r.body());
        assertEquals(List.of(dataset + "/dicomStores/s"), names(hc.stores().list(dataset).execute()));
    }

    @Test
    void concurrentClientsCreateAndListWithoutLosingAnything() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 8; i++) {
                        hc.stores().create(dataset, new DicomStore().setLabels(Map.of("thread", "t" + thread)))
                                .setDicomStoreId("c-" + thread + "-" + i).execute();
                        hc.stores().list(dataset).setFilter("labels.thread=t" + thread).execute();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(64, names(hc.stores().list(dataset).setPageSize(1000).execute()).size());
        assertEquals(8, names(hc.stores().list(dataset).setFilter("labels.thread=t3").execute()).size());
    }

    @Test
    void labelsAreValidatedAsDocumented() throws Exception {
        Map<String, String> ok = new HashMap<>();
        ok.put("k", "");
        ok.put("a".repeat(63), "v".repeat(63));
        ok.put("ключ", "значение_1-2");
        ok.put("日本", "東京");
        hc.stores().create(dataset, new DicomStore().setLabels(ok)).setDicomStoreId("ok").execute();
        Map<String, String> sixtyFour = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            sixtyFour.put("k" + i, "v");
        }
        hc.stores().create(dataset, new DicomStore().setLabels(sixtyFour)).setDicomStoreId("many").execute();

        List<Map<String, String>> bad = new ArrayList<>();
        bad.add(Map.of("Env", "x"));               // uppercase key
        bad.add(Map.of("1env", "x"));              // key starts with a digit
        bad.add(Map.of("_env", "x"));              // key starts with '_'
        bad.add(Map.of("env", "X"));               // uppercase value
        bad.add(Map.of("env", "a.b"));             // '.' not allowed
        bad.add(Map.of("env", "a b"));             // space not allowed
        bad.add(Map.of("a".repeat(64), "x"));      // key too long
        bad.add(Map.of("env", "v".repeat(64)));    // value too long
        bad.add(Map.of("ключ".repeat(16), "x"));   // 64 chars
        bad.add(Map.of("k", "東".repeat(43)));      // 43 chars but 129 bytes of UTF-8
        Map<String, String> sixtyFive = new HashMap<>(sixtyFour);
        sixtyFive.put("k64", "v");
        bad.add(sixtyFive);
        int i = 0;
        for (Map<String, String> labels : bad) {
            GoogleJsonResponseException e = fails(400,
                    hc.stores().create(dataset, new DicomStore().setLabels(labels)).setDicomStoreId("bad" + i++));
            assertEquals("INVALID_ARGUMENT", status(e));
        }
        assertEquals(2, names(hc.stores().list(dataset).execute()).size());
        // patching to bad labels is refused and leaves the old ones
        fails(400, hc.stores().patch(dataset + "/dicomStores/ok", new DicomStore().setLabels(Map.of("Bad", "x")))
                .setUpdateMask("labels"));
        assertEquals(ok, hc.stores().get(dataset + "/dicomStores/ok").execute().getLabels());
    }

    @Test
    void listPagesAndFiltersOnLabels() throws Exception {
        hc.stores().create(dataset, new DicomStore().setLabels(Map.of("env", "prod", "team", "ct"))).setDicomStoreId("a").execute();
        hc.stores().create(dataset, new DicomStore().setLabels(Map.of("env", "test", "team", "mr"))).setDicomStoreId("b").execute();
        hc.stores().create(dataset, new DicomStore().setLabels(Map.of("env", "prod"))).setDicomStoreId("c").execute();
        hc.stores().create(dataset, new DicomStore()).setDicomStoreId("d").execute();
        hc.stores().create(dataset, new DicomStore().setLabels(Map.of("team", "ct"))).setDicomStoreId("e").execute();

        assertEquals(ids("a", "c"), names(list("labels.env=prod")));
        assertEquals(ids("a", "c"), names(list("labels.env = \"prod\"")));
        assertEquals(ids("a", "b", "c"), names(list("labels.env:*")));
        assertEquals(ids("d", "e"), names(list("NOT labels.env:*")));
        assertEquals(ids("d", "e"), names(list("-labels.env:*")));
        assertEquals(ids("a"), names(list("labels.env=prod AND labels.team=ct")));
        assertEquals(ids("a"), names(list("labels.env=prod labels.team:*")));
        assertEquals(ids("a", "b", "c"), names(list("labels.env=prod OR labels.team=mr")));
        // OR binds tighter than AND in Google's filter grammar
        assertEquals(ids("a", "e"), names(list("labels.team=ct AND labels.env=prod OR NOT labels.env:*")));
        assertEquals(ids("a", "c", "e"), names(list("(labels.team=ct AND NOT labels.env=test) OR labels.env=prod")));
        assertEquals(ids(), names(list("labels.env=staging")));

        for (String bad : List.of("name=x", "labels.env", "labels.env=", "(labels.env=prod", "labels.env=prod AND",
                "labels.env=\"prod", "labels.=x")) {
            fails(400, hc.stores().list(dataset).setFilter(bad));
        }

        // paging with a filter: every match exactly once, in name order
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ListDicomStoresResponse page = hc.stores().list(dataset).setFilter("labels.env:* OR labels.team:*")
                    .setPageSize(1).setPageToken(token).execute();
            assertEquals(1, page.getDicomStores().size());
            seen.addAll(names(page));
            token = page.getNextPageToken();
        } while (token != null);
        assertEquals(ids("a", "b", "c", "e"), seen);

        ListDicomStoresResponse firstTwo = hc.stores().list(dataset).setPageSize(2).execute();
        assertEquals(ids("a", "b"), names(firstTwo));
        ListDicomStoresResponse rest = hc.stores().list(dataset).setPageSize(10).setPageToken(firstTwo.getNextPageToken()).execute();
        assertEquals(ids("c", "d", "e"), names(rest));
        assertNull(rest.getNextPageToken());
    }

    @Test
    void patchAppliesOnlyTheMaskedFields() throws Exception {
        String name = hc.stores().create(dataset, new DicomStore().setLabels(Map.of("env", "prod"))
                .setNotificationConfig(new NotificationConfig().setPubsubTopic("projects/p/topics/t")))
                .setDicomStoreId("p").execute().getName();

        DicomStore patched = hc.stores().patch(name, new DicomStore().setLabels(Map.of("env", "test"))
                .setNotificationConfig(new NotificationConfig().setPubsubTopic("projects/p/topics/ignored")))
                .setUpdateMask("labels").execute();
        assertEquals(Map.of("env", "test"), patched.getLabels());
        assertEquals("projects/p/topics/t", patched.getNotificationConfig().getPubsubTopic());

        patched = hc.stores().patch(name, new DicomStore()
                .setNotificationConfigs(List.of(new DicomNotificationConfig().setPubsubTopic("projects/p/topics/n")))
                .setStreamConfigs(List.of(new GoogleCloudHealthcareV1DicomStreamConfig().setBigqueryDestination(
                        new GoogleCloudHealthcareV1DicomBigQueryDestination().setTableUri("bq://p.d.t")))))
                .setUpdateMask("notificationConfig,notificationConfigs,streamConfigs").execute();
        assertNull(patched.getNotificationConfig(), "masked and absent from the body: cleared");
        assertEquals("projects/p/topics/n", patched.getNotificationConfigs().get(0).getPubsubTopic());
        assertEquals("bq://p.d.t", patched.getStreamConfigs().get(0).getBigqueryDestination().getTableUri());
        assertEquals(Map.of("env", "test"), patched.getLabels());

        DicomStore got = hc.stores().get(name).execute();
        assertEquals(patched.getNotificationConfigs(), got.getNotificationConfigs());

        for (String mask : List.of("", "name", "labels,bogus", "dicomStoreId")) {
            GoogleJsonResponseException e = fails(400,
                    hc.stores().patch(name, new DicomStore().setLabels(Map.of())).setUpdateMask(mask));
            assertEquals("INVALID_ARGUMENT", status(e));
        }
        fails(400, hc.stores().patch(name, new DicomStore().setLabels(Map.of())));
        assertEquals(Map.of("env", "test"), hc.stores().get(name).execute().getLabels());
    }

    @Test
    void deleteRemovesTheStoreAndItsFolder() throws Exception {
        String name = hc.store(dataset, "gone");
        Path dir = hc.feature().storeDir(DicomStoreName.parse(name));
        java.nio.file.Files.writeString(dir.resolve("instance.dcm"), "bytes");

        hc.stores().delete(name).execute();

        fails(404, hc.stores().get(name));
        assertFalse(java.nio.file.Files.exists(dir));
        assertTrue(hc.feature().getStore(DicomStoreName.parse(name)).isEmpty());
        // a new store of the same name starts empty, in a new folder
        hc.store(dataset, "gone");
        Path newDir = hc.feature().storeDir(DicomStoreName.parse(name));
        assertFalse(java.nio.file.Files.exists(newDir.resolve("instance.dcm")));
    }

    @Test
    void deletingADatasetRemovesItsStoresAndOperations() throws Exception {
        String s1 = hc.store(dataset, "s1");
        String s2 = hc.store(dataset, "s2");
        Path d1 = hc.feature().storeDir(DicomStoreName.parse(s1));
        java.nio.file.Files.writeString(d1.resolve("x"), "x");
        String other = hc.dataset("other");
        String kept = hc.store(other, "s1");

        hc.datasets().delete(dataset).execute();

        fails(404, hc.datasets().get(dataset));
        fails(404, hc.stores().get(s1));
        fails(404, hc.stores().get(s2));
        fails(404, hc.datasets().operations().list(dataset));
        assertFalse(java.nio.file.Files.exists(d1));
        assertEquals(kept, hc.stores().get(kept).execute().getName());
        // the name is free again, with nothing of the old dataset below it
        hc.dataset("ds");
        assertNull(hc.stores().list(dataset).execute().getDicomStores() == null
                || hc.stores().list(dataset).execute().getDicomStores().isEmpty() ? null : "stores left");
    }

    private ListDicomStoresResponse list(String filter) throws Exception {
        return hc.stores().list(dataset).setFilter(filter).execute();
    }

    private List<String> ids(String... ids) {
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            names.add(dataset + "/dicomStores/" + id);
        }
        return names;
    }

    private static List<String> names(ListDicomStoresResponse response) {
        List<String> names = new ArrayList<>();
        if (response.getDicomStores() != null) {
            response.getDicomStores().forEach(s -> names.add(s.getName()));
        }
        return names;
    }
}
