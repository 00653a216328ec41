package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DeidentifyDicomStoreRequest;
import com.google.api.services.healthcare.v1.model.DicomConfig;
import com.google.api.services.healthcare.v1.model.DicomFilterConfig;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.Uids;
import org.dicompipe.emulator.Eventually;
import org.dicompipe.emulator.gcs.LocalStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs from the local Cloud Storage (a config via gcsConfigUri, a resource path list via filterConfig), written
 * with Google's storage client; and an instance that cannot be read, which must count as a failure while the others
 * are de-identified.
 */
class DeidentifyInputsAndFailuresTest {

    @TempDir
    static Path dataDir;
    static DeidFixture fx;
    static Storage gcs;
    static String dataset;
    static String source;
    static String study;
    static String series1;
    static final List<Attributes> SOURCES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fx = DeidFixture.start(dataDir);
        gcs = LocalStorage.client(fx.server, "p");
        gcs.create(BucketInfo.of("deid-inputs"));
        dataset = fx.dataset("inputs");
        source = fx.store(dataset, "source");
        study = Uids.generate();
        series1 = Uids.generate();
        String series2 = Uids.generate();
        for (int i = 0; i < 6; i++) {
            Attributes a = TestInstances.ct(DeidentifyDicomStoreTest.RICHARD, study, i < 4 ? series1 : series2,
                    Uids.generate(), null, i);
            fx.storeInstance(source, TestInstances.part10(a));
            SOURCES.add(a);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    static void upload(String object, String content) {
        gcs.create(BlobInfo.newBuilder(BlobId.of("deid-inputs", object)).build(),
                content.getBytes(StandardCharsets.UTF_8));
    }

    static Operation run(DeidentifyDicomStoreRequest request) throws Exception {
        return fx.awaitDone(fx.datasets().dicomStores().deidentify(source, request).execute());
    }

    @Test
    void configFromCloudStorageActsLikeTheSameInlineConfig() throws Exception {
        upload("configs/basic.json", "{\"dicom\": {\"filterProfile\": \"ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE\"}}");
        Operation fromGcs = run(new DeidentifyDicomStoreRequest().setDestinationStore(dataset + "/dicomStores/from-gcs")
                .setGcsConfigUri("gs://deid-inputs/configs/basic.json"));
        assertNull(fromGcs.getError());
        assertNull(DeidFixture.logsUrl(fromGcs), "nothing failed, so there is no error log to link");
        Operation inline = fx.run(source, dataset + "/dicomStores/inline", new DeidentifyConfig()
                .setDicom(new DicomConfig().setFilterProfile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE")));
        assertNull(inline.getError());
        Set<InstanceKey> a = new HashSet<>(fx.storage(dataset + "/dicomStores/from-gcs").keys());
        assertEquals(SOURCES.size(), a.size());
        assertEquals(a, new HashSet<>(fx.storage(dataset + "/dicomStores/inline").keys()));
    }

    @Test
    void malformedConfigInCloudStorageIsRefused() throws Exception {
        upload("configs/bad.json", "{\"dicom\": {\"filterProfile\": 7, \"unknownField\": true}}");
        DeidFixture.fails(400, fx.datasets().dicomStores().deidentify(source, new DeidentifyDicomStoreRequest()
                .setDestinationStore(dataset + "/dicomStores/never").setGcsConfigUri("gs://deid-inputs/configs/bad.json")));
        DeidFixture.fails(404, fx.datasets().dicomStores().get(dataset + "/dicomStores/never"));
    }

    @Test
    void resourcePathsSelectWhatIsDeidentified() throws Exception {
        InstanceKey single = new InstanceKey(study, SOURCES.get(5).getString(Tags.SeriesInstanceUID),
                SOURCES.get(5).getString(Tags.SOPInstanceUID));
        upload("filters/paths.txt", "/studies/" + study + "/series/" + series1 + "\r\n\n/studies/" + single.study()
                + "/series/" + single.series() + "/instances/" + single.instance() + "\n");
        Operation op = run(new DeidentifyDicomStoreRequest().setDestinationStore(dataset + "/dicomStores/filtered")
                .setConfig(new DeidentifyConfig().setDicom(new DicomConfig().setSkipIdRedaction(true)))
                .setFilterConfig(new DicomFilterConfig().setResourcePathsGcsUri("gs://deid-inputs/filters/paths.txt")));
        assertNull(op.getError());
        assertEquals(5, DeidFixture.counter(op, "success"));
        Set<InstanceKey> expected = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            expected.add(new InstanceKey(study, series1, SOURCES.get(i).getString(Tags.SOPInstanceUID)));
        }
        expected.add(single);
        assertEquals(expected, new HashSet<>(fx.storage(dataset + "/dicomStores/filtered").keys()));

        upload("filters/bad.txt", "/studies/" + study + "/instances/1.2.3\n");
        DeidFixture.fails(400, fx.datasets().dicomStores().deidentify(source, new DeidentifyDicomStoreRequest()
                .setDestinationStore(dataset + "/dicomStores/never2")
                .setFilterConfig(new DicomFilterConfig().setResourcePathsGcsUri("gs://deid-inputs/filters/bad.txt"))));
        DeidFixture.fails(404, fx.datasets().dicomStores().get(dataset + "/dicomStores/never2"));
    }

    @Test
    void anUnreadableInstanceIsAFailureAndTheOthersGoOn() throws Exception {
        String broken = dataset + "/dicomStores/broken-source";
        fx.store(dataset, "broken-source");
        for (Attributes a : SOURCES) {
            fx.storeInstance(broken, TestInstances.part10(a));
        }
        // the stored file of one instance is damaged on disk (as a failing disk would), its index row stays
        InstanceKey victim = new InstanceKey(study, series1, SOURCES.get(2).getString(Tags.SOPInstanceUID));
        Path file = fx.storage(broken).file(victim);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 300));

        Operation op = fx.awaitDone(fx.datasets().dicomStores().deidentify(broken, new DeidentifyDicomStoreRequest()
                .setDestinationStore(dataset + "/dicomStores/from-broken")
                .setConfig(new DeidentifyConfig().setDicom(new DicomConfig().setSkipIdRedaction(true)))).execute());
        assertNull(op.getError(), "an instance failing does not fail the operation");
        assertEquals(SOURCES.size() - 1, DeidFixture.counter(op, "success"));
        assertEquals(1, DeidFixture.counter(op, "failure"));
        List<InstanceKey> written = fx.storage(dataset + "/dicomStores/from-broken").keys();
        assertEquals(SOURCES.size() - 1, written.size());
        assertTrue(!written.contains(victim), "nothing half-written for the failed instance");

        // the failure is described where metadata.logsUrl (read through Google's client) points
        String logsUrl = DeidFixture.logsUrl(op);
        assertNotNull(logsUrl, "an operation with failures links its error log");
        HttpResponse<byte[]> r = fx.get(logsUrl, "*/*");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        List<String> log = new String(r.body(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, log.size(), log.toString());
        JsonObject entry = JsonParser.parseString(log.get(0)).getAsJsonObject();
        assertEquals(op.getName(), entry.get("operation").getAsString());
        assertEquals("/studies/" + victim.study() + "/series/" + victim.series() + "/instances/" + victim.instance(),
                entry.get("resource").getAsString());
        assertFalse(entry.get("error").getAsString().isEmpty());
        // no log for an operation that does not exist or is in another dataset; a malformed name is refused
        String other = logsUrl.substring(0, logsUrl.lastIndexOf('/') + 1) + "1000000000000000001";
        assertEquals(404, fx.get(other, "*/*").statusCode());
        assertEquals(404, fx.get(logsUrl.replace("/datasets/", "/datasets/x"), "*/*").statusCode());
        assertEquals(400, fx.get(logsUrl.replace("/operations/", "/operations/%2E%2E/"), "*/*").statusCode());
    }

    @Test
    void cancelStopsBetweenInstancesAndLeavesOnlyWholeInstances() throws Exception {
        String big = dataset + "/dicomStores/big-source";
        fx.store(dataset, "big-source");
        String bigStudy = Uids.generate();
        String bigSeries = Uids.generate();
        int count = 12;
        int readable = 4;
        for (int i = 0; i < count; i++) {
            fx.storeInstance(big, TestInstances.part10(TestInstances.ct(DeidentifyDicomStoreTest.JANE, bigStudy,
                    bigSeries, Uids.generate(), null, i)));
        }
        // All but the first instances (in the order the operation takes them) become named pipes: opening one waits
        // until something writes to it, as a stalled disk would. The operation is thus still running when it is
        // cancelled however fast the machine is, and the test decides when the waiting reads go on.
        List<InstanceKey> keys = fx.storage(big).keys();
        List<Path> pipes = new ArrayList<>();
        for (InstanceKey k : keys.subList(readable, count)) {
            Path file = fx.storage(big).file(k);
            Files.delete(file);
            Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).redirectErrorStream(true).start();
            assertEquals(0, mkfifo.waitFor(), () -> "mkfifo failed");
            pipes.add(file);
        }
        Operation started = fx.datasets().dicomStores().deidentify(big, new DeidentifyDicomStoreRequest()
                .setDestinationStore(dataset + "/dicomStores/cancelled")).execute();
        awaitCounter(started, "success", readable);
        fx.datasets().operations().cancel(started.getName(),
                new com.google.api.services.healthcare.v1.model.CancelOperationRequest()).execute();
        Operation op = releaseUntilDone(started, pipes);

        assertEquals(1, op.getError().getCode(), "CANCELLED");
        long success = DeidFixture.counter(op, "success");
        assertEquals(readable, success, "only the readable instances were de-identified");
        assertTrue(success + DeidFixture.counter(op, "failure") < count, "stopped early: " + op.getMetadata());
        assertEquals(success, fx.storage(dataset + "/dicomStores/cancelled").keys().size(),
                "every counted instance is stored whole, nothing else");
    }

