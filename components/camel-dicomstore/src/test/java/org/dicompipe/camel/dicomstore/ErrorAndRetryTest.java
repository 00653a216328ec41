package org.dicompipe.camel.dicomstore;

import java.util.List;
import java.util.Map;

import com.google.api.services.healthcare.v1.CloudHealthcare.Projects.Locations.Datasets.DicomStores;
import com.google.api.services.healthcare.v1.model.DicomStore;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors, retries and long-running operation outcomes, with the recording server standing in for Google (which cannot
 * be reached from here) so that 429, 503 and failed operations can be produced on demand.
 */
class ErrorAndRetryTest extends ShapeTestSupport {

    private DicomStoreException failure(Exchange e) {
        assertTrue(e.isFailed(), "expected the exchange to fail");
        return assertInstanceOf(DicomStoreException.class, e.getException());
    }

    @Test
    void googleErrorBecomesDicomStoreException() {
        google.respondError(404, "NOT_FOUND", "DICOM store not found");
        DicomStoreException ex = failure(send("dicomstore:get", null, null));
        assertEquals(404, ex.getHttpStatusCode());
        assertEquals("NOT_FOUND", ex.getStatus());
        assertEquals("DICOM store not found", ex.getGoogleMessage());
        assertTrue(ex.getMessage().contains("NOT_FOUND (HTTP 404): DICOM store not found"), ex.getMessage());
    }

    @Test
    void dicomWebErrorBecomesDicomStoreException() {
        google.respondError(400, "INVALID_ARGUMENT", "invalid QIDO-RS query parameter");
        DicomStoreException ex = failure(send("dicomstore:searchForStudies?query.Foo=1", null, null));
        assertEquals(400, ex.getHttpStatusCode());
        assertEquals("INVALID_ARGUMENT", ex.getStatus());
    }

    @Test
    void storeInstancesErrorBecomesDicomStoreException() {
        google.respondError(409, "ALREADY_EXISTS", "instance already exists");
        DicomStoreException ex = failure(send("dicomstore:storeInstances", new byte[] { 1, 2 }, null));
        assertEquals(409, ex.getHttpStatusCode());
        assertEquals("ALREADY_EXISTS", ex.getStatus());
        assertEquals(1, google.requests().size(), "POST is never retried");
    }

