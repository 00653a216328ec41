package org.dicompipe.emulator.healthcare;

import static org.dicompipe.emulator.healthcare.HealthcareTestServer.LOCATION;
import static org.dicompipe.emulator.healthcare.HealthcareTestServer.await;
import static org.dicompipe.emulator.healthcare.HealthcareTestServer.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.json.GenericJson;
import com.google.api.services.healthcare.v1.model.CancelOperationRequest;
import com.google.api.services.healthcare.v1.model.ListOperationsResponse;
import com.google.api.services.healthcare.v1.model.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dicompipe.emulator.healthcare.operations.GrpcCode;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.Operations;
import org.dicompipe.emulator.http.GoogleError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * datasets.operations (get, list, cancel) through the official client, with long-running work supplied by
 * test-only {@code OperationTask}s (the real long-running methods come with import/export/deidentify).
 */
class OperationsTest {

    static final String IMPORT = "google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData";
    static final String IMPORT_RESPONSE = "type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse";

    @TempDir
    Path dataDir;

    HealthcareTestServer hc;
    String dataset;
    DatasetName datasetName;

    @BeforeEach
    void start() throws Exception {
        hc = HealthcareTestServer.start(dataDir);
        dataset = hc.dataset("ds");
        datasetName = DatasetName.parse(dataset);
    }

    @AfterEach
    void stop() throws Exception {
        hc.close();
    }

    @Test
    void aTaskReportsLiveProgressAndEndsWithItsResponse() throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Operation started = operations().start(datasetName, IMPORT, progress -> {
            progress.setPending(5);
            progress.add(2, 1);
            halfway.countDown();
            assertTrue(finish.await(30, TimeUnit.SECONDS));
            progress.add(2, 0);
            return OperationResult.success(IMPORT_RESPONSE, new GenericJson());
        });
        assertTrue(started.getName().matches(dataset + "/operations/[0-9]{19}"), started.getName());
        assertNotEquals(Boolean.TRUE, started.getDone());

        assertTrue(halfway.await(30, TimeUnit.SECONDS));
        Operation running = hc.datasets().operations().get(started.getName()).execute();
        assertNull(running.getDone(), "not done yet: done is absent as in Google's JSON");
        Map<String, Object> metadata = running.getMetadata();
        assertEquals(Operations.METADATA_TYPE, metadata.get("@type"));
        assertEquals(IMPORT, metadata.get("apiMethodName"));
        assertNotNull(metadata.get("createTime"));
        assertNull(metadata.get("endTime"));
        assertEquals(Map.of("success", "2", "failure", "1", "pending", "2"), metadata.get("counter"));

