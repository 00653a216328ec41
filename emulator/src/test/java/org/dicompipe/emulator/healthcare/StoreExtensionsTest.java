package org.dicompipe.emulator.healthcare;

import static org.dicompipe.emulator.healthcare.HealthcareTestServer.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests below a store go to the registered DicomStoreExtensions, in order, after the store is checked. The
 * recording extensions here serve paths of their own ({@code /testExt/...}, {@code :testMethod}) so that the
 * real features registered before them (DICOMweb, de-identification) leave those paths alone.
 */
class StoreExtensionsTest {

    @TempDir
    Path dataDir;

    HealthcareTestServer hc;
    String dataset;
    String store;
    final List<String> calls = new CopyOnWriteArrayList<>();

    /** Answers a few paths with text naming itself and the path; records every call. */
    final class Recording implements DicomStoreExtension {
        private final String id;
        private final List<String> serves;

        Recording(String id, List<String> serves) {
            this.id = id;
            this.serves = serves;
        }

        @Override
        public boolean handle(DicomStoreName s, String path, HttpServletRequest req, HttpServletResponse resp)
                throws IOException {
            if (serves.stream().noneMatch(path::startsWith)) {
                return false;
            }
            calls.add(id + " " + req.getMethod() + " " + s + " " + path);
            byte[] body = req.getInputStream().readAllBytes();
            resp.setContentType("text/plain");
            resp.getWriter().write(id + " " + path + " " + body.length);
            return true;
        }

        @Override
        public void storeDeleted(DicomStoreName s) {
            calls.add(id + " deleted " + s);
        }
    }

    @BeforeEach
    void start() throws Exception {
        hc = HealthcareTestServer.start(dataDir);
        dataset = hc.dataset("ds");
        store = hc.store(dataset, "s");
        hc.feature().addExtension(new Recording("first", List.of("/testExt/a", ":testMethod")));
        hc.feature().addExtension(new Recording("second", List.of("/testExt/a", "/testExt/b")));
    }

    @AfterEach
    void stop() throws Exception {
        hc.close();
    }

    @Test
    void pathsBelowAStoreReachTheFirstExtensionThatServesThem() throws Exception {
        HttpResponse<String> r = hc.raw("GET", "v1/" + store + "/testExt/a/1.2.3/series", null);
        assertEquals(200, r.statusCode());
        assertEquals("first /testExt/a/1.2.3/series 0", r.body());

        r = hc.raw("POST", "v1/" + store + "/testExt/b", "abc");
        assertEquals("second /testExt/b 3", r.body());

        r = hc.raw("POST", "v1/" + store + ":testMethod", "{}");
        assertEquals("first :testMethod 2", r.body());
        assertEquals(List.of("first GET " + store + " /testExt/a/1.2.3/series", "second POST " + store + " /testExt/b",
                "first POST " + store + " :testMethod"), calls);

        // percent-encoded segments arrive decoded (frame lists are often sent with %2C)
        r = hc.raw("GET", "v1/" + store + "/testExt/a/1.2/frames/1%2C2", null);
        assertEquals("first /testExt/a/1.2/frames/1,2 0", r.body());
    }

    @Test
    void unservedPathsGetGoogleErrors() throws Exception {
        HttpResponse<String> r = hc.raw("GET", "v1/" + store + "/testExt/unknown", null);
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("NOT_FOUND"), r.body());
        r = hc.raw("POST", "v1/" + store + ":frobnicate", "{}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("INVALID_ARGUMENT"), r.body());
        r = hc.raw("POST", "v1/" + store + ":testIamPermissions", "{}");
        assertEquals(501, r.statusCode(), "a method of the API no extension serves: " + r.body());
        assertTrue(r.body().contains("UNIMPLEMENTED"), r.body());
        r = hc.raw("GET", "v1/" + store + "/testExt/a/..", null);
        assertEquals(400, r.statusCode());
        assertEquals(List.of(), calls);
    }

    @Test
    void aMissingStoreIs404BeforeAnyExtensionIsAsked() throws Exception {
        calls.clear();
        HttpResponse<String> r = hc.raw("GET", "v1/" + dataset + "/dicomStores/nope/testExt/a", null);
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("NOT_FOUND"), r.body());
        r = hc.raw("POST", "v1/" + dataset + "/dicomStores/nope:testMethod", "{}");
        assertEquals(404, r.statusCode());
        fails(404, hc.stores().getDICOMStoreMetrics(dataset + "/dicomStores/nope"));
        assertEquals(List.of(), calls);
    }

    @Test
    void deletingAStoreOrItsDatasetTellsEveryExtension() throws Exception {
        Path dir = hc.feature().storeDir(DicomStoreName.parse(store));
        Files.writeString(dir.resolve("f"), "x", StandardCharsets.UTF_8);
        String other = hc.store(dataset, "t");
        calls.clear();

        hc.stores().delete(store).execute();
        assertEquals(List.of("first deleted " + store, "second deleted " + store), calls);
        fails(404, hc.stores().get(store));
        assertFalse(Files.exists(dir));

        calls.clear();
        hc.datasets().delete(dataset).execute();
        assertEquals(List.of("first deleted " + other, "second deleted " + other), calls);
    }
}
