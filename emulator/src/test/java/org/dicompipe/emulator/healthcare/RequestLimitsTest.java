package org.dicompipe.emulator.healthcare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.healthcare.v1.model.DicomStore;
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

/** Request bodies over EmulatorConfig.maxRequestBytes get 413, whether declared, chunked or gzip-compressed. */
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
    void declaredLengthOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = hc.raw("POST", "v1/" + dataset + "/dicomStores?dicomStoreId=big", bigStoreJson());
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"code\":413"), r.body());
        assertEquals(404, hc.raw("GET", "v1/" + dataset + "/dicomStores/big", null).statusCode());
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] body = bigStoreJson().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(hc.server.baseUrl() + "v1/" + dataset
                        + "/dicomStores?dicomStoreId=big"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> r = hc.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
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
        assertEquals(413, e.getStatusCode());
        // and a body under the limit passes through the same gzip path
        hc.stores().create(dataset, new DicomStore().setLabels(Map.of("k", "v"))).setDicomStoreId("small").execute();
        assertEquals(Map.of("k", "v"), hc.stores().get(dataset + "/dicomStores/small").execute().getLabels());
    }

    private static String bigStoreJson() {
        return "{\"labels\":{\"k\":\"" + "v".repeat(LIMIT) + "\"}}";
    }
}
