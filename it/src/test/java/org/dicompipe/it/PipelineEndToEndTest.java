package org.dicompipe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.dicompipe.app.GoogleClients;
import org.dicompipe.app.IngestSupport;
import org.dicompipe.app.LaunchOptions;
import org.dicompipe.app.LocalCloud;
import org.dicompipe.app.Pipeline;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real YAML routes of {@code routes/} with the real {@code config/}, in three launcher instances (replicas)
 * sharing one emulator, one Google Pub/Sub emulator process and the same subscriptions, as the service would run
 * scaled out. Files go into the local bucket through Google's Storage client or by being copied into the bucket
 * folder; outcomes are read back through DICOMweb, Cloud Storage and BigQuery over the wire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String PROJECT = "local-project";
    private static final String BUCKET = "dicom-inbox";

    private Path work;
    private LocalCloud cloud;
    private GoogleClients clients;
    private Storage storage;
    private BigQuery bigQuery;
    private Path thumbnails;
    private final List<Pipeline> replicas = new ArrayList<>();
    private final Set<String> rawSopUids = new HashSet<>();
    private final List<Attributes> originals = new ArrayList<>();

    @BeforeAll
    void startReplicas() throws Exception {
        Path repository = Path.of(System.getProperty("dicompipe.repository", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("dicompipe-it-");
        cloud = LocalCloud.start(work.resolve("cloud"), PROJECT);
        thumbnails = work.resolve("thumbnails");
        for (int i = 0; i < 3; i++) {
            Map<String, String> props = new HashMap<>();
            props.put(Pipeline.EMULATOR_URL, cloud.emulatorUrl());
            props.put(Pipeline.PUBSUB_HOST, cloud.pubsubHost());
            props.put("dicompipe.thumbnails.dir", thumbnails.toString());
            props.put("dicompipe.http.port", i == 0 ? "0" : "-1");
            props.put("dicompipe.progress.interval-ms", "200");
            props.put("dicompipe.pubsub.concurrent-consumers", "1");
            replicas.add(Pipeline.start(new LaunchOptions(null, null, repository.resolve("routes"),
                    repository.resolve("config"), props)));
        }
        replicas.get(0).runJob("provision");
        for (Pipeline replica : replicas) {
            replica.startConsumers("event-ingest,notifications");
        }
        clients = new GoogleClients(PROJECT, cloud.emulatorUrl(), cloud.pubsubHost());
        storage = clients.storage();
        bigQuery = clients.bigQuery();
    }

    @AfterAll
    void stop() throws Exception {
        for (Pipeline replica : replicas) {
            replica.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @Order(1)
    void eventDrivenIngestStoresEachInstanceOnceAndDeadLettersWhatIsNotDicom() throws Exception {
        SyntheticStudy study = SyntheticStudy.withSeed(77).instances(4);
        for (int i = 0; i < 4; i++) {
            upload("incoming/study77/ct-" + i + ".dcm", study.toPart10(i));
            rawSopUids.add(study.sopInstanceUid(i));
            originals.add(study.instance(i));
        }
        // the same instance again under another name: must not be stored twice
        upload("incoming/copies/ct-0-again.dcm", study.toPart10(0));
        // not DICOM, and DICOM cut short: both to the dead letter
        upload("incoming/bad/notes.txt", "this is not a DICOM file".getBytes(StandardCharsets.UTF_8));
        byte[] truncated = java.util.Arrays.copyOf(SyntheticStudy.withSeed(5).toPart10(0), 100);
        upload("incoming/bad/truncated.dcm", truncated);
        // a file copied into the bucket folder, announced by the emulator's rescan like a finished upload
        SyntheticStudy other = SyntheticStudy.withSeed(78);
        Path folder = cloud.dataDir().resolve("gcs").resolve(BUCKET).resolve("incoming").resolve("dropped");
        Files.createDirectories(folder);
        Path staged = work.resolve("staged.dcm");
        Files.write(staged, other.toPart10(0));
        Files.move(staged, folder.resolve("ct-dropped.dcm"));
        assertTrue(cloud.rescanBuckets() >= 1, "the dropped file was announced");
        rawSopUids.add(other.sopInstanceUid(0));
        originals.add(other.instance(0));

        awaitTrue("every notification handled", () -> total("ingested") + total("ingest_duplicates")
                + total("dead_lettered") >= 8);
        // the outcome counts: two replicas may both store the same instance at once (STOW of identical bytes
        // succeeds), so the check is on the store's content, not on which replica stored what
        assertEquals(rawSopUids, sopUids("raw"), "each instance stored exactly once");
        assertEquals(6, total("ingested") + total("ingest_duplicates"), "six DICOM objects handled");
        assertEquals(2, total("dead_lettered"));

        Blob notes = storage.get(BlobId.of(BUCKET, "deadletter/incoming/bad/notes.txt"));
        assertNotNull(notes, "the text file is in the dead letter");
        assertTrue(notes.getMetadata().get(IngestSupport.REASON_KEY).startsWith("not a DICOM Part 10 file"),
                notes.getMetadata().toString());
        assertEquals("gs://dicom-inbox/incoming/bad/notes.txt", notes.getMetadata().get(IngestSupport.SOURCE_KEY));
        assertEquals("this is not a DICOM file", new String(notes.getContent(), StandardCharsets.UTF_8),
                "nothing lost");
        Blob cut = storage.get(BlobId.of(BUCKET, "deadletter/incoming/bad/truncated.dcm"));
        assertNotNull(cut, "the truncated file is in the dead letter");
        assertFalse(cut.getMetadata().get(IngestSupport.REASON_KEY).isBlank());
        assertNull(storage.get(BlobId.of(BUCKET, "incoming/bad/notes.txt")), "moved, not copied");

        // Pub/Sub delivers at least once: the same notifications again change nothing
        long handledBefore = total("ingested") + total("ingest_duplicates") + total("ingest_skipped");
        redeliver("incoming/study77/ct-1.dcm");
        redeliver("incoming/bad/notes.txt");
        awaitTrue("redeliveries handled", () -> total("ingested") + total("ingest_duplicates")
                + total("ingest_skipped") >= handledBefore + 2);
        assertEquals(rawSopUids, sopUids("raw"));
        assertEquals(7, total("ingested") + total("ingest_duplicates"));
        assertEquals(1, total("ingest_skipped"), "the dead-lettered object is gone, nothing to do");
        assertEquals(2, total("dead_lettered"), "a redelivered dead letter is not moved again");
        assertEquals(2, storage.list(BUCKET, Storage.BlobListOption.prefix("deadletter/")).streamAll().count());
    }

    @Test
    @Order(2)
    void importDeidentifyStreamToBigQueryAndNotify() throws Exception {
        SyntheticStudy study = SyntheticStudy.withSeed(91).instances(3);
        for (int i = 0; i < 3; i++) {
            upload("import/it/ct-" + i + ".dcm", study.toPart10(i));
            rawSopUids.add(study.sopInstanceUid(i));
            originals.add(study.instance(i));
        }
        Pipeline job = replicas.get(0);
        assertEquals("imported=3 failed=0", job.runJob("import-from-gcs"));
        assertEquals(rawSopUids, sopUids("raw"));

        int expected = rawSopUids.size();
        assertEquals("deidentified=" + expected + " failed=0", job.runJob("deidentify"));

        // de-identified: no patient name, id, birth date or original UID left
        List<Map<String, Object>> deid = search("deidentified");
        assertEquals(expected, deid.size());
        Set<String> originalUids = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> birthDates = new HashSet<>();
        for (Attributes a : originals) {
            originalUids.add(a.getString(Tags.StudyInstanceUID));
            originalUids.add(a.getString(Tags.SeriesInstanceUID));
            originalUids.add(a.getString(Tags.SOPInstanceUID));
            names.add(a.getString(Tags.PatientName));
            ids.add(a.getString(Tags.PatientID));
            birthDates.add(a.getString(Tags.PatientBirthDate));
        }
        assertFalse(names.contains(null) || ids.contains(null) || birthDates.contains(null),
                "the synthetic originals carry patient data");
        Set<String> deidSops = new HashSet<>();
        for (Map<String, Object> instance : deid) {
            String text = instance.toString();
            for (String uid : originalUids) {
                assertFalse(text.contains(uid), "original UID left: " + uid);
            }
            for (String name : names) {
                for (String part : name.split("\\^")) {
                    assertFalse(!part.isBlank() && text.contains(part), "patient name left");
                }
            }
            ids.forEach(id -> assertFalse(text.contains(id), "patient id left"));
            birthDates.forEach(d -> assertFalse(!d.isBlank() && text.contains(d), "birth date left"));
            deidSops.add(value(instance, "00080018"));
        }

        // the same, read by pydicom from the stored files themselves
        Path deidFiles = work.resolve("deid-files");
        Files.createDirectories(deidFiles);
        for (Map<String, Object> instance : deid) {
            Map<String, Object> headers = new HashMap<>();
            headers.put("CamelDicomStoreDicomStore", "deidentified");
            headers.put("CamelDicomStoreStudyInstanceUid", value(instance, "0020000D"));
            headers.put("CamelDicomStoreSeriesInstanceUid", value(instance, "0020000E"));
            headers.put("CamelDicomStoreSopInstanceUid", value(instance, "00080018"));
            try (ProducerTemplate template = replicas.get(0).camelContext().createProducerTemplate();
                 java.io.InputStream in = template.requestBodyAndHeaders(
                         "dicomstore:retrieveInstance?accept=application/dicom; transfer-syntax=*", null, headers,
                         java.io.InputStream.class)) {
                Files.copy(in, deidFiles.resolve(value(instance, "00080018") + ".dcm"));
            }
        }
        Process pydicom = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                "import pydicom, sys, os",
                "for f in sorted(os.listdir(sys.argv[1])):",
                "    d = pydicom.dcmread(os.path.join(sys.argv[1], f))",
                "    print('|'.join([str(d.get('PatientName', '')), str(d.get('PatientID', '')),",
                "        str(d.get('PatientBirthDate', '')), d.StudyInstanceUID, d.SeriesInstanceUID, d.SOPInstanceUID,",
                "        str(d.get('PatientIdentityRemoved', ''))]))"), deidFiles.toString())
                .redirectErrorStream(true).start();
        String pydicomOut = new String(pydicom.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pydicom.waitFor(), pydicomOut);
        List<String> rows = pydicomOut.lines().toList();
        assertEquals(expected, rows.size(), pydicomOut);
        for (String row : rows) {
            String[] f = row.split("\\|", -1);
            assertFalse(names.contains(f[0]) || ids.contains(f[1]) || birthDates.contains(f[2]), row);
            assertFalse(originalUids.contains(f[3]) || originalUids.contains(f[4]) || originalUids.contains(f[5]), row);
            assertEquals("YES", f[6], row);
        }

        // streamed to BigQuery by the store's streamConfigs, queryable
        String table = "dicom_metadata.deidentified_instances";
        awaitTrue("rows streamed", () -> queryLong("SELECT COUNT(*) FROM " + table) >= expected);
        assertEquals(expected, queryLong("SELECT COUNT(DISTINCT SOPInstanceUID) FROM " + table));
        Set<String> streamed = new HashSet<>();
        for (FieldValueList row : bigQuery.query(QueryJobConfiguration.newBuilder(
                "SELECT SOPInstanceUID FROM " + table).setDefaultDataset("dicom_metadata").build()).iterateAll()) {
            streamed.add(row.get(0).getStringValue());
        }
        assertEquals(deidSops, streamed);
        String report = (String) job.runJob("stream-to-bigquery");
        assertTrue(report.startsWith("bigquery_rows="), report);

        // notified on Pub/Sub: the three replicas share the subscription; one thumbnail per instance
        awaitTrue("thumbnails written", () -> thumbnailNames().size() >= expected);
        awaitTrue("notifications acknowledged", () -> total("notifications") >= expected);
        assertEquals(deidSops.stream().map(uid -> uid + ".png").collect(Collectors.toSet()), thumbnailNames());
        for (String name : thumbnailNames()) {
            byte[] png = Files.readAllBytes(thumbnails.resolve(name));
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]);
        }
    }

    @Test
    @Order(3)
    void healthChecksOfRoutesAndConsumersAndCamelMetricsAreServed() throws Exception {
        Pipeline first = replicas.get(0);
        int port = first.healthPort();
        assertTrue(port > 0, "replica 0 was started with dicompipe.http.port=0");
        assertEquals(-1, replicas.get(1).healthPort(), "dicompipe.http.port=-1 turns the server off");

        java.net.http.HttpResponse<String> health = get(port, "/observe/health");
        assertEquals(200, health.statusCode(), health.body());
        com.google.gson.JsonObject answer = com.google.gson.JsonParser.parseString(health.body()).getAsJsonObject();
        assertEquals("UP", answer.get("status").getAsString(), health.body());
        Map<String, String> checks = new HashMap<>();
        answer.getAsJsonArray("checks").forEach(c -> checks.put(c.getAsJsonObject().get("name").getAsString(),
                c.getAsJsonObject().get("status").getAsString()));
        // the routes of routes/ and their consumers, not only the context
        assertEquals("UP", checks.get("context"), checks.toString());
        assertEquals("UP", checks.get("route:event-ingest"), checks.toString());
        assertEquals("UP", checks.get("route:provision"), checks.toString());
        assertEquals("UP", checks.get("consumer:event-ingest"), checks.toString());
        assertEquals(200, get(port, "/observe/health/ready").statusCode(), "the readiness probe");

        // a counter the routes never touch, created after start: published like the others
        first.stats().increment("it_probe");
        java.net.http.HttpResponse<String> metrics = get(port, "/observe/metrics");
        assertEquals(200, metrics.statusCode());
        List<String> lines = metrics.body().lines().filter(l -> !l.startsWith("#")).toList();
        // Camel's route metrics: replica 0 ran provision once
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("camel_exchanges_total{")
                && l.contains("routeId=\"provision\"") && l.endsWith(" 1.0")), metrics.body());
        // the pipeline's own counters, with their values
        for (Map.Entry<String, Long> counter : first.stats().snapshot().entrySet()) {
            String line = "dicompipe_" + counter.getKey() + " " + (double) counter.getValue();
            assertTrue(lines.contains(line), line + " in\n" + metrics.body());
        }
        assertTrue(lines.contains("dicompipe_it_probe 1.0"), metrics.body());
    }

    private static java.net.http.HttpResponse<String> get(int port, String path) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private void upload(String name, byte[] data) {
        storage.create(BlobInfo.newBuilder(BlobId.of(BUCKET, name)).build(), data);
    }

    /** A second OBJECT_FINALIZE for an object, as Pub/Sub may deliver. */
    private void redeliver(String object) {
        Map<String, String> attributes = Map.of("eventType", "OBJECT_FINALIZE", "bucketId", BUCKET, "objectId", object,
                "payloadFormat", "JSON_API_V1");
        try (ProducerTemplate template = replicas.get(1).camelContext().createProducerTemplate()) {
            template.sendBodyAndHeader("google-pubsub:" + PROJECT + ":gcs-incoming", "{}",
                    "CamelGooglePubsubAttributes", attributes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long total(String counter) {
        return replicas.stream().mapToLong(p -> p.stats().get(counter)).sum();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> search(String store) {
        try (ProducerTemplate template = replicas.get(2).camelContext().createProducerTemplate()) {
            return template.requestBodyAndHeader("dicomstore:searchForInstances?includefield=all", null,
                    "CamelDicomStoreDicomStore", store, List.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> sopUids(String store) {
        return search(store).stream().map(m -> value(m, "00080018")).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static String value(Map<String, Object> instance, String tag) {
        Map<String, Object> element = (Map<String, Object>) instance.get(tag);
        return String.valueOf(((List<Object>) element.get("Value")).get(0));
    }

    private long queryLong(String sql) {
        try {
            for (FieldValueList row : bigQuery.query(QueryJobConfiguration.of(sql)).iterateAll()) {
                return row.get(0).getLongValue();
            }
            return 0;
        } catch (com.google.cloud.bigquery.BigQueryException e) {
            if (e.getCode() == 404) {
                return 0; // the stream creates the table with its first row
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Set<String> thumbnailNames() {
        if (!Files.isDirectory(thumbnails)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(thumbnails)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": not reached within " + DEADLINE);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

}