        finish.countDown();
        await("the operation to finish", () -> done(started.getName()));
        Operation done = hc.datasets().operations().get(started.getName()).execute();
        assertNull(done.getError());
        assertEquals(IMPORT_RESPONSE, done.getResponse().get("@type"));
        // zero counters are left out, as proto3 JSON does
        assertEquals(Map.of("success", "4", "failure", "1"), done.getMetadata().get("counter"));
        assertNotNull(done.getMetadata().get("endTime"));
    }

    @Test
    void aFailingTaskEndsWithGoogleStatusCodes() throws Exception {
        Operation bad = operations().start(datasetName, IMPORT, progress -> {
            throw GoogleError.invalidArgument("gcsSource.uri matched no objects");
        });
        Operation crash = operations().start(datasetName, IMPORT, progress -> {
            throw new IllegalStateException("boom");
        });
        Operation partial = operations().start(datasetName, IMPORT, progress -> {
            progress.add(3, 2);
            return OperationResult.failure(GrpcCode.UNKNOWN, "2 instances failed");
        });
        await("all three to finish", () -> done(bad.getName()) && done(crash.getName()) && done(partial.getName()));

        Operation b = hc.datasets().operations().get(bad.getName()).execute();
        assertEquals(3, b.getError().getCode());
        assertEquals("gcsSource.uri matched no objects", b.getError().getMessage());
        assertNull(b.getResponse());
        assertEquals(13, hc.datasets().operations().get(crash.getName()).execute().getError().getCode());
        Operation p = hc.datasets().operations().get(partial.getName()).execute();
        assertEquals(2, p.getError().getCode());
        assertEquals(Map.of("success", "3", "failure", "2"), p.getMetadata().get("counter"));
    }

    @Test
    void cancelStopsTheTaskAndTheOperationEndsCancelled() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Operation op = operations().start(datasetName, IMPORT, progress -> {
            running.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!progress.isCancelled()) {
                if (System.nanoTime() > deadline) {
                    return OperationResult.success(IMPORT_RESPONSE, null);
                }
                progress.add(1, 0);
                Thread.onSpinWait();
            }
            return OperationResult.success(IMPORT_RESPONSE, null);
        });
        assertTrue(running.await(30, TimeUnit.SECONDS));

        hc.datasets().operations().cancel(op.getName(), new CancelOperationRequest()).execute();

        await("the cancelled operation to end", () -> done(op.getName()));
        Operation cancelled = hc.datasets().operations().get(op.getName()).execute();
        assertEquals(1, cancelled.getError().getCode());
        assertEquals(Boolean.TRUE, cancelled.getMetadata().get("cancelRequested"));
        assertNull(cancelled.getResponse());
        // cancelling again, or cancelling a finished operation, changes nothing
        hc.datasets().operations().cancel(op.getName(), new CancelOperationRequest()).execute();
        assertEquals(cancelled.getError(), hc.datasets().operations().get(op.getName()).execute().getError());
        fails(404, hc.datasets().operations().cancel(dataset + "/operations/123", new CancelOperationRequest()));
    }

    @Test
    void listPagesAndFilters() throws Exception {
        List<String> all = new ArrayList<>();
        // the dataset's own creation operation comes first
        all.add(hc.datasets().operations().list(dataset).execute().getOperations().get(0).getName());
        CountDownLatch hold = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            all.add(operations().start(datasetName, IMPORT, p -> OperationResult.success(IMPORT_RESPONSE, null)).getName());
        }
        String blocked = operations().start(datasetName, "test.Blocked", p -> {
            hold.await(30, TimeUnit.SECONDS);
            return OperationResult.success(IMPORT_RESPONSE, null);
        }).getName();
        all.add(blocked);
        try {
            await("the imports to finish", () -> all.subList(0, 5).stream().allMatch(this::done));
            List<String> seen = new ArrayList<>();
            String token = null;
            do {
                ListOperationsResponse page = hc.datasets().operations().list(dataset).setPageSize(2).setPageToken(token).execute();
                assertTrue(page.getOperations().size() <= 2);
                page.getOperations().forEach(o -> seen.add(o.getName()));
                token = page.getNextPageToken();
            } while (token != null);
            assertEquals(all, seen);

            assertEquals(List.of(blocked), names(hc.datasets().operations().list(dataset).setFilter("done=false").execute()));
            assertEquals(all.subList(0, 5), names(hc.datasets().operations().list(dataset).setFilter("done = true").execute()));
            assertEquals(all.subList(1, 5), names(hc.datasets().operations().list(dataset)
                    .setFilter("metadata.api_method_name=\"" + IMPORT + "\" AND done=true").execute()));
            fails(400, hc.datasets().operations().list(dataset).setFilter("colour=blue"));
            fails(400, hc.datasets().operations().list(dataset).setFilter("done=maybe"));
        } finally {
            hold.countDown();
        }
        fails(404, hc.datasets().operations().get(dataset + "/operations/1234567890123456789"));
        fails(404, hc.datasets().operations().get(LOCATION + "/datasets/other/operations/" + all.get(1).replaceAll(".*/", "")));
        fails(400, hc.datasets().operations().get(dataset + "/operations/not-a-number"));
        fails(404, hc.datasets().operations().list(LOCATION + "/datasets/missing"));
    }

    private Operations operations() {
        return hc.feature().operations();
    }

    private boolean done(String name) {
        try {
            return Boolean.TRUE.equals(hc.datasets().operations().get(name).execute().getDone());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(ListOperationsResponse response) {
        List<String> names = new ArrayList<>();
        if (response.getOperations() != null) {
            response.getOperations().forEach(o -> names.add(o.getName()));
        }
        return names;
    }
}
