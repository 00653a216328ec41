package org.dicompipe.emulator.storeevents;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsSource;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.Eventually;

/**
 * The official clients against one emulator: the generated Healthcare client for stores, patch, import and
 * operations; plain HTTP for STOW-RS and deletes (what any DICOMweb client sends); google-cloud-storage for import
 * sources; google-cloud-bigquery for the streamed tables.
 */
final class StoreEventsFixture {

    static final String PROJECT = "events";
    static final String LOCATION = "projects/" + PROJECT + "/locations/us-central1";
    static final Path CORPUS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    final EmulatorServer server;
    final CloudHealthcare healthcare;
    final Storage storage;
    final BigQuery bigQuery;
    private final HttpClient http = HttpClient.newHttpClient();

    StoreEventsFixture(EmulatorServer server) {
        this.server = server;
        this.healthcare = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                req -> { }).setRootUrl(server.baseUrl().toString()).setApplicationName("store-events-test").build();
        this.storage = StorageOptions.newBuilder().setHost(server.baseUrl().toString()).setProjectId(PROJECT)
                .setCredentials(NoCredentials.getInstance()).build().getService();
        this.bigQuery = BigQueryOptions.newBuilder().setHost(server.baseUrl().toString()).setProjectId(PROJECT)
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    CloudHealthcare.Projects.Locations.Datasets datasets() {
        return healthcare.projects().locations().datasets();
    }

    CloudHealthcare.Projects.Locations.Datasets.DicomStores stores() {
        return datasets().dicomStores();
    }

    /** A new dataset with one store; returns the store's name. */
    String newStore(String dataset) throws IOException {
        datasets().create(LOCATION, new Dataset()).setDatasetId(dataset).execute();
        return stores().create(LOCATION + "/datasets/" + dataset, new DicomStore()).setDicomStoreId("s")
                .execute().getName();
    }

    /** dicomStores.patch with the official client. */
    DicomStore patch(String store, DicomStore settings, String updateMask) throws IOException {
        return stores().patch(store, settings).setUpdateMask(updateMask).execute();
    }

    /** STOW-RS of one instance as application/dicom; returns the HTTP status. */
    int stow(String store, byte[] instance) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "v1/" + store + "/dicomWeb/studies"))
                .header("Content-Type", "application/dicom").header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(instance)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** dicomStores.patch with a hand-written JSON body (for fields the client model does not have); the status. */
    int patchJson(String store, String json, String updateMask) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "v1/" + store + "?updateMask="
                + updateMask)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int delete(String store, String dicomWebPath) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "v1/" + store + "/dicomWeb/"
                + dicomWebPath)).DELETE().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int metadataStatus(String store, String study, String series, String sop) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "v1/" + store + "/dicomWeb/studies/"
                + study + "/series/" + series + "/instances/" + sop + "/metadata")).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    void upload(String bucket, String object, byte[] content) {
        if (storage.get(bucket) == null) {
            storage.create(com.google.cloud.storage.BucketInfo.of(bucket));
        }
        storage.create(BlobInfo.newBuilder(BlobId.of(bucket, object)).build(), content);
    }

    /** dicomStores.import of {@code uri}, waited for. */
    Operation importFrom(String store, String uri) throws Exception {
        return awaitDone(stores().healthcareImport(store, new ImportDicomDataRequest()
                .setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri(uri))).execute());
    }

    Operation awaitDone(Operation started) throws Exception {
        Operation op = Eventually.operationDone(datasets(), started, Duration.ofSeconds(120));
        if (op.getError() != null) {
            throw new AssertionError("operation failed: " + op.getError());
        }
        return op;
    }

    static byte[] corpus(String name) throws IOException {
        return Files.readAllBytes(CORPUS.resolve(name));
    }

    /** Runs {@code expression} over {@code ds = pydicom.dcmread(file)} with Debian's pydicom: one line per file. */
    static List<String> pydicom(String expression, List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import sys, pydicom\nfor f in sys.argv[1:]:\n    ds = pydicom.dcmread(f)\n    print(" + expression + ")\n"));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("pydicom failed: " + out);
        }
        return out.isEmpty() ? List.of() : List.of(out.strip().split("\n"));
    }

    static Duration waitLimit() {
        return Duration.ofSeconds(60);
    }
}