    @Test
    void storeInstancesAllFailedCarriesTheFailureReasons() {
        google.respond(409, "application/dicom+json", ("{\"00081198\":{\"vr\":\"SQ\",\"Value\":["
                + "{\"00081197\":{\"vr\":\"US\",\"Value\":[273]}},{\"00081197\":{\"vr\":\"US\",\"Value\":[273]}}]}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Exchange e = send("dicomstore:storeInstances", List.of(new byte[] { 1 }, new byte[] { 2 }), null);
        DicomStoreException ex = failure(e);
        assertEquals(409, ex.getHttpStatusCode());
        assertEquals("ALREADY_EXISTS", ex.getStatus());
        assertTrue(ex.getMessage().contains("[0x0111]"), ex.getMessage());
        assertEquals(2, e.getMessage().getHeader(DicomStoreConstants.FAILED_COUNT));
        assertEquals(0, e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
    }

    @Test
    void idempotentGetIsRetriedOn503And429() {
        google.respondError(503, "UNAVAILABLE", "try later");
        google.respondError(429, "RESOURCE_EXHAUSTED", "quota");
        google.respondJson(200, "{\"name\":\"" + STORE_NAME + "\"}");
        Exchange e = sendOk("dicomstore:get", null, null);
        assertEquals(3, google.requests().size());
        assertEquals(STORE_NAME, e.getMessage().getBody(DicomStore.class).getName());
        google.requests().forEach(r -> assertEquals(RestPaths.expand(DicomStores.Get.class, Map.of("name", STORE_NAME)),
                r.path()));
    }

    @Test
    void retriesStopAfterMaxRetries() {
        for (int i = 0; i < 4; i++) {
            google.respondError(503, "UNAVAILABLE", "down " + i);
        }
        DicomStoreException ex = failure(send("dicomstore:get?maxRetries=2", null, null));
        assertEquals(3, google.requests().size(), "one try and two retries");
        assertEquals(503, ex.getHttpStatusCode());
        assertEquals("down 2", ex.getGoogleMessage());
    }

    @Test
    void otherErrorsAreNotRetried() {
        google.respondError(500, "INTERNAL", "boom");
        google.respondJson(200, "{}");
        failure(send("dicomstore:get", null, null));
        assertEquals(1, google.requests().size());
    }

    @Test
    void nonIdempotentPostIsNotRetried() {
        google.respondError(503, "UNAVAILABLE", "try later");
        google.respondJson(200, "{\"name\":\"x\"}");
        DicomStoreException ex = failure(send("dicomstore:create", "{}", null));
        assertEquals(1, google.requests().size());
        assertEquals("UNAVAILABLE", ex.getStatus());
    }

    @Test
    void searchIsRetriedOn429() {
        google.respondError(429, "RESOURCE_EXHAUSTED", "quota");
        google.respond(200, "application/dicom+json", "[]".getBytes());
        sendOk("dicomstore:searchForInstances", null, null);
        assertEquals(2, google.requests().size());
    }

    @Test
    void failedOperationRaisesGoogleStatus() {
        String op = DATASET_NAME + "/operations/bad";
        google.respondJson(200, operationJson(op, false));
        google.respondJson(200, "{\"name\":\"" + op + "\",\"done\":true,\"error\":{\"code\":5,"
                                + "\"message\":\"gs://missing/** matched no objects\"},\"metadata\":{\"counter\":"
                                + "{\"failure\":\"3\"}}}");
        Exchange e = send("dicomstore:import?gcsSource=gs://missing/**", null, null);
        DicomStoreException ex = failure(e);
        assertEquals("NOT_FOUND", ex.getStatus());
        assertEquals(404, ex.getHttpStatusCode());
        assertEquals(op, ex.getOperationName());
        assertEquals("gs://missing/** matched no objects", ex.getGoogleMessage());
        assertEquals(3L, e.getMessage().getHeader(DicomStoreConstants.FAILURE_COUNT));
    }

    @Test
    void operationThatNeverFinishesTimesOut() {
        String op = DATASET_NAME + "/operations/slow";
        for (int i = 0; i < 2000; i++) {
            google.respondJson(200, operationJson(op, false));
        }
        DicomStoreException ex = failure(send("dicomstore:export?gcsDestination=gs://b/x&timeout=30", null, null));
        assertEquals("DEADLINE_EXCEEDED", ex.getStatus());
        assertEquals(op, ex.getOperationName());
        assertTrue(google.requests().size() >= 1);
    }

    @Test
    void waitForCompletionHeaderOverridesOption() {
        String op = DATASET_NAME + "/operations/nw";
        google.respondJson(200, operationJson(op, false));
        Exchange e = sendOk("dicomstore:deidentify?destinationStore=x", null,
                Map.of(DicomStoreConstants.WAIT_FOR_COMPLETION, false));
        assertEquals(1, google.requests().size());
        assertEquals(op, e.getMessage().getHeader(DicomStoreConstants.OPERATION_NAME));
    }

    // --- bad input fails before anything is sent ----------------------------------------------------------------------

    @Test
    void missingRequiredOptionFailsAtEndpointCreationNamingIt() {
        context.addComponent("bare", new DicomStoreComponent());
        ResolveEndpointFailedException ex = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("bare:get?project=p1"));
        String message = ex.getMessage();
        assertTrue(message.contains("location") && message.contains("dataset"), message);
        assertTrue(!message.contains("project,") && !message.contains("options project"), message);
    }

    @Test
    void unknownOperationFailsAtEndpointCreation() {
        ResolveEndpointFailedException ex = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("dicomstore:retrieveEverything"));
        assertTrue(ex.getMessage().contains("unknown dicomstore operation 'retrieveEverything'"), ex.getMessage());
    }

    @Test
    void missingUidFailsNamingOptionAndHeader() {
        Exchange e = send("dicomstore:retrieveSeries?studyInstanceUid=1.2", null, null);
        IllegalArgumentException ex = assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertTrue(ex.getMessage().contains("seriesInstanceUid")
                   && ex.getMessage().contains(DicomStoreConstants.SERIES_INSTANCE_UID), ex.getMessage());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void uidThatWouldChangeThePathIsRefused() {
        Exchange e = send("dicomstore:retrieveStudy", null,
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, "1.2/../../other"));
        assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void badFrameNumbersAreRefused() {
        Exchange e = send("dicomstore:retrieveFrames?studyInstanceUid=1&seriesInstanceUid=2&sopInstanceUid=3"
                          + "&frameNumbers=0,x", null, null);
        assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void malformedJsonBodyIsRefused() {
        Exchange e = send("dicomstore:create?dicomStore=x", "{not json", null);
        IllegalArgumentException ex = assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertTrue(ex.getMessage().contains("DicomStore"), ex.getMessage());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void patchWithNothingToUpdateIsRefused() {
        Exchange e = send("dicomstore:patch", "{}", null);
        assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void importWithoutSourceIsRefused() {
        Exchange e = send("dicomstore:import", null, null);
        IllegalArgumentException ex = assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertTrue(ex.getMessage().contains("gcsSource"), ex.getMessage());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void storeInstancesWithoutBodyIsRefused() {
        Exchange e = send("dicomstore:storeInstances", null, null);
        assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void searchKeyThatIsNotAKeywordOrTagIsRefused() {
        Exchange e = send("dicomstore:searchForStudies", null,
                Map.of(DicomStoreConstants.QUERY_PARAMETERS, Map.of("a&b", "1")));
        assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertEquals(List.of(), google.requests());
    }
}
