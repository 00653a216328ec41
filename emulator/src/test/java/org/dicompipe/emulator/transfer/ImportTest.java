package org.dicompipe.emulator.transfer;

import static org.dicompipe.emulator.transfer.TransferFixture.CORPUS;
import static org.dicompipe.emulator.transfer.TransferFixture.counter;
import static org.dicompipe.emulator.transfer.TransferFixture.errorCode;
import static org.dicompipe.emulator.transfer.TransferFixture.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.BlobStorageSettings;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsSource;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.StorageInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.InstanceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dicomStores.import through the generated Healthcare client, from objects put in with google-cloud-storage. */
class ImportTest {

    private static final List<String> TOP = List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm");
    private static final List<String> SUB = List.of("rtplan.dcm", "liver_1frame.dcm");
    private static final String DEEPER = "SC_rgb_jpeg_dcmtk.dcm";

    @TempDir
    static Path dir;
    static TransferFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = TransferFixture.start(dir.resolve("data"));
        fx.bucket("src");
        for (String f : TOP) {
            fx.upload("src", "in/" + f, CORPUS.resolve(f));
        }
        for (String f : SUB) {
            fx.upload("src", "in/sub/" + f, CORPUS.resolve(f));
        }
        fx.upload("src", "in/sub/deeper/" + DEEPER, CORPUS.resolve(DEEPER));
        fx.uploadText("src", "in/notes.txt", "not a DICOM file\n");
        byte[] whole = SyntheticStudy.withSeed(99).instances(1).toPart10(0);
        fx.upload("src", "in/truncated.dcm", Arrays.copyOf(whole, whole.length / 2));
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private Operation importFrom(String store, String uri) throws Exception {
        return fx.awaitDone(fx.stores().healthcareImport(store, request(uri)).execute());
    }

