package org.dicompipe.emulator.transfer;

import static org.dicompipe.emulator.transfer.TransferFixture.CORPUS;
import static org.dicompipe.emulator.transfer.TransferFixture.counter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.ExportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsSource;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metadata.logsUrl} of import and export operations, read through Google's generated client: set when items
 * failed and pointing at a log that names each of them, absent otherwise, and still valid after a restart.
 */
class OperationLogsUrlTest {

    @TempDir
    Path dir;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static String logsUrl(Operation op) {
        Object url = op.getMetadata().get("logsUrl");
        return url == null ? null : url.toString();
    }

    static List<JsonObject> readLog(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        List<JsonObject> entries = new ArrayList<>();
        for (String line : r.body().lines().toList()) {
            entries.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return entries;
    }

    @Test
    void importAndExportLinkTheirErrorLogsWhenItemsFail() throws Exception {
        Path data = dir.resolve("data");
        String importLog;
        String store;
        try (TransferFixture fx = TransferFixture.start(data)) {
            fx.bucket("src");
            fx.bucket("out");
            fx.upload("src", "good/CT_small.dcm", CORPUS.resolve("CT_small.dcm"));
            fx.upload("src", "mixed/CT_small.dcm", CORPUS.resolve("CT_small.dcm"));
            fx.upload("src", "mixed/JPEG2000.dcm", CORPUS.resolve("JPEG2000.dcm"));
            fx.uploadText("src", "mixed/notes.txt", "not DICOM");
            fx.upload("src", "mixed/truncated.dcm", java.util.Arrays.copyOf(
                    java.nio.file.Files.readAllBytes(CORPUS.resolve("MR_small.dcm")), 400));
            store = fx.newStore("logs", "s");

            Operation clean = fx.awaitDone(fx.stores().healthcareImport(store, new ImportDicomDataRequest()
                    .setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri("gs://src/good/*"))).execute());
            assertEquals(1, counter(clean, "success"));
            assertNull(logsUrl(clean), "nothing failed: no log to link");

            Operation mixed = fx.awaitDone(fx.stores().healthcareImport(store, new ImportDicomDataRequest()
                    .setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri("gs://src/mixed/*"))).execute());
            assertEquals(2, counter(mixed, "success"));
            assertEquals(2, counter(mixed, "failure"));
            importLog = logsUrl(mixed);
            assertNotNull(importLog, "an import with failures links its error log");
            assertTrue(importLog.startsWith(fx.server.baseUrl().toString()), importLog);
            Set<String> failed = new HashSet<>();
            for (JsonObject e : readLog(importLog)) {
                assertEquals(mixed.getName(), e.get("operation").getAsString());
                assertFalse(e.get("error").getAsString().isBlank());
                failed.add(e.get("resource").getAsString());
            }
            assertEquals(Set.of("gs://src/mixed/notes.txt", "gs://src/mixed/truncated.dcm"), failed);

            // an export to explicit VR little endian cannot transcode the JPEG 2000 instance
            Operation export = fx.awaitDone(fx.stores().export(store, new ExportDicomDataRequest()
                    .setGcsDestination(new GoogleCloudHealthcareV1DicomGcsDestination().setUriPrefix("gs://out/x")
                            .setMimeType("application/dicom; transfer-syntax=1.2.840.10008.1.2.1"))).execute());
            assertEquals(1, counter(export, "failure"));
            String exportLog = logsUrl(export);
            assertNotNull(exportLog, "an export with failures links its error log");
            List<JsonObject> entries = readLog(exportLog);
            assertEquals(1, entries.size(), "one line per instance that failed");
            assertEquals(export.getName(), entries.get(0).get("operation").getAsString());
            assertTrue(entries.get(0).get("resource").getAsString().contains("/instances/"),
                    "the line names the instance that failed: " + entries.get(0));
        }

        // after a restart (another port) the operation still links its log, at the new address
        try (TransferFixture fx = TransferFixture.start(data)) {
            String mixedName = importLog.substring(importLog.indexOf("projects/"));
            Operation again = fx.datasets().operations().get(mixedName).execute();
            String url = logsUrl(again);
            assertNotNull(url);
            assertTrue(url.startsWith(fx.server.baseUrl().toString()), url);
            assertEquals(2, readLog(url).size());

            // deleting the dataset deletes its operations and their logs
            fx.datasets().delete(store.substring(0, store.indexOf("/dicomStores/"))).execute();
            HttpResponse<String> gone = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, gone.statusCode());
            assertFalse(java.nio.file.Files.exists(data.resolve("healthcare/operation-logs/"
                    + mixedName.substring(mixedName.lastIndexOf('/') + 1) + ".jsonl")));
            assertNotEquals(importLog, url);
        }
    }
}
