package org.dicompipe.emulator.healthcare;

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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.Eventually;

/** An emulator on a free port over a test's data folder, with the official generated client pointed at it. */
final class HealthcareTestServer implements AutoCloseable {

    static final String LOCATION = "projects/p/locations/us-central1";

    final EmulatorServer server;
    final CloudHealthcare client;
    final HttpClient http = HttpClient.newHttpClient();

    private HealthcareTestServer(EmulatorServer server) {
        this.server = server;
        this.client = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), req -> { })
                .setRootUrl(server.baseUrl().toString())
                .setApplicationName("test")
                .build();
    }

    static HealthcareTestServer start(Path dataDir) throws Exception {
        return new HealthcareTestServer(EmulatorServer.start(EmulatorConfig.local(dataDir)));
    }

    static HealthcareTestServer start(EmulatorConfig config) throws Exception {
        return new HealthcareTestServer(EmulatorServer.start(config));
    }

    HealthcareFeature feature() {
        return server.context().feature(HealthcareFeature.class).orElseThrow();
    }

    CloudHealthcare.Projects.Locations.Datasets datasets() {
        return client.projects().locations().datasets();
    }

    CloudHealthcare.Projects.Locations.Datasets.DicomStores stores() {
        return datasets().dicomStores();
    }

    /** Creates a dataset and returns its name. */
    String dataset(String id) throws IOException {
        Operation op = datasets().create(LOCATION, new Dataset()).setDatasetId(id).execute();
        assertEquals(Boolean.TRUE, op.getDone(), "datasets.create finishes at once here");
        return LOCATION + "/datasets/" + id;
    }

    String store(String dataset, String id) throws IOException {
        return stores().create(dataset, new DicomStore()).setDicomStoreId(id).execute().getName();
    }

    /** Runs a client call that must fail; returns the HTTP status after checking Google's error body. */
    static GoogleJsonResponseException fails(int status, AbstractGoogleClientRequest<?> call) {
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class, call::execute);
        assertEquals(status, e.getStatusCode(), () -> "unexpected status; body: " + e.getContent());
        assertEquals(status, e.getDetails().getCode(), "code inside Google's error body");
        return e;
    }

    static String status(GoogleJsonResponseException e) {
        return (String) e.getDetails().get("status");
    }

    HttpResponse<String> raw(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a condition with a deadline (no fixed sleeps). */
    static void await(String what, BooleanSupplier condition) throws Exception {
        Eventually.until(what, Duration.ofSeconds(30), condition::getAsBoolean, Boolean::booleanValue);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
