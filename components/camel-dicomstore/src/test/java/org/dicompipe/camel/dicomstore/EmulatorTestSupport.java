package org.dicompipe.camel.dicomstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * dicomstore: against the real local emulator, started in-process on a free port. Each test gets its own DICOM store;
 * the dataset is made with Google's generated client (the component has no dataset methods).
 */
abstract class EmulatorTestSupport extends CamelTestSupport {

    static final String PROJECT = "emu-project";
    static final String LOCATION = "us-central1";
    static final String DATASET = "camel-tests";
    static final String DATASET_NAME = "projects/" + PROJECT + "/locations/" + LOCATION + "/datasets/" + DATASET;
    private static final AtomicInteger STORES = new AtomicInteger();
    private static final AtomicInteger SEEDS = new AtomicInteger(1000);

    static EmulatorServer emulator;
    static CloudHealthcare direct;
    static Path dataDir;

    String store;
    String storeName;

    @BeforeAll
    static void startEmulator() throws Exception {
        dataDir = Files.createTempDirectory("dicomstore-emulator");
        emulator = EmulatorServer.start(EmulatorConfig.local(dataDir));
        direct = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), null)
                .setRootUrl(emulator.baseUrl().toString())
                .setApplicationName("dicomstore-test-setup")
                .build();
        direct.projects().locations().datasets()
                .create("projects/" + PROJECT + "/locations/" + LOCATION, new Dataset())
                .setDatasetId(DATASET).execute();
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (emulator != null) {
            emulator.close();
        }
        if (dataDir != null) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void newStore() throws Exception {
        store = "store-" + STORES.incrementAndGet();
        storeName = DATASET_NAME + "/dicomStores/" + store;
        direct.projects().locations().datasets().dicomStores().create(DATASET_NAME, new DicomStore())
                .setDicomStoreId(store).execute();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        DicomStoreComponent component = new DicomStoreComponent();
        DicomStoreConfiguration c = component.getConfiguration();
        c.setRootUrl(emulator.baseUrl().toString());
        c.setAuthenticate(false);
        c.setProject(PROJECT);
        c.setLocation(LOCATION);
        c.setDataset(DATASET);
        c.setPollInitialDelay(10);
        c.setPollMaxDelay(100);
        c.setTimeout(60_000);
        context.addComponent("dicomstore", component);
        return context;
    }

    /** A synthetic CT series (made-up patient, deterministic UIDs) unique to the calling test. */
    static SyntheticStudy newStudy(int instances) {
        return SyntheticStudy.withSeed(SEEDS.incrementAndGet()).instances(instances).size(32, 32);
    }

    static List<byte[]> part10(SyntheticStudy study) throws Exception {
        java.util.ArrayList<byte[]> list = new java.util.ArrayList<>();
        for (int i = 0; i < study.generate().size(); i++) {
            list.add(study.toPart10(i));
        }
        return list;
    }

    Exchange call(String uri, Object body, Map<String, Object> headers) {
        return template.request(uri, e -> {
            e.getIn().setBody(body);
            Map<String, Object> h = new LinkedHashMap<>();
            h.put(DicomStoreConstants.DICOM_STORE, store);
            if (headers != null) {
                h.putAll(headers);
            }
            e.getIn().setHeaders(h);
        });
    }

    Exchange ok(String uri, Object body, Map<String, Object> headers) {
        Exchange e = call(uri, body, headers);
        if (e.getException() != null) {
            throw new AssertionError("dicomstore call failed: " + uri, e.getException());
        }
        return e;
    }

    Exchange ok(String uri) {
        return ok(uri, null, null);
    }

    /** Stores the study's instances in this test's store. */
    void store(SyntheticStudy study) throws Exception {
        Exchange e = ok("dicomstore:storeInstances", part10(study), null);
        if (!Integer.valueOf(study.generate().size()).equals(e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT))) {
            throw new AssertionError("stored " + e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
        }
    }

    static Map<String, Object> uids(SyntheticStudy study, int instance) {
        return Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, study.studyInstanceUid(),
                DicomStoreConstants.SERIES_INSTANCE_UID, study.seriesInstanceUid(),
                DicomStoreConstants.SOP_INSTANCE_UID, study.sopInstanceUid(instance));
    }

    /** The first value of a DICOM JSON attribute. */
    static Object first(Map<?, ?> dataset, String tag) {
        Object attribute = dataset.get(tag);
        if (!(attribute instanceof Map<?, ?> a) || !(a.get("Value") instanceof List<?> values) || values.isEmpty()) {
            return null;
        }
        return values.get(0);
    }
}
