package org.dicompipe.emulator.transfer;

import static org.dicompipe.emulator.transfer.TransferFixture.counter;
import static org.dicompipe.emulator.transfer.TransferFixture.errorCode;
import static org.dicompipe.emulator.transfer.TransferFixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.services.healthcare.v1.model.BlobStorageSettings;
import com.google.api.services.healthcare.v1.model.DicomFilterConfig;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsSource;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.SetBlobStorageSettingsRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.InstanceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * setBlobStorageSettings at instance, series, study and store level through the generated client; the result read
 * with getStorageInfo, and the change events other features get.
 */
class BlobStorageSettingsTest {

    @TempDir
    static Path dir;
    static TransferFixture fx;
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    String store;
    /** Two studies: seed 1 with 3 instances, seed 2 with 2. */
    List<InstanceKey> a;
    List<InstanceKey> b;

    @BeforeAll
    static void start() throws Exception {
        fx = TransferFixture.start(dir.resolve("data"));
        fx.bucket("src");
        fx.server.context().feature(TransferFeature.class).orElseThrow().addListener(new TransferEvents() {
            @Override
            public void storageClassChanged(DicomStoreName s, InstanceKey k, String previous, String storageClass) {
                EVENTS.add(k.instance() + " " + previous + "->" + storageClass);
            }
        });
        Path folder = fx.dataDir.resolve("gcs/src/studies");
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        SyntheticStudy.withSeed(1).instances(3).writeTo(folder.resolve("a"), "1.2.840.10008.1.2.1");
        SyntheticStudy.withSeed(2).instances(2).writeTo(folder.resolve("b"), "1.2.840.10008.1.2.1");
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static int stores;

    @BeforeEach
    void newStore() throws Exception {
        store = fx.newStore("blob" + (++stores), "s");
        Operation op = fx.awaitDone(fx.stores().healthcareImport(store, new ImportDicomDataRequest()
                .setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri("gs://src/studies/**"))).execute());
        assertEquals(5, counter(op, "success"));
        String studyA = SyntheticStudy.withSeed(1).studyInstanceUid();
        a = new ArrayList<>();
        b = new ArrayList<>();
        for (InstanceKey k : fx.keys(store)) {
            (k.study().equals(studyA) ? a : b).add(k);
        }
        assertEquals(3, a.size());
        EVENTS.clear();
    }

    private static SetBlobStorageSettingsRequest to(String storageClass) {
        return new SetBlobStorageSettingsRequest().setBlobStorageSettings(
                new BlobStorageSettings().setBlobStorageClass(storageClass));
    }

    private String path(InstanceKey k, int depth) {
        String p = store + "/dicomWeb/studies/" + k.study();
        if (depth > 1) {
            p += "/series/" + k.series();
        }
        if (depth > 2) {
            p += "/instances/" + k.instance();
        }
        return p;
    }

    private Operation set(String resource, SetBlobStorageSettingsRequest request) throws Exception {
        Operation op = fx.awaitDone(fx.stores().dicomWeb().studies().setBlobStorageSettings(resource, request).execute());
        assertEquals(0, errorCode(op), () -> "failed: " + op.getError());
        assertEquals("type.googleapis.com/google.cloud.healthcare.v1.dicom.SetBlobStorageSettingsResponse",
                op.getResponse().get("@type"));
        return op;
    }

