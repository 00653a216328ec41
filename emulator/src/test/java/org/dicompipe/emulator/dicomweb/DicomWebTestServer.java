package org.dicompipe.emulator.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.HealthcareFeature;

/**
 * An in-process emulator with one dataset and one DICOM store, the official client pointed at it, and raw HTTP
 * helpers for the DICOMweb details the generated client does not model.
 */
final class DicomWebTestServer implements AutoCloseable {

    static final Path CORPUS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final String DATASET = "projects/p/locations/us-central1/datasets/ds";

    final EmulatorServer server;
    final CloudHealthcare client;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String store;

    private DicomWebTestServer(EmulatorServer server, boolean create) throws IOException {
        this.server = server;
        this.client = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), req -> { })
                .setRootUrl(server.baseUrl().toString())
                .setApplicationName("dicomweb-test")
                .build();
        this.store = DATASET + "/dicomStores/store";
        if (create) {
            client.projects().locations().datasets().create("projects/p/locations/us-central1", new Dataset())
                    .setDatasetId("ds").execute();
            client.projects().locations().datasets().dicomStores().create(DATASET, new DicomStore())
                    .setDicomStoreId("store").execute();
        }
    }

    /** A fresh emulator over {@code dataDir} with the dataset and store created. */
    static DicomWebTestServer start(Path dataDir) throws Exception {
        return new DicomWebTestServer(EmulatorServer.start(EmulatorConfig.local(dataDir)), true);
    }

    /** An emulator over a data folder where the store already exists. */
    static DicomWebTestServer restart(Path dataDir) throws Exception {
        return new DicomWebTestServer(EmulatorServer.start(EmulatorConfig.local(dataDir)), false);
    }

    CloudHealthcare.Projects.Locations.Datasets.DicomStores stores() {
        return client.projects().locations().datasets().dicomStores();
    }

    /** The store's instance folder. */
    Path storeDir() {
        return server.context().feature(HealthcareFeature.class).orElseThrow().storeDir(DicomStoreName.parse(store));
    }

    String dicomWeb() {
        return server.baseUrl() + "v1/" + store + "/dicomWeb";
    }

    HttpResponse<byte[]> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dicomWeb() + path)).timeout(Duration.ofSeconds(60));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> getString(String path, String accept) throws Exception {
        HttpResponse<byte[]> r = get(path, accept);
        return new StringResponse(r);
    }

    JsonArray search(String pathAndQuery) throws Exception {
        HttpResponse<byte[]> r = get(pathAndQuery, "application/dicom+json");
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonArray();
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dicomWeb() + path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** STOW of one application/dicom body; JSON response. */
    HttpResponse<String> stow(String path, byte[] instance) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dicomWeb() + path))
                .header("Content-Type", "application/dicom").header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(instance)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** STOW of a multipart/related body with one part per entry (content type, bytes); JSON response. */
    HttpResponse<String> stowMultipart(String path, List<Part> parts) throws Exception {
        String boundary = "b-" + UUID.randomUUID();
        return http.send(HttpRequest.newBuilder(URI.create(dicomWeb() + path))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record Part(String contentType, byte[] body) {
        static Part dicom(byte[] b) {
            return new Part("application/dicom", b);
        }
    }

    static byte[] multipart(String boundary, List<Part> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.write(("--" + boundary + "\r\nContent-Type: " + p.contentType() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(p.body());
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Splits a multipart/related response into part bodies (test side: whole body in memory is fine). */
    static List<byte[]> parts(HttpResponse<byte[]> r) throws IOException {
        MediaType type = MediaType.parse(r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("multipart/related", type.type());
        MultipartReader reader = new MultipartReader(new java.io.ByteArrayInputStream(r.body()), type.param("boundary"));
        List<byte[]> out = new ArrayList<>();
        MultipartReader.Part p;
        while ((p = reader.next()) != null) {
            out.add(p.body().readAllBytes());
        }
        return out;
    }

    static byte[] corpus(String name) throws IOException {
        return Files.readAllBytes(CORPUS.resolve(name));
    }

    static JsonObject object(JsonElement e) {
        return e.getAsJsonObject();
    }

    /** First value of an attribute of a DICOM JSON object, as a string; null when absent or empty. */
    static String value(JsonObject o, String tag) {
        JsonObject e = o.getAsJsonObject(tag);
        if (e == null || !e.has("Value") || e.getAsJsonArray("Value").isEmpty()) {
            return null;
        }
        JsonElement v = e.getAsJsonArray("Value").get(0);
        if (v.isJsonObject()) {
            return v.getAsJsonObject().get("Alphabetic").getAsString();
        }
        return v.getAsString();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    private record StringResponse(HttpResponse<byte[]> r) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return r.statusCode();
        }

        @Override
        public HttpRequest request() {
            return r.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        @Override
        public String body() {
            return new String(r.body(), StandardCharsets.UTF_8);
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        @Override
        public URI uri() {
            return r.uri();
        }

        @Override
        public HttpClient.Version version() {
            return r.version();
        }
    }
}
