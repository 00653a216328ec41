package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DeidentifyDicomStoreRequest;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.Operation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * An emulator on a free port over a test folder, Google's generated Healthcare client pointed at it, and helpers to
 * store instances (STOW-RS over HTTP), run deidentify and look at what the destination store holds.
 */
final class DeidFixture implements AutoCloseable {

    static final String LOCATION = "projects/p/locations/us-central1";

    final Path dataDir;
    final EmulatorServer server;
    final CloudHealthcare client;
    private final HttpClient http = HttpClient.newHttpClient();

    private DeidFixture(Path dataDir, EmulatorServer server) {
        this.dataDir = dataDir;
        this.server = server;
        this.client = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), req -> { })
                .setRootUrl(server.baseUrl().toString())
                .setApplicationName("deid-test")
                .build();
    }

    static DeidFixture start(Path dataDir) throws Exception {
        return new DeidFixture(dataDir, EmulatorServer.start(EmulatorConfig.local(dataDir)));
    }

    CloudHealthcare.Projects.Locations.Datasets datasets() {
        return client.projects().locations().datasets();
    }

    String dataset(String id) throws IOException {
        datasets().create(LOCATION, new Dataset()).setDatasetId(id).execute();
        return LOCATION + "/datasets/" + id;
    }

    String store(String dataset, String id) throws IOException {
        return datasets().dicomStores().create(dataset, new DicomStore()).setDicomStoreId(id).execute().getName();
    }

    /** STOW-RS of one Part 10 instance. */
    void storeInstance(String store, byte[] part10) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "v1/" + store + "/dicomWeb/studies"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(part10))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> "STOW failed: " + r.body());
    }

    /** A plain GET (DICOMweb, an operation's logsUrl) with the given Accept header. */
    HttpResponse<byte[]> get(String url, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code {emulator}/v1/{store}/dicomWeb/{path}}. */
    String dicomWeb(String store, String path) {
        return server.baseUrl() + "v1/" + store + "/dicomWeb/" + path;
    }

    static String logsUrl(Operation op) {
        Object url = op.getMetadata().get("logsUrl");
        return url == null ? null : url.toString();
    }

    void storeFile(String store, Path file) throws Exception {
        storeInstance(store, Files.readAllBytes(file));
    }

    Operation deidentify(String source, String destination, DeidentifyConfig config) throws IOException {
        return datasets().dicomStores().deidentify(source,
                new DeidentifyDicomStoreRequest().setDestinationStore(destination).setConfig(config)).execute();
    }

    /** Polls operations.get until the operation is done (60 s deadline). */
    Operation awaitDone(Operation started) throws Exception {
        return Eventually.operationDone(datasets(), started, Duration.ofSeconds(60));
    }

    Operation run(String source, String destination, DeidentifyConfig config) throws Exception {
        return awaitDone(deidentify(source, destination, config));
    }

    static long counter(Operation op, String name) {
        Map<?, ?> counter = (Map<?, ?>) op.getMetadata().get("counter");
        Object v = counter == null ? null : counter.get(name);
        return v == null ? 0 : Long.parseLong(v.toString());
    }

    DicomStoreStorage storage(String storeName) {
        return server.context().feature(DicomWebFeature.class).orElseThrow().stores()
                .get(DicomStoreName.parse(storeName));
    }

    /** The stored files of a store, as bytes, keyed by their instance. */
    List<Stored> instances(String storeName) throws IOException {
        DicomStoreStorage s = storage(storeName);
        List<Stored> out = new ArrayList<>();
        for (InstanceKey k : s.keys()) {
            out.add(new Stored(k, s.file(k), Files.readAllBytes(s.file(k))));
        }
        return out;
    }

    record Stored(InstanceKey key, Path file, byte[] bytes) {
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
