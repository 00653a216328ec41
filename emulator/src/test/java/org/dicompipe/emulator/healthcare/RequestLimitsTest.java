package org.dicompipe.emulator.healthcare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.dicompipe.emulator.EmulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies over EmulatorConfig.maxRequestBytes are refused as Google's APIs refuse a body over their limit (400
 * INVALID_ARGUMENT, "Request payload size exceeds the limit: N bytes."), whether declared, chunked or gzip-compressed.
 */
class RequestLimitsTest {

    static final int LIMIT = 2048;

    @TempDir
    Path dataDir;

    HealthcareTestServer hc;
    String dataset;

    @BeforeEach
    void start() throws Exception {
        hc = HealthcareTestServer.start(EmulatorConfig.local(dataDir).withMaxRequestBytes(LIMIT));
        dataset = hc.dataset("ds");
    }

    @AfterEach
    void stop() throws Exception {
        hc.close();
    }

    @Test
    void declaredLengthOverTheLimitIsRefused() throws Exception {
        HttpResponse<String> r = hc.raw("POST", "v1/" + dataset + "/dicomStores?dicomStoreId=big", bigStoreJson());
        assertTooLarge(r);
        assertEquals(404, hc.raw("GET", "v1/" + dataset + "/dicomStores/big", null).statusCode());
    }

    @Test
    void chunkedBodyOverTheLimitIsRefused() throws Exception {
        byte[] body = bigStoreJson().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(hc.server.baseUrl() + "v1/" + dataset
                        + "/dicomStores?dicomStoreId=big"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> r = hc.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertTooLarge(r);
        assertEquals(404, hc.raw("GET", "v1/" + dataset + "/dicomStores/big", null).statusCode());
    }

    @Test
    void gzipBodyIsLimitedAfterInflation() throws Exception {
        // the official client gzips bodies: 64 long labels compress far below the limit but inflate above it
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            labels.put("key-" + i, "v".repeat(63));
        }
        GoogleJsonResponseException e = assertThrows(GoogleJsonResponseException.class,
                () -> hc.stores().create(dataset, new DicomStore().setLabels(labels)).setDicomStoreId("big").execute());
        assertEquals(400, e.getStatusCode());
        assertEquals("Request payload size exceeds the limit: " + LIMIT + " bytes.", e.getDetails().getMessage());
        // and a body under the limit passes through the same gzip path
        hc.stores().create(dataset, new DicomStore().setLabels(Map.of("k", "v"))).setDicomStoreId("small").execute();
        assertEquals(Map.of("k", "v"), hc.stores().get(dataset + "/dicomStores/small").execute().getLabels());
    }

    private static void assertTooLarge(HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), r.body());
        JsonObject error = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error");
        assertEquals(400, error.get("code").getAsInt(), r.body());
        assertEquals("INVALID_ARGUMENT", error.get("status").getAsString(), r.body());
        assertEquals("Request payload size exceeds the limit: " + LIMIT + " bytes.", error.get("message").getAsString());
    }

    private static String bigStoreJson() {
        return "{\"labels\":{\"k\":\"" + "v".repeat(LIMIT) + "\"}}";
    }
}
