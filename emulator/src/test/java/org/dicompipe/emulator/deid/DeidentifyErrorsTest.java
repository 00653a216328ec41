package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DeidentifyDicomStoreRequest;
import com.google.api.services.healthcare.v1.model.DicomConfig;
import com.google.api.services.healthcare.v1.model.DicomFilterConfig;
import com.google.api.services.healthcare.v1.model.ImageConfig;
import com.google.api.services.healthcare.v1.model.ListOperationsResponse;
import com.google.api.services.healthcare.v1.model.TagFilterList;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.dicompipe.codec.Uids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests dicomStores.deidentify must refuse before anything starts: each gets the API's error, no operation
 * appears and the destination store is not created.
 */
class DeidentifyErrorsTest {

    @TempDir
    static Path dataDir;
    static DeidFixture fx;
    static String dataset;
    static String source;

    @BeforeAll
    static void start() throws Exception {
        fx = DeidFixture.start(dataDir);
        dataset = fx.dataset("errors");
        source = fx.store(dataset, "source");
        String study = Uids.generate();
        fx.storeInstance(source, TestInstances.part10(TestInstances.ct(DeidentifyDicomStoreTest.JANE, study,
                Uids.generate(), Uids.generate(), null, 1)));
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    static DeidentifyDicomStoreRequest request(String destinationId, DeidentifyConfig config) {
        return new DeidentifyDicomStoreRequest()
                .setDestinationStore(destinationId == null ? null : dataset + "/dicomStores/" + destinationId)
                .setConfig(config);
    }

    /** Sends the request, checks the error and that nothing was created; returns the error message. */
    static String refused(int status, String googleStatus, DeidentifyDicomStoreRequest request) throws Exception {
        int operationsBefore = operations();
        GoogleJsonResponseException e = DeidFixture.fails(status,
                fx.datasets().dicomStores().deidentify(source, request));
        assertEquals(googleStatus, e.getDetails().get("status"), e.getContent());
        assertEquals(operationsBefore, operations(), "no operation was started");
        String destination = request.getDestinationStore();
        if (destination != null && destination.endsWith("/new-store")) {
            DeidFixture.fails(404, fx.datasets().dicomStores().get(destination));
        }
        return e.getDetails().getMessage();
    }

    static int operations() throws Exception {
        ListOperationsResponse r = fx.datasets().operations().list(dataset).execute();
        return r.getOperations() == null ? 0 : r.getOperations().size();
    }

    static DeidentifyConfig profile(String p) {
        return new DeidentifyConfig().setDicom(new DicomConfig().setFilterProfile(p));
    }

    @Test
    void unknownFilterProfile() throws Exception {
        String msg = refused(400, "INVALID_ARGUMENT", request("new-store", profile("SUPER_SAFE_PROFILE")));
        assertTrue(msg.contains("SUPER_SAFE_PROFILE"), msg);
    }

    @Test
    void textRedactionThatNeedsOcrIsNamed() throws Exception {
        for (String mode : List.of("REDACT_ALL_TEXT", "REDACT_SENSITIVE_TEXT")) {
            String msg = refused(400, "INVALID_ARGUMENT", request("new-store",
                    profile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE")
                            .setImage(new ImageConfig().setTextRedactionMode(mode))));
            assertTrue(msg.contains(mode) && msg.contains("OCR"), msg);
        }
    }

    @Test
    void moreThanOneTagFilter() throws Exception {
        String msg = refused(400, "INVALID_ARGUMENT", request("new-store", new DeidentifyConfig().setDicom(
                new DicomConfig().setFilterProfile("KEEP_ALL_PROFILE")
                        .setKeepList(new TagFilterList().setTags(List.of("PatientID"))))));
        assertTrue(msg.contains("only one of"), msg);
    }

    @Test
    void unknownTagInAList() throws Exception {
        String msg = refused(400, "INVALID_ARGUMENT", request("new-store", new DeidentifyConfig().setDicom(
                new DicomConfig().setRemoveList(new TagFilterList().setTags(List.of("PatientName", "NoSuchKeyword"))))));
        assertTrue(msg.contains("NoSuchKeyword"), msg);
    }

    @Test
    void destinationMissingMalformedOrInAnotherProject() throws Exception {
        refused(400, "INVALID_ARGUMENT", request(null, profile("KEEP_ALL_PROFILE")));
        refused(400, "INVALID_ARGUMENT", new DeidentifyDicomStoreRequest().setDestinationStore("not/a/store"));
        refused(400, "INVALID_ARGUMENT", new DeidentifyDicomStoreRequest()
                .setDestinationStore("projects/other/locations/us-central1/datasets/errors/dicomStores/x"));
    }

    @Test
    void destinationDatasetMustExist() throws Exception {
        refused(404, "NOT_FOUND", new DeidentifyDicomStoreRequest()
                .setDestinationStore(DeidFixture.LOCATION + "/datasets/nowhere/dicomStores/new-store"));
    }

    @Test
    void destinationMustNotExist() throws Exception {
        String msg = refused(409, "ALREADY_EXISTS", request("source", profile("KEEP_ALL_PROFILE")));
        assertTrue(msg.contains("already exists"), msg);
    }

    @Test
    void gcsConfigUriProblems() throws Exception {
        refused(400, "INVALID_ARGUMENT", request("new-store", profile("KEEP_ALL_PROFILE"))
                .setGcsConfigUri("gs://configs/deid.json"));
        refused(400, "INVALID_ARGUMENT", request("new-store", null).setGcsConfigUri("http://configs/deid.json"));
        refused(400, "FAILED_PRECONDITION", request("new-store", null).setGcsConfigUri("gs://no-such-bucket/deid.json"));
        refused(400, "FAILED_PRECONDITION", request("new-store", null)
                .setFilterConfig(new DicomFilterConfig().setResourcePathsGcsUri("gs://no-such-bucket/paths.txt")));
    }

    @Test
    void malformedBodyAndWrongMethod() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(fx.server.baseUrl() + "v1/" + source + ":deidentify");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"destinationStore\": \"" + dataset
                        + "/dicomStores/new-store\", \"confg\": {}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("confg"), r.body());
        r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode(), r.body());
        DeidFixture.fails(404, fx.datasets().dicomStores().get(dataset + "/dicomStores/new-store"));
    }
}
