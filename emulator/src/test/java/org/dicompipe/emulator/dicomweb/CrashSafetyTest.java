package org.dicompipe.emulator.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.dicompipe.emulator.dicomweb.DicomWebTestServer.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of concurrent STOWs: after a restart every instance a client was told was stored is there,
 * byte for byte, and searchable; nothing else is visible except complete instances that were sent; no temporary
 * file survives; every file on disk is indexed.
 */
class CrashSafetyTest {

    private static final String LOCATION = "projects/p/locations/l";
    private static final String STORE = LOCATION + "/datasets/d/dicomStores/s";
    private static final int THREADS = 4;
    private static final int PER_REQUEST = 3;
    private static final int ACKS_BEFORE_KILL = 45;

    @TempDir
    Path dataDir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final Map<String, byte[]> sent = new ConcurrentHashMap<>();
    final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedInstanceSurvivesAKillAndNothingHalfWrittenIsVisible() throws Exception {
        byte[] ct = DicomWebTestServer.corpus("CT_small.dcm");
        String dicomWeb;
        try (EmulatorProcess first = EmulatorProcess.start(dataDir, "256m")) {
            CloudHealthcare client = client(first.baseUrl);
            client.projects().locations().datasets().create(LOCATION, new Dataset()).setDatasetId("d").execute();
            client.projects().locations().datasets().dicomStores().create(LOCATION + "/datasets/d", new DicomStore())
                    .setDicomStoreId("s").execute();
            dicomWeb = first.baseUrl + "v1/" + STORE + "/dicomWeb";

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger counter = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            String url = dicomWeb + "/studies";
            for (int t = 0; t < THREADS; t++) {
                Thread w = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            stowBatch(url, ct, counter);
                        } catch (Exception e) {
                            return; // the emulator was killed under us
                        }
                    }
                }, "stow-" + t);
                w.start();
                workers.add(w);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (acknowledged.size() < ACKS_BEFORE_KILL) {
                assertTrue(System.nanoTime() < deadline, "STOWs were acknowledged in time:\n" + first.output());
                Thread.sleep(5); // polling for a condition with a deadline, not timing
            }
            first.kill();
            stop.set(true);
            for (Thread w : workers) {
                w.join(60_000);
            }
        }
        assertTrue(sent.size() > acknowledged.size(), "some requests were in flight when the process died");

        try (EmulatorProcess second = EmulatorProcess.start(dataDir, "256m")) {
            String dw = second.baseUrl + "v1/" + STORE + "/dicomWeb";
            for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                String sop = e.getKey();
                JsonArray found = search(dw + "/instances?SOPInstanceUID=" + sop);
                assertEquals(1, found.size(), "acknowledged instance " + sop + " is searchable");
                String retrieveUrl = DicomWebTestServer.value(found.get(0).getAsJsonObject(), "00081190");
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(retrieveUrl))
                        .header("Accept", "application/dicom; transfer-syntax=*").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode());
                assertArrayEquals(e.getValue(), r.body(), "acknowledged instance " + sop + " is intact");
            }
            JsonArray all = search(dw + "/instances?limit=50000");
            assertTrue(all.size() >= acknowledged.size());
            for (JsonElement e : all) {
                JsonObject o = e.getAsJsonObject();
                String sop = DicomWebTestServer.value(o, "00080018");
                assertTrue(sent.containsKey(sop), "only instances that were sent are visible");
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(DicomWebTestServer.value(o, "00081190")))
                        .header("Accept", "application/dicom; transfer-syntax=*").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertArrayEquals(sent.get(sop), r.body(), "a visible instance is complete: " + sop);
            }
            Path storeDir;
            try (Stream<Path> dirs = Files.list(dataDir.resolve("healthcare").resolve("stores"))) {
                storeDir = dirs.findFirst().orElseThrow();
            }
            try (Stream<Path> temps = Files.list(storeDir.resolve(".tmp"))) {
                assertEquals(0, temps.count(), "temporary files are removed on start");
            }
            try (Stream<Path> files = Files.walk(storeDir)) {
                assertEquals(all.size(), files.filter(p -> p.toString().endsWith(".dcm")).count(),
                        "every instance file is indexed");
            }
        }
    }

    private void stowBatch(String url, byte[] template, AtomicInteger counter) throws Exception {
        List<Part> parts = new ArrayList<>();
        List<String> sops = new ArrayList<>();
        for (int i = 0; i < PER_REQUEST; i++) {
            int n = counter.incrementAndGet();
            String sop = "1.2.826.0.1.3680043.99." + n;
            byte[] b = TestInstances.withUids(template, "1.2.826.0.1.3680043.98." + (n % 5),
                    "1.2.826.0.1.3680043.97." + (n % 10), sop);
            sent.put(sop, b);
            sops.add(sop);
            parts.add(Part.dicom(b));
        }
        String boundary = "crash-" + counter.get();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(DicomWebTestServer.multipart(boundary, parts))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() == 200) {
            JsonArray refs = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("00081199")
                    .getAsJsonArray("Value");
            for (JsonElement ref : refs) {
                String sop = DicomWebTestServer.value(ref.getAsJsonObject(), "00081155");
                acknowledged.put(sop, sent.get(sop));
            }
            assertEquals(sops.size(), refs.size());
        }
    }

    private JsonArray search(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonArray();
    }

    private static CloudHealthcare client(String baseUrl) {
        return new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), req -> { })
                .setRootUrl(baseUrl).setApplicationName("crash-test").build();
    }
}
