package org.dicompipe.camel.dicomstore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.StorageInfo;
import org.apache.camel.Exchange;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * import, export and setBlobStorageSettings against the emulator, whose local Cloud Storage and BigQuery they read
 * and write. The objects are put there with the emulator's Cloud Storage JSON API.
 */
class EmulatorImportExportTest extends EmulatorTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    private void createBucket(String bucket) throws Exception {
        send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "storage/v1/b?project=" + PROJECT))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + bucket + "\"}")).build());
    }

    private void upload(String bucket, String name, byte[] content) throws Exception {
        send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "upload/storage/v1/b/" + bucket
                                               + "/o?uploadType=media&name=" + name))
                .header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    private String listObjects(String bucket, String prefix) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "storage/v1/b/" + bucket + "/o?prefix="
                                                      + prefix)).GET().build());
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError(request.uri() + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Test
    void importFromCloudStorageWaitsAndCounts() throws Exception {
        SyntheticStudy study = newStudy(3);
        String bucket = "imp-" + store;
        createBucket(bucket);
        List<byte[]> files = part10(study);
        for (int i = 0; i < files.size(); i++) {
            upload(bucket, "incoming/day" + i + "/ct-" + i + ".dcm", files.get(i));
        }
        Exchange e = ok("dicomstore:import?gcsSource=gs://" + bucket + "/incoming/**");
        assertEquals(3L, e.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        assertEquals(0L, e.getMessage().getHeader(DicomStoreConstants.FAILURE_COUNT));
        assertEquals(true, e.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE));
        assertEquals(3, ok("dicomstore:searchForInstances").getMessage().getBody(List.class).size());
    }

    @Test
    void importWithDoubleStarAndExtensionTakesOnlyThoseFiles() throws Exception {
        // the GcsSource.uri form the API reference gives as its example: gs://my-bucket/my-directory/**.dcm
        SyntheticStudy study = newStudy(2);
        String bucket = "impext-" + store;
        createBucket(bucket);
        List<byte[]> files = part10(study);
        upload(bucket, "incoming/a/ct-0.dcm", files.get(0));
        upload(bucket, "incoming/b/c/ct-1.dcm", files.get(1));
        upload(bucket, "incoming/readme.txt", "not dicom".getBytes());
        Exchange e = ok("dicomstore:import?gcsSource=gs://" + bucket + "/incoming/**.dcm");
        assertEquals(2L, e.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        assertEquals(0L, e.getMessage().getHeader(DicomStoreConstants.FAILURE_COUNT));
        assertEquals(2, ok("dicomstore:searchForInstances").getMessage().getBody(List.class).size());
    }

    @Test
    void importCountsWhatIsNotDicomAsFailed() throws Exception {
        SyntheticStudy study = newStudy(1);
        String bucket = "impbad-" + store;
        createBucket(bucket);
        upload(bucket, "in/ct.dcm", part10(study).get(0));
        upload(bucket, "in/readme.txt", "not dicom".getBytes());
        Exchange e = call("dicomstore:import?gcsSource=gs://" + bucket + "/in/*", null, null);
        assertEquals(1L, e.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        assertEquals(1L, e.getMessage().getHeader(DicomStoreConstants.FAILURE_COUNT));
        if (e.getException() != null) {
            DicomStoreException ex = assertInstanceOf(DicomStoreException.class, e.getException());
            assertTrue(ex.getOperationName().startsWith(DATASET_NAME + "/operations/"), ex.getMessage());
        }
        assertEquals(1, ok("dicomstore:searchForInstances").getMessage().getBody(List.class).size());
    }

    @Test
    void importFromMapBodyWithoutWaiting() throws Exception {
        SyntheticStudy study = newStudy(1);
        String bucket = "imp2-" + store;
        createBucket(bucket);
        upload(bucket, "a/one.dcm", part10(study).get(0));
        Exchange e = ok("dicomstore:import?waitForCompletion=false",
                Map.of("gcsSource", Map.of("uri", "gs://" + bucket + "/a/*")), null);
        Operation op = e.getMessage().getBody(Operation.class);
        long deadline = System.nanoTime() + 60_000_000_000L;
        Exchange polled;
        do {
            polled = ok("dicomstore:getOperation", null, Map.of(DicomStoreConstants.OPERATION_NAME, op.getName()));
        } while (!Boolean.TRUE.equals(polled.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE))
                 && System.nanoTime() < deadline);
        assertEquals(1L, polled.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
    }

    @Test
    void importFromMissingBucketFailsWithGoogleStatus() {
        Exchange e = call("dicomstore:import?gcsSource=gs://no-such-bucket-" + store + "/**", null, null);
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class, e.getException());
        assertTrue(ex.getStatus().equals("NOT_FOUND") || ex.getStatus().equals("INVALID_ARGUMENT"), ex.getMessage());
    }

    @Test
    void exportToCloudStorage() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        String bucket = "exp-" + store;
        createBucket(bucket);
        Exchange e = ok("dicomstore:export?gcsDestination=gs://" + bucket + "/out");
        assertEquals(2L, e.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        String listing = listObjects(bucket, "out");
        assertTrue(listing.contains(study.sopInstanceUid(0)) && listing.contains(study.sopInstanceUid(1)), listing);
    }

    @Test
    void exportFromModelBodyWithoutWaiting() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        String bucket = "expm-" + store;
        createBucket(bucket);
        var request = new com.google.api.services.healthcare.v1.model.ExportDicomDataRequest().setGcsDestination(
                new com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsDestination()
                        .setUriPrefix("gs://" + bucket + "/model"));
        Exchange e = ok("dicomstore:export?waitForCompletion=false", request, null);
        Operation op = e.getMessage().getBody(Operation.class);
        long deadline = System.nanoTime() + 60_000_000_000L;
        Exchange polled;
        do {
            polled = ok("dicomstore:getOperation", null, Map.of(DicomStoreConstants.OPERATION_NAME, op.getName()));
        } while (!Boolean.TRUE.equals(polled.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE))
                 && System.nanoTime() < deadline);
        assertEquals(1L, polled.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        assertTrue(listObjects(bucket, "model").contains(study.sopInstanceUid(0)));
    }

    @Test
    void exportToBigQuery() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "bigquery/v2/projects/" + PROJECT + "/datasets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"datasetReference\":{\"projectId\":\"" + PROJECT
                                                         + "\",\"datasetId\":\"dicom\"}}")).build());
        String table = store.replace('-', '_');
        Exchange e = ok("dicomstore:export?bigqueryTable=bq://" + PROJECT + ".dicom." + table
                        + "&bigqueryWriteDisposition=WRITE_TRUNCATE");
        assertEquals(true, e.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE));
        String result = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "bigquery/v2/projects/" + PROJECT
                                                               + "/queries"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"SELECT COUNT(*) AS n FROM `dicom." + table
                                                         + "`\",\"useLegacySql\":false}")).build());
        assertTrue(result.replace(" ", "").contains("\"v\":\"2\""), result);
    }

    @Test
    void setBlobStorageSettingsOfStoreAndStudy() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        ok("dicomstore:setBlobStorageSettings?blobStorageClass=COLDLINE");
        StorageInfo info = ok("dicomstore:getStorageInfo", null, uids(study, 0)).getMessage().getBody(StorageInfo.class);
        assertEquals("COLDLINE", info.getBlobStorageInfo().getStorageClass());
        ok("dicomstore:setBlobStorageSettings", Map.of("blobStorageSettings", Map.of("blobStorageClass", "ARCHIVE")),
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, study.studyInstanceUid()));
        info = ok("dicomstore:getStorageInfo", null, uids(study, 0)).getMessage().getBody(StorageInfo.class);
        assertEquals("ARCHIVE", info.getBlobStorageInfo().getStorageClass());
    }
}