    private static ImportDicomDataRequest request(String uri) {
        return new ImportDicomDataRequest().setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri(uri));
    }

    /** SOPInstanceUIDs as pydicom reads them from the corpus files. */
    private static Set<String> sopUids(List<String> files) throws Exception {
        return new TreeSet<>(Pydicom.eval("ds.SOPInstanceUID", files.stream().map(CORPUS::resolve).toList()));
    }

    private static Set<String> storedSopUids(String store) throws Exception {
        return fx.keys(store).stream().map(InstanceKey::instance).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void starMatchesOneFolderLevelAndCountsNonDicomAndTruncatedObjectsAsFailures() throws Exception {
        String store = fx.newStore("star", "s");
        Operation op = importFrom(store, "gs://src/in/*");
        assertEquals(0, errorCode(op), () -> "operation failed: " + op.getError());
        assertEquals("type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse",
                op.getResponse().get("@type"));
        assertEquals("google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData",
                op.getMetadata().get("apiMethodName"));
        assertEquals(3, counter(op, "success"));
        assertEquals(2, counter(op, "failure"));
        assertEquals(sopUids(TOP), storedSopUids(store));
        // stored as received, byte for byte
        for (InstanceKey k : fx.keys(store)) {
            byte[] stored = Files.readAllBytes(fx.storeStorage(store).file(k));
            boolean sameAsASource = false;
            for (String f : TOP) {
                sameAsASource |= Arrays.equals(stored, Files.readAllBytes(CORPUS.resolve(f)));
            }
            assertTrue(sameAsASource, "stored bytes differ from every source file");
        }
    }

    @Test
    void doubleStarMatchesRecursively() throws Exception {
        String store = fx.newStore("doublestar", "s");
        Operation op = importFrom(store, "gs://src/in/**");
        assertEquals(0, errorCode(op));
        assertEquals(6, counter(op, "success"));
        assertEquals(2, counter(op, "failure"));
        List<String> all = new java.util.ArrayList<>(TOP);
        all.addAll(SUB);
        all.add(DEEPER);
        assertEquals(sopUids(all), storedSopUids(store));
    }

    @Test
    void exactNameAndQuestionMarkSelectSingleObjects() throws Exception {
        String store = fx.newStore("single", "s");
        Operation exact = importFrom(store, "gs://src/in/sub/rtplan.dcm");
        assertEquals(1, counter(exact, "success"));
        assertEquals(sopUids(List.of("rtplan.dcm")), storedSopUids(store));
        Operation question = importFrom(store, "gs://src/in/?R_small.dcm");
        assertEquals(1, counter(question, "success"));
        assertEquals(0, counter(question, "failure"));
        assertEquals(sopUids(List.of("rtplan.dcm", "MR_small.dcm")), storedSopUids(store));
    }

    @Test
    void identicalInstancesAlreadyStoredSucceedAndDifferentOnesUnderTheSameUidsFail() throws Exception {
        String store = fx.newStore("again", "s");
        importFrom(store, "gs://src/in/*");
        List<InstanceKey> before = fx.keys(store);
        Operation again = importFrom(store, "gs://src/in/*");
        assertEquals(3, counter(again, "success"));
        assertEquals(2, counter(again, "failure"));
        assertEquals(before, fx.keys(store));

        // MR_small_implicit.dcm carries MR_small.dcm's UIDs with other bytes
        fx.upload("src", "conflict/MR.dcm", CORPUS.resolve("MR_small_implicit.dcm"));
        Operation conflict = importFrom(store, "gs://src/conflict/*");
        assertEquals(0, counter(conflict, "success"));
        assertEquals(1, counter(conflict, "failure"));
        String mrUid = sopUids(List.of("MR_small.dcm")).iterator().next();
        InstanceKey mr = fx.keys(store).stream().filter(k -> k.instance().equals(mrUid)).findFirst().orElseThrow();
        assertArrayEquals(Files.readAllBytes(CORPUS.resolve("MR_small.dcm")),
                Files.readAllBytes(fx.storeStorage(store).file(mr)));
    }

    @Test
    void filesCopiedIntoTheBucketFolderAreImported() throws Exception {
        Path folder = fx.dataDir.resolve("gcs/dropped/series");
        Files.createDirectories(folder);
        List<Path> written = SyntheticStudy.withSeed(5).instances(4).writeTo(folder, "1.2.840.10008.1.2.1");
        String store = fx.newStore("dropped", "s");
        Operation op = importFrom(store, "gs://dropped/series/*");
        assertEquals(4, counter(op, "success"));
        assertEquals(new TreeSet<>(Pydicom.eval("ds.SOPInstanceUID", written)), storedSopUids(store));
    }

    @Test
    void blobStorageSettingsApplyToImportedInstances() throws Exception {
        String store = fx.newStore("coldimport", "s");
        Operation op = fx.awaitDone(fx.stores().healthcareImport(store, request("gs://src/in/CT_small.dcm")
                .setBlobStorageSettings(new BlobStorageSettings().setBlobStorageClass("ARCHIVE"))).execute());
        assertEquals(1, counter(op, "success"));
        InstanceKey k = fx.keys(store).get(0);
        StorageInfo info = fx.stores().dicomWeb().studies().series().instances().getStorageInfo(store
                + "/dicomWeb/studies/" + k.study() + "/series/" + k.series() + "/instances/" + k.instance()).execute();
        assertEquals("ARCHIVE", info.getBlobStorageInfo().getStorageClass());
    }

    @Test
    void missingBucketAndNoMatchFailTheOperationWithNotFoundAndStoreNothing() throws Exception {
        String store = fx.newStore("nothing", "s");
        Operation noBucket = importFrom(store, "gs://no-such-bucket/in/*");
        assertEquals(5, errorCode(noBucket), () -> "expected NOT_FOUND: " + noBucket);
        Operation noMatch = importFrom(store, "gs://src/in/*.none");
        assertEquals(5, errorCode(noMatch));
        Operation noFolder = importFrom(store, "gs://src/absent/**");
        assertEquals(5, errorCode(noFolder));
        assertTrue(fx.keys(store).isEmpty());
    }

    @Test
    void malformedRequestsAreRefusedBeforeAnOperationStarts() throws Exception {
        String store = fx.newStore("bad", "s");
        int before = operationCount("bad");
        fails(400, fx.stores().healthcareImport(store, request("s3://src/in/*")));
        fails(400, fx.stores().healthcareImport(store, request("gs://src/**/x.dcm")));
        fails(400, fx.stores().healthcareImport(store, request("gs://src/in/*/**")));
        fails(400, fx.stores().healthcareImport(store, request("gs://src")));
        fails(400, fx.stores().healthcareImport(store, new ImportDicomDataRequest()));
        fails(400, fx.stores().healthcareImport(store, request("gs://src/in/*")
                .setBlobStorageSettings(new BlobStorageSettings().setBlobStorageClass("FROZEN"))));
        fails(404, fx.stores().healthcareImport(store.replace("/s", "/absent"), request("gs://src/in/*")));
        assertEquals(before, operationCount("bad"));
        assertTrue(fx.keys(store).isEmpty());
    }

    private static int operationCount(String dataset) throws Exception {
        var list = fx.datasets().operations().list(TransferFixture.LOCATION + "/datasets/" + dataset).execute()
                .getOperations();
        return list == null ? 0 : list.size();
    }

    @Test
    void cancellingStopsTheImportAndTheCountersMatchTheStore() throws Exception {
        Path folder = fx.dataDir.resolve("gcs/many/series");
        Files.createDirectories(folder);
        int total = 60;
        SyntheticStudy.withSeed(11).instances(total).size(16, 16).writeTo(folder, "1.2.840.10008.1.2.1");
        String store = fx.newStore("cancel", "s");
        CountDownLatch firstImported = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        // holds the workers inside the operation until the test has asked for the cancellation
        fx.server.context().feature(TransferFeature.class).orElseThrow().addListener(new TransferEvents() {
            @Override
            public void instanceImported(DicomStoreName s, InstanceKey instance) {
                if (s.toString().equals(store)) {
                    firstImported.countDown();
                    try {
                        released.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        Operation started = fx.stores().healthcareImport(store, request("gs://many/series/*")).execute();
        assertTrue(firstImported.await(60, TimeUnit.SECONDS), "no instance was imported");
        Operation running = fx.datasets().operations().get(started.getName()).execute();
        assertTrue(!Boolean.TRUE.equals(running.getDone()));
        fx.datasets().operations().cancel(started.getName(),
                new com.google.api.services.healthcare.v1.model.CancelOperationRequest()).execute();
        released.countDown();
        Operation done = fx.awaitDone(started);
        assertEquals(1, errorCode(done), () -> "expected CANCELLED: " + done);
        long success = counter(done, "success");
        assertTrue(success > 0 && success < total, "success counter " + success);
        assertEquals(0, counter(done, "failure"));
        assertEquals(success, fx.keys(store).size());
        assertEquals(total - success, counter(done, "pending"));
    }
}