    /** Storage class of every instance by SOPInstanceUID, as getStorageInfo reports it. */
    private Map<String, String> classes() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (InstanceKey k : fx.keys(store)) {
            out.put(k.instance(), fx.stores().dicomWeb().studies().series().instances().getStorageInfo(path(k, 3))
                    .execute().getBlobStorageInfo().getStorageClass());
        }
        return out;
    }

    private Map<String, String> expect(String dflt, List<InstanceKey> changed, String storageClass) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (InstanceKey k : fx.keys(store)) {
            out.put(k.instance(), changed.contains(k) ? storageClass : dflt);
        }
        return out;
    }

    @Test
    void instanceSeriesAndStudyLevels() throws Exception {
        Operation one = set(path(a.get(0), 3), to("ARCHIVE"));
        assertEquals(1, counter(one, "success"));
        assertEquals(expect("STANDARD", List.of(a.get(0)), "ARCHIVE"), classes());
        assertEquals(List.of(a.get(0).instance() + " STANDARD->ARCHIVE"), EVENTS);

        Operation series = set(path(a.get(0), 2), to("COLDLINE"));
        assertEquals(3, counter(series, "success"));
        assertEquals(expect("STANDARD", a, "COLDLINE"), classes());

        EVENTS.clear();
        Operation study = set(path(b.get(0), 1), to("NEARLINE"));
        assertEquals(2, counter(study, "success"));
        Map<String, String> want = expect("COLDLINE", b, "NEARLINE");
        assertEquals(want, classes());
        assertEquals(2, EVENTS.size());

        // setting the class an instance already has changes nothing and announces nothing
        EVENTS.clear();
        set(path(b.get(0), 1), to("NEARLINE"));
        assertEquals(List.of(), EVENTS);
    }

    @Test
    void storeLevelWithAndWithoutFilterConfig() throws Exception {
        fx.uploadText("src", "filters/" + store.hashCode() + ".txt",
                "/studies/" + b.get(0).study() + "\n/studies/" + a.get(1).study() + "/series/" + a.get(1).series()
                        + "/instances/" + a.get(1).instance() + "\r\n\n");
        Operation filtered = fx.awaitDone(fx.stores().setBlobStorageSettings(store, to("ARCHIVE").setFilterConfig(
                new DicomFilterConfig().setResourcePathsGcsUri("gs://src/filters/" + store.hashCode() + ".txt")))
                .execute());
        assertEquals(0, errorCode(filtered));
        assertEquals(3, counter(filtered, "success"));
        List<InstanceKey> changed = new ArrayList<>(b);
        changed.add(a.get(1));
        assertEquals(expect("STANDARD", changed, "ARCHIVE"), classes());

        Operation all = fx.awaitDone(fx.stores().setBlobStorageSettings(store, to("COLDLINE")).execute());
        assertEquals(5, counter(all, "success"));
        assertEquals(expect("COLDLINE", List.of(), "COLDLINE"), classes());
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws Exception {
        fails(400, fx.stores().dicomWeb().studies().setBlobStorageSettings(path(a.get(0), 1), to("FROZEN")));
        fails(400, fx.stores().dicomWeb().studies().setBlobStorageSettings(path(a.get(0), 1),
                new SetBlobStorageSettingsRequest()));
        fails(404, fx.stores().dicomWeb().studies().setBlobStorageSettings(
                store + "/dicomWeb/studies/1.2.3.4.5", to("ARCHIVE")));
        fails(404, fx.stores().dicomWeb().studies().setBlobStorageSettings(
                path(a.get(0), 2) + "/instances/1.2.3.4.5", to("ARCHIVE")));
        // a filter goes with the store as resource, not a study
        fails(400, fx.stores().dicomWeb().studies().setBlobStorageSettings(path(a.get(0), 1), to("ARCHIVE")
                .setFilterConfig(new DicomFilterConfig().setResourcePathsGcsUri("gs://src/whatever.txt"))));
        fails(400, fx.stores().setBlobStorageSettings(store, to("ARCHIVE")
                .setFilterConfig(new DicomFilterConfig().setResourcePathsGcsUri("not-a-uri"))));
        fails(400, fx.stores().setBlobStorageSettings(store, to("ARCHIVE")
                .setFilterConfig(new DicomFilterConfig().setResourcePathsGcsUri("gs://src/missing.txt"))));
        fx.uploadText("src", "filters/bad.txt", "/studies/" + a.get(0).study() + "\n/patients/1\n");
        fails(400, fx.stores().setBlobStorageSettings(store, to("ARCHIVE")
                .setFilterConfig(new DicomFilterConfig().setResourcePathsGcsUri("gs://src/filters/bad.txt"))));
        assertEquals(expect("STANDARD", List.of(), "STANDARD"), classes());
        assertEquals(List.of(), EVENTS);
    }
}