    /** Polls operations.get until a counter reaches {@code value} (30 s deadline). */
    static void awaitCounter(Operation started, String counter, long value) throws Exception {
        Operation op = Eventually.until(counter + " to reach " + value, Duration.ofSeconds(30),
                () -> fx.datasets().operations().get(started.getName()).execute(),
                o -> DeidFixture.counter(o, counter) >= value || Boolean.TRUE.equals(o.getDone()));
        assertTrue(DeidFixture.counter(op, counter) >= value, () -> "the operation ended early: " + op);
    }

    /**
     * Until the operation is done, gives every pipe a writer for a moment: a read waiting on one goes on, gets a few
     * bytes that are not DICOM and fails. Opening a pipe for reading and writing never waits (Linux), so this never
     * blocks the test; a pipe nobody reads just drops what was written when it is closed.
     */
    static Operation releaseUntilDone(Operation started, List<Path> pipes) throws Exception {
        return Eventually.until("the operation to be done", Duration.ofSeconds(30), () -> {
            for (Path pipe : pipes) {
                try (FileChannel ch = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap("not DICOM".getBytes(StandardCharsets.US_ASCII)));
                }
            }
            return fx.datasets().operations().get(started.getName()).execute();
        }, op -> Boolean.TRUE.equals(op.getDone()));
    }
}
