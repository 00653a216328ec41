package org.dicompipe.emulator.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.Eventually;
import org.dicompipe.emulator.dicomweb.DicomWebFeature;
import org.dicompipe.emulator.gcs.LocalStorage;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * An emulator on a free loopback port over a test folder and the official clients pointed at it: the generated
 * Healthcare client, google-cloud-storage and google-cloud-bigquery.
 */
final class TransferFixture implements AutoCloseable {

    static final String PROJECT = "p";
    static final String LOCATION = "projects/" + PROJECT + "/locations/us-central1";
    static final Path CORPUS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    final Path dataDir;
    final EmulatorServer server;
    final CloudHealthcare healthcare;
    final Storage storage;
    final BigQuery bigQuery;

    private TransferFixture(Path dataDir, EmulatorServer server) {
        this.dataDir = dataDir;
        this.server = server;
        this.healthcare = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                req -> { }).setRootUrl(server.baseUrl().toString()).setApplicationName("transfer-test").build();
        this.storage = LocalStorage.client(server, PROJECT);
        this.bigQuery = BigQueryOptions.newBuilder().setHost(server.baseUrl().toString()).setProjectId(PROJECT)
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    static TransferFixture start(Path dataDir) throws Exception {
        return new TransferFixture(dataDir, EmulatorServer.start(EmulatorConfig.local(dataDir)));
    }

    CloudHealthcare.Projects.Locations.Datasets datasets() {
        return healthcare.projects().locations().datasets();
    }

    CloudHealthcare.Projects.Locations.Datasets.DicomStores stores() {
        return datasets().dicomStores();
    }

    /** A new dataset and store in it; returns the store's name. */
    String newStore(String dataset, String store) throws IOException {
        datasets().create(LOCATION, new Dataset()).setDatasetId(dataset).execute();
        return stores().create(LOCATION + "/datasets/" + dataset, new DicomStore()).setDicomStoreId(store)
                .execute().getName();
    }

    void bucket(String name) {
        storage.create(BucketInfo.of(name));
    }

    void upload(String bucket, String object, byte[] content) {
        storage.create(BlobInfo.newBuilder(BlobId.of(bucket, object)).build(), content);
    }

    void upload(String bucket, String object, Path file) throws IOException {
        upload(bucket, object, Files.readAllBytes(file));
    }

    void uploadText(String bucket, String object, String text) {
        upload(bucket, object, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Polls operations.get until the operation is done. */
    Operation awaitDone(Operation started) throws Exception {
        return Eventually.operationDone(datasets(), started, Duration.ofSeconds(120));
    }

    static long counter(Operation op, String name) {
        Map<?, ?> counter = (Map<?, ?>) op.getMetadata().get("counter");
        Object v = counter == null ? null : counter.get(name);
        return v == null ? 0 : Long.parseLong(v.toString());
    }

    static int errorCode(Operation op) {
        return op.getError() == null ? 0 : op.getError().getCode();
    }

    DicomStoreStorage storeStorage(String storeName) {
        return server.context().feature(DicomWebFeature.class).orElseThrow().stores()
                .get(DicomStoreName.parse(storeName));
    }

    List<InstanceKey> keys(String storeName) throws IOException {
        return new ArrayList<>(storeStorage(storeName).keys());
    }

    static GoogleJsonResponseException fails(int status, AbstractGoogleClientRequest<?> call) {
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class, call::execute);
        assertEquals(status, e.getStatusCode(), () -> "unexpected status; body: " + e.getContent());
        return e;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
