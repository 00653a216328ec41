package org.dicompipe.emulator.healthcare;

import static org.dicompipe.emulator.healthcare.HealthcareTestServer.LOCATION;
import static org.dicompipe.emulator.healthcare.HealthcareTestServer.fails;
import static org.dicompipe.emulator.healthcare.HealthcareTestServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.ListDatasetsResponse;
import com.google.api.services.healthcare.v1.model.Operation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** projects.locations.datasets through the official generated client. */
class DatasetsTest {

    @TempDir
    Path dataDir;

    HealthcareTestServer hc;

    @BeforeEach
    void start() throws Exception {
        hc = HealthcareTestServer.start(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        hc.close();
    }

    @Test
    void createReturnsADoneOperationWhoseResponseIsTheDataset() throws Exception {
        Operation op = hc.datasets().create(LOCATION, new Dataset().setTimeZone("Europe/Paris"))
                .setDatasetId("ds-1").execute();

        assertTrue(op.getName().matches(LOCATION + "/datasets/ds-1/operations/[0-9]+"), op.getName());
        assertEquals(Boolean.TRUE, op.getDone());
        assertNull(op.getError());
        Map<String, Object> response = op.getResponse();
        assertEquals("type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset", response.get("@type"));
        assertEquals(LOCATION + "/datasets/ds-1", response.get("name"));
        assertEquals("Europe/Paris", response.get("timeZone"));
        assertEquals("type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata", op.getMetadata().get("@type"));
        assertEquals("google.cloud.healthcare.v1.dataset.DatasetService.CreateDataset",
                op.getMetadata().get("apiMethodName"));

        Dataset got = hc.datasets().get(LOCATION + "/datasets/ds-1").execute();
        assertEquals(LOCATION + "/datasets/ds-1", got.getName());
        assertEquals("Europe/Paris", got.getTimeZone());
        // the creation operation can be read back like any other
        Operation again = hc.datasets().operations().get(op.getName()).execute();
        assertEquals(op.getName(), again.getName());
        assertEquals(Boolean.TRUE, again.getDone());
    }

    @Test
    void timeZoneDefaultsToUtc() throws Exception {
        hc.dataset("plain");
        assertEquals("UTC", hc.datasets().get(LOCATION + "/datasets/plain").execute().getTimeZone());
    }

    @Test
    void duplicateIs409AlreadyExists() throws Exception {
        hc.dataset("dup");
        GoogleJsonResponseException e = fails(409, hc.datasets().create(LOCATION, new Dataset()).setDatasetId("dup"));
        assertEquals("ALREADY_EXISTS", status(e));
    }

    @Test
    void missingDatasetIs404NotFound() throws Exception {
        GoogleJsonResponseException e = fails(404, hc.datasets().get(LOCATION + "/datasets/nope"));
        assertEquals("NOT_FOUND", status(e));
        fails(404, hc.datasets().delete(LOCATION + "/datasets/nope"));
        fails(404, hc.datasets().patch(LOCATION + "/datasets/nope", new Dataset().setTimeZone("UTC"))
                .setUpdateMask("timeZone"));
    }

    @Test
    void badDatasetIdsAre400AndCreateNothing() throws Exception {
        for (String id : List.of("..", ".", "a/b", "a:b", "%2e%2e", "a b", "", "x".repeat(257), "a\\b")) {
            GoogleJsonResponseException e = fails(400, hc.datasets().create(LOCATION, new Dataset()).setDatasetId(id));
            assertEquals("INVALID_ARGUMENT", status(e), id);
        }
        ListDatasetsResponse list = hc.datasets().list(LOCATION).execute();
        assertNull(list.getDatasets() == null || list.getDatasets().isEmpty() ? null : list.getDatasets());
        // ids as the API allows them, including non-ASCII letters, dots and the maximal length
        hc.dataset("Ünïcode.data_set-1");
        hc.dataset("y".repeat(256));
        assertEquals(2, hc.datasets().list(LOCATION).execute().getDatasets().size());
    }

    @Test
    void traversalInThePathNeverReachesAResource() throws Exception {
        hc.dataset("real");
        for (String path : List.of("v1/" + LOCATION + "/datasets/%2e%2e", "v1/" + LOCATION + "/datasets/%2E%2E/x",
                "v1/" + LOCATION + "/datasets/a%2Fb", "v1/" + LOCATION + "/datasets/real%2F..%2F..")) {
            HttpResponse<String> r = hc.raw("GET", path, null);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " -> " + r.statusCode() + " " + r.body());
        }
        // bad names sent by the client itself (its own pattern check lets these through)
        for (String id : List.of("..", "%2e%2e", "%2E.", "real%2F..")) {
            int status = assertThrowsStatus(() -> hc.datasets().get(LOCATION + "/datasets/" + id).execute());
            assertTrue(status == 400 || status == 404, id + " -> status " + status);
        }
        assertEquals(1, hc.datasets().list(LOCATION).execute().getDatasets().size());
    }

    @Test
    void listPagesInNameOrder() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(hc.dataset("d" + i));
        }
        hc.datasets().create("projects/p/locations/elsewhere", new Dataset()).setDatasetId("other").execute();

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ListDatasetsResponse page = hc.datasets().list(LOCATION).setPageSize(3).setPageToken(token).execute();
            assertTrue(page.getDatasets().size() <= 3);
            page.getDatasets().forEach(d -> seen.add(d.getName()));
            token = page.getNextPageToken();
            pages++;
        } while (token != null);
        assertEquals(created, seen);
        assertEquals(3, pages);
        fails(400, hc.datasets().list(LOCATION).setPageToken("not-a-token"));
        fails(400, hc.datasets().list(LOCATION).setPageSize(-1));
    }

    @Test
    void patchChangesTimeZoneOnlyThroughTheMask() throws Exception {
        String name = hc.dataset("tz");
        Dataset patched = hc.datasets().patch(name, new Dataset().setTimeZone("America/New_York"))
                .setUpdateMask("timeZone").execute();
        assertEquals("America/New_York", patched.getTimeZone());
        assertEquals("America/New_York", hc.datasets().get(name).execute().getTimeZone());

        fails(400, hc.datasets().patch(name, new Dataset().setTimeZone("UTC")));
        fails(400, hc.datasets().patch(name, new Dataset().setName("x")).setUpdateMask("name"));
        fails(400, hc.datasets().patch(name, new Dataset().setTimeZone("Not/AZone")).setUpdateMask("timeZone"));
        assertEquals("America/New_York", hc.datasets().get(name).execute().getTimeZone());
    }

    @Test
    void unknownJsonFieldsAndQueryParametersAreRefused() throws Exception {
        HttpResponse<String> r = hc.raw("POST", "v1/" + LOCATION + "/datasets?datasetId=u", "{\"timeZon\":\"UTC\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"INVALID_ARGUMENT\""), r.body());
        assertTrue(r.body().contains("timeZon"), r.body());
        r = hc.raw("GET", "v1/" + LOCATION + "/datasets?bogus=1", null);
        assertEquals(400, r.statusCode(), r.body());
        r = hc.raw("POST", "v1/" + LOCATION + "/datasets?datasetId=u", "{not json");
        assertEquals(400, r.statusCode(), r.body());
        fails(404, hc.datasets().get(LOCATION + "/datasets/u"));
    }

    @Test
    void anEmptyBodyIsAnEmptyDataset() throws Exception {
        HttpResponse<String> r = hc.raw("POST", "v1/" + LOCATION + "/datasets?datasetId=empty", "");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("UTC", hc.datasets().get(LOCATION + "/datasets/empty").execute().getTimeZone());
        Operation op = hc.datasets().operations().list(LOCATION + "/datasets/empty").execute().getOperations().get(0);
        assertNull(op.getMetadata().get("cancelRequested"), "false is left out, as proto3 JSON does");
    }

    @Test
    void aJsonBodyLabelledAsAFormIsStillReadAsJson() throws Exception {
        // curl -d sends application/x-www-form-urlencoded; the body must not be taken for query parameters
        HttpResponse<String> r = hc.http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(hc.server.baseUrl() + "v1/" + LOCATION + "/datasets?datasetId=form"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"timeZone\":\"Asia/Tokyo\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Asia/Tokyo", hc.datasets().get(LOCATION + "/datasets/form").execute().getTimeZone());
    }

    @Test
    void wrongMethodsAndUnknownPathsAre404InGoogleShape() throws Exception {
        String name = hc.dataset("m");
        for (String[] call : List.of(new String[] {"PUT", "v1/" + name}, new String[] {"POST", "v1/" + name},
                new String[] {"GET", "v1/" + name + "/nothingHere"}, new String[] {"GET", "v1/projects/p"},
                new String[] {"DELETE", "v1/" + LOCATION + "/datasets"})) {
            HttpResponse<String> r = hc.raw(call[0], call[1], call[0].equals("GET") || call[0].equals("DELETE") ? null : "{}");
            assertEquals(404, r.statusCode(), call[0] + " " + call[1] + ": " + r.body());
            assertTrue(r.body().contains("\"status\" : \"NOT_FOUND\"") || r.body().contains("\"status\":\"NOT_FOUND\""),
                    r.body());
        }
        HttpResponse<String> r = hc.raw("POST", "v1/" + name + ":frobnicate", "{}");
        assertEquals(400, r.statusCode(), r.body());
    }

    @Test
    void authorizationHeaderIsAcceptedAndIgnored() throws Exception {
        hc.dataset("auth");
        HttpResponse<String> r = hc.http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(hc.server.baseUrl() + "v1/" + LOCATION + "/datasets/auth"))
                .header("Authorization", "Bearer ya29.not-a-real-token").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertNotNull(r.body());
        assertTrue(r.body().contains(LOCATION + "/datasets/auth"));
    }

    private static int assertThrowsStatus(org.junit.jupiter.api.function.Executable call) {
        com.google.api.client.http.HttpResponseException e =
                org.junit.jupiter.api.Assertions.assertThrows(com.google.api.client.http.HttpResponseException.class, call);
        return e.getStatusCode();
    }
}
