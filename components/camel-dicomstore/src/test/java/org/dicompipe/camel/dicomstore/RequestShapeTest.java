package org.dicompipe.camel.dicomstore;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.api.services.healthcare.v1.CloudHealthcare.Projects.Locations.Datasets.DicomStores;
import com.google.api.services.healthcare.v1.CloudHealthcare.Projects.Locations.Datasets.Operations;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.DicomStoreMetrics;
import com.google.api.services.healthcare.v1.model.ListDicomStoresResponse;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.SeriesMetrics;
import com.google.api.services.healthcare.v1.model.StorageInfo;
import com.google.api.services.healthcare.v1.model.StudyMetrics;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every operation: the HTTP method, path, query and body that reach the wire, checked against the paths of
 * Google's discovery-derived client (REST_PATH) and Google's documented request bodies. The server is a recording
 * stand-in for Google, which cannot be reached from here.
 */
class RequestShapeTest extends ShapeTestSupport {

    private static final String DICOM_JSON = "application/dicom+json";

    private static Map<String, String> store() {
        return Map.of("name", STORE_NAME, "parent", DATASET_NAME);
    }

    private static String dicomWeb(Class<?> request, String dicomWebPath) {
        return RestPaths.expand(request, Map.of("parent", STORE_NAME, "dicomWebPath", dicomWebPath));
    }

    // --- the store resource --------------------------------------------------------------------------------------

    @Test
    void get() {
        google.respondJson(200, "{\"name\":\"" + STORE_NAME + "\",\"labels\":{\"env\":\"test\"}}");
        Exchange e = sendOk("dicomstore:get", null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(RestPaths.expand(DicomStores.Get.class, store()), r.path());
        assertTrue(query(r.rawQuery()).isEmpty(), r.rawQuery());
        DicomStore body = e.getMessage().getBody(DicomStore.class);
        assertEquals(STORE_NAME, body.getName());
        assertEquals("test", body.getLabels().get("env"));
    }

    @Test
    void listOnePage() {
        google.respondJson(200, "{\"dicomStores\":[{\"name\":\"" + STORE_NAME + "\"}],\"nextPageToken\":\"t2\"}");
        Exchange e = sendOk("dicomstore:list?pageSize=1&filter=labels.env=test", null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(RestPaths.expand(DicomStores.List.class, store()), r.path());
        assertEquals(Map.of("pageSize", List.of("1"), "filter", List.of("labels.env=test")), query(r.rawQuery()));
        assertEquals(1, e.getMessage().getBody(ListDicomStoresResponse.class).getDicomStores().size());
        assertEquals("t2", e.getMessage().getHeader(DicomStoreConstants.PAGE_TOKEN));
    }

    @Test
    void listAllFollowsEveryPage() {
        google.respondJson(200, "{\"dicomStores\":[{\"name\":\"" + STORE_NAME + "\"}],\"nextPageToken\":\"t2\"}");
        google.respondJson(200, "{\"dicomStores\":[{\"name\":\"" + DATASET_NAME + "/dicomStores/b\"}]}");
        Exchange e = sendOk("dicomstore:list?listAll=true&pageSize=1", null, null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(2, rs.size());
        assertEquals(Map.of("pageSize", List.of("1")), query(rs.get(0).rawQuery()));
        assertEquals(Map.of("pageSize", List.of("1"), "pageToken", List.of("t2")), query(rs.get(1).rawQuery()));
        List<?> all = e.getMessage().getBody(List.class);
        assertEquals(2, all.size());
        assertEquals(DATASET_NAME + "/dicomStores/b", ((DicomStore) all.get(1)).getName());
    }

    @Test
    void createFromJsonString() {
        google.respondJson(200, "{\"name\":\"" + DATASET_NAME + "/dicomStores/new1\",\"labels\":{\"a\":\"b\"}}");
        Exchange e = sendOk("dicomstore:create?dicomStore=new1", "{\"labels\":{\"a\":\"b\"}}", null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("POST", r.method());
        assertEquals(RestPaths.expand(DicomStores.Create.class, store()), r.path());
        assertEquals(Map.of("dicomStoreId", List.of("new1")), query(r.rawQuery()));
        assertJsonEquals("{\"labels\":{\"a\":\"b\"}}", r.bodyText());
        assertEquals(DATASET_NAME + "/dicomStores/new1", e.getMessage().getBody(DicomStore.class).getName());
    }

    @Test
    void createFromMapAndModel() {
        google.respondJson(200, "{\"name\":\"" + DATASET_NAME + "/dicomStores/m\"}");
        sendOk("dicomstore:create?dicomStore=m", Map.of("labels", Map.of("k", "v")), null);
        assertJsonEquals("{\"labels\":{\"k\":\"v\"}}", google.only().bodyText());
        google.reset();
        google.respondJson(200, "{\"name\":\"" + DATASET_NAME + "/dicomStores/m2\"}");
        sendOk("dicomstore:create", new DicomStore().setLabels(Map.of("x", "y")),
                Map.of(DicomStoreConstants.DICOM_STORE, "m2"));
        assertEquals(Map.of("dicomStoreId", List.of("m2")), query(google.only().rawQuery()));
        assertJsonEquals("{\"labels\":{\"x\":\"y\"}}", google.only().bodyText());
    }

    @Test
    void patchDerivesUpdateMaskFromTheFieldsGiven() {
        google.respondJson(200, "{\"name\":\"" + STORE_NAME + "\",\"labels\":{\"a\":\"c\"}}");
        String body = "{\"labels\":{\"a\":\"c\"},\"notificationConfig\":{\"pubsubTopic\":\"projects/p1/topics/t\"}}";
        sendOk("dicomstore:patch", body, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("PATCH", effectiveMethod(r));
        assertEquals(RestPaths.expand(DicomStores.Patch.class, store()), r.path());
        assertEquals(Map.of("updateMask", List.of("labels,notificationConfig")), query(r.rawQuery()));
        assertJsonEquals(body, r.bodyText());
    }

    @Test
    void patchWithExplicitUpdateMask() {
        google.respondJson(200, "{\"name\":\"" + STORE_NAME + "\"}");
        sendOk("dicomstore:patch?updateMask=labels", Map.of("labels", Map.of()), null);
        assertEquals(Map.of("updateMask", List.of("labels")), query(google.only().rawQuery()));
    }

    @Test
    void delete() {
        google.respondJson(200, "{}");
        Exchange e = sendOk("dicomstore:delete", "ignored", null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("DELETE", r.method());
        assertEquals(RestPaths.expand(DicomStores.Delete.class, store()), r.path());
        assertNull(e.getMessage().getBody());
    }

    // --- metrics and storage info ------------------------------------------------------------------------------------

    @Test
    void getStoreMetrics() {
        google.respondJson(200, "{\"name\":\"" + STORE_NAME + "\",\"studyCount\":\"3\",\"instanceCount\":\"40\"}");
        Exchange e = sendOk("dicomstore:getStoreMetrics", null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(RestPaths.expand(DicomStores.GetDICOMStoreMetrics.class, store()), r.path());
        assertEquals(40L, e.getMessage().getBody(DicomStoreMetrics.class).getInstanceCount());
    }

    @Test
    void getStudyMetrics() {
        google.respondJson(200, "{\"study\":\"x\",\"seriesCount\":\"2\"}");
        Exchange e = sendOk("dicomstore:getStudyMetrics?studyInstanceUid=" + STUDY, null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(RestPaths.expand(DicomStores.DicomWeb.Studies.GetStudyMetrics.class,
                Map.of("study", STORE_NAME + "/dicomWeb/studies/" + STUDY)), r.path());
        assertEquals(2L, e.getMessage().getBody(StudyMetrics.class).getSeriesCount());
    }

    @Test
    void getSeriesMetrics() {
        google.respondJson(200, "{\"series\":\"x\",\"instanceCount\":\"5\"}");
        Exchange e = sendOk("dicomstore:getSeriesMetrics", null,
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, STUDY, DicomStoreConstants.SERIES_INSTANCE_UID, SERIES));
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(RestPaths.expand(DicomStores.DicomWeb.Studies.Series.GetSeriesMetrics.class,
                Map.of("series", STORE_NAME + "/dicomWeb/studies/" + STUDY + "/series/" + SERIES)), r.path());
        assertEquals(5L, e.getMessage().getBody(SeriesMetrics.class).getInstanceCount());
    }

    @Test
    void getStorageInfo() {
        google.respondJson(200, "{\"referencedResource\":\"x\",\"blobStorageInfo\":{\"storageClass\":\"STANDARD\"}}");
        Exchange e = sendOk("dicomstore:getStorageInfo?studyInstanceUid=" + STUDY + "&seriesInstanceUid=" + SERIES
                            + "&sopInstanceUid=" + INSTANCE, null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(RestPaths.expand(DicomStores.DicomWeb.Studies.Series.Instances.GetStorageInfo.class,
                Map.of("resource", STORE_NAME + "/dicomWeb/studies/" + STUDY + "/series/" + SERIES + "/instances/"
                                   + INSTANCE)),
                r.path());
        assertEquals("STANDARD", e.getMessage().getBody(StorageInfo.class).getBlobStorageInfo().getStorageClass());
    }

    // --- QIDO-RS ---------------------------------------------------------------------------------------------------

    @Test
    void searchForStudiesWithEveryKindOfParameter() {
        google.respond(200, DICOM_JSON, "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]"
                .getBytes(StandardCharsets.UTF_8));
        Exchange e = sendOk("dicomstore:searchForStudies?query.PatientName=Doe^J*&query.00080060=CT"
                            + "&includefield=StudyDescription,00081030&limit=5&offset=10&fuzzymatching=true",
                null, Map.of(DicomStoreConstants.QUERY_PARAMETERS, Map.of("StudyDate", "20240101-20241231")));
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(dicomWeb(DicomStores.SearchForStudies.class, "studies"), r.path());
        assertEquals(DICOM_JSON, r.header("Accept"));
        Map<String, List<String>> q = query(r.rawQuery());
        assertEquals(List.of("Doe^J*"), q.get("PatientName"));
        assertEquals(List.of("CT"), q.get("00080060"));
        assertEquals(List.of("20240101-20241231"), q.get("StudyDate"));
        assertEquals(List.of("StudyDescription", "00081030"), q.get("includefield"));
        assertEquals(List.of("5"), q.get("limit"));
        assertEquals(List.of("10"), q.get("offset"));
        assertEquals(List.of("true"), q.get("fuzzymatching"));
        assertEquals(7, q.size(), q.toString());
        List<?> results = e.getMessage().getBody(List.class);
        assertEquals(List.of("1.2.3"), ((Map<?, ?>) ((Map<?, ?>) results.get(0)).get("0020000D")).get("Value"));
    }

    @Test
    void searchParametersFromHeadersWinOverOptions() {
        google.respond(200, DICOM_JSON, "[]".getBytes(StandardCharsets.UTF_8));
        sendOk("dicomstore:searchForStudies?limit=5&includefield=all", null,
                Map.of(DicomStoreConstants.LIMIT, 2, DicomStoreConstants.OFFSET, 4, DicomStoreConstants.FUZZYMATCHING,
                        false));
        Map<String, List<String>> q = query(google.only().rawQuery());
        assertEquals(List.of("2"), q.get("limit"));
        assertEquals(List.of("4"), q.get("offset"));
        assertEquals(List.of("false"), q.get("fuzzymatching"));
        assertEquals(List.of("all"), q.get("includefield"));
    }

    @Test
    void searchRawJson() {
        String json = "[{\"00100010\":{\"vr\":\"PN\"}}]";
        google.respond(200, DICOM_JSON, json.getBytes(StandardCharsets.UTF_8));
        Exchange e = sendOk("dicomstore:searchForStudies?rawJson=true", null, null);
        assertEquals(json, e.getMessage().getBody(String.class));
    }

    @Test
    void searchForSeriesInStoreAndInStudy() {
        google.respond(200, DICOM_JSON, "[]".getBytes(StandardCharsets.UTF_8));
        google.respond(200, DICOM_JSON, "[]".getBytes(StandardCharsets.UTF_8));
        sendOk("dicomstore:searchForSeries?query.Modality=MR", null, null);
        sendOk("dicomstore:searchForSeries", null, Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, STUDY));
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(dicomWeb(DicomStores.SearchForSeries.class, "series"), rs.get(0).path());
        assertEquals(Map.of("Modality", List.of("MR")), query(rs.get(0).rawQuery()));
        assertEquals(dicomWeb(DicomStores.Studies.SearchForSeries.class, "studies/" + STUDY + "/series"), rs.get(1).path());
        assertEquals("GET", rs.get(1).method());
    }

    @Test
    void searchForInstancesAtEachLevel() {
        for (int i = 0; i < 3; i++) {
            google.respond(200, DICOM_JSON, "[]".getBytes(StandardCharsets.UTF_8));
        }
        Exchange empty = sendOk("dicomstore:searchForInstances", null, null);
        sendOk("dicomstore:searchForInstances?studyInstanceUid=" + STUDY, null, null);
        sendOk("dicomstore:searchForInstances?studyInstanceUid=" + STUDY + "&seriesInstanceUid=" + SERIES, null, null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(dicomWeb(DicomStores.SearchForInstances.class, "instances"), rs.get(0).path());
        assertEquals(dicomWeb(DicomStores.Studies.SearchForInstances.class, "studies/" + STUDY + "/instances"),
                rs.get(1).path());
        assertEquals(dicomWeb(DicomStores.Studies.Series.SearchForInstances.class,
                "studies/" + STUDY + "/series/" + SERIES + "/instances"), rs.get(2).path());
        assertEquals(List.of(), empty.getMessage().getBody(List.class));
    }

    // --- STOW-RS ---------------------------------------------------------------------------------------------------

    @Test
    void storeInstancesSendsEveryBodyFormAsOneMultipartRequest(@TempDir Path dir) throws Exception {
        byte[] a = "first instance bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "second, from a file".getBytes(StandardCharsets.US_ASCII);
        byte[] c = "third, from a stream\r\n--not-a-boundary".getBytes(StandardCharsets.US_ASCII);
        File file = Files.write(dir.resolve("b.dcm"), b).toFile();
        InputStream stream = new ByteArrayInputStream(c);
        google.respond(200, DICOM_JSON, ("{\"00081199\":{\"vr\":\"SQ\",\"Value\":[{},{},{}]},"
                                         + "\"00081190\":{\"vr\":\"UR\",\"Value\":[\"x\"]}}").getBytes(StandardCharsets.UTF_8));
        Exchange e = sendOk("dicomstore:storeInstances", List.of(a, file, stream), null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("POST", r.method());
        assertEquals(dicomWeb(DicomStores.StoreInstances.class, "studies"), r.path());
        assertNull(r.rawQuery());
        assertEquals(DICOM_JSON, r.header("Accept"));
        String contentType = r.header("Content-Type");
        assertTrue(contentType.startsWith("multipart/related; type=\"application/dicom\"; boundary="), contentType);
        assertEquals("chunked", r.header("Transfer-Encoding"), "a stream of unknown length is streamed, not buffered");
        List<byte[]> parts = PartsOf.multipart(r.body(), contentType);
        assertEquals(3, parts.size());
        assertArrayEquals(a, parts.get(0));
        assertArrayEquals(b, parts.get(1));
        assertArrayEquals(c, parts.get(2));
        assertEquals(3, e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
        assertEquals(0, e.getMessage().getHeader(DicomStoreConstants.FAILED_COUNT));
    }

    @Test
    void storeInstancesFromAListOfGenericFiles(@TempDir Path dir) throws Exception {
        List<org.apache.camel.component.file.GenericFile<File>> files = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            File f = Files.write(dir.resolve("f" + i + ".dcm"), ("file " + i).getBytes(StandardCharsets.US_ASCII)).toFile();
            org.apache.camel.component.file.GenericFile<File> gf = new org.apache.camel.component.file.GenericFile<>();
            gf.setFile(f);
            gf.setAbsoluteFilePath(f.getAbsolutePath());
            files.add(gf);
        }
        google.respond(200, DICOM_JSON, "{\"00081199\":{\"vr\":\"SQ\",\"Value\":[{},{}]}}".getBytes(StandardCharsets.UTF_8));
        sendOk("dicomstore:storeInstances", files, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals(String.valueOf(r.body().length), r.header("Content-Length"), "file lengths known: not chunked");
        List<byte[]> parts = PartsOf.multipart(r.body(), r.header("Content-Type"));
        assertEquals(2, parts.size());
        assertArrayEquals("file 0".getBytes(StandardCharsets.US_ASCII), parts.get(0));
        assertArrayEquals("file 1".getBytes(StandardCharsets.US_ASCII), parts.get(1));
    }

    @Test
    void storeInstancesIntoAStudyWithOneByteArray() throws Exception {
        byte[] a = new byte[70_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) i;
        }
        google.respond(202, DICOM_JSON, "{\"00081198\":{\"vr\":\"SQ\",\"Value\":[{}]}}".getBytes(StandardCharsets.UTF_8));
        Exchange e = sendOk("dicomstore:storeInstances?studyInstanceUid=" + STUDY, a, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals(dicomWeb(DicomStores.Studies.StoreInstances.class, "studies/" + STUDY), r.path());
        assertEquals(String.valueOf(r.body().length), r.header("Content-Length"));
        List<byte[]> parts = PartsOf.multipart(r.body(), r.header("Content-Type"));
        assertEquals(1, parts.size());
        assertArrayEquals(a, parts.get(0));
        assertEquals(0, e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
        assertEquals(1, e.getMessage().getHeader(DicomStoreConstants.FAILED_COUNT));
    }

    // --- WADO-RS ---------------------------------------------------------------------------------------------------

    private static final String INSTANCE_PATH = "studies/" + STUDY + "/series/" + SERIES + "/instances/" + INSTANCE;
    private static final String INSTANCE_OPTIONS = "studyInstanceUid=" + STUDY + "&seriesInstanceUid=" + SERIES
                                                   + "&sopInstanceUid=" + INSTANCE;

    @Test
    void retrieveStudySeriesAndInstanceStreamTheBody() throws Exception {
        String type = "multipart/related; type=\"application/dicom\"; boundary=b1";
        for (int i = 0; i < 3; i++) {
            google.respond(200, type, ("payload" + i).getBytes(StandardCharsets.US_ASCII));
        }
        Exchange study = sendOk("dicomstore:retrieveStudy?studyInstanceUid=" + STUDY, null, null);
        Exchange series = sendOk("dicomstore:retrieveSeries?studyInstanceUid=" + STUDY + "&seriesInstanceUid=" + SERIES,
                null, null);
        Exchange instance = sendOk("dicomstore:retrieveInstance?" + INSTANCE_OPTIONS, null, null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(dicomWeb(DicomStores.Studies.RetrieveStudy.class, "studies/" + STUDY), rs.get(0).path());
        assertEquals(dicomWeb(DicomStores.Studies.Series.RetrieveSeries.class, "studies/" + STUDY + "/series/" + SERIES),
                rs.get(1).path());
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.RetrieveInstance.class, INSTANCE_PATH),
                rs.get(2).path());
        for (RecordingGoogleServer.Recorded r : rs) {
            assertEquals("GET", r.method());
            assertEquals("multipart/related; type=\"application/dicom\"; transfer-syntax=*", r.header("Accept"));
        }
        assertInstanceOf(InputStream.class, study.getMessage().getBody());
        assertEquals("payload0", new String(study.getMessage().getBody(InputStream.class).readAllBytes()));
        assertEquals("payload1", new String(series.getMessage().getBody(InputStream.class).readAllBytes()));
        assertEquals("payload2", new String(instance.getMessage().getBody(InputStream.class).readAllBytes()));
        assertEquals(type, instance.getMessage().getHeader(Exchange.CONTENT_TYPE));
    }

    @Test
    void retrieveInstanceWithAnotherAccept() {
        google.respond(200, "application/dicom; transfer-syntax=1.2.840.10008.1.2.1", new byte[] { 1 });
        sendOk("dicomstore:retrieveInstance?" + INSTANCE_OPTIONS, null,
                Map.of(DicomStoreConstants.ACCEPT, "application/dicom; transfer-syntax=1.2.840.10008.1.2.1"));
        assertEquals("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", google.only().header("Accept"));
    }

    @Test
    void retrieveMetadataAtEachLevel() {
        for (int i = 0; i < 3; i++) {
            google.respond(200, DICOM_JSON, "[{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"9\"]}}]"
                    .getBytes(StandardCharsets.UTF_8));
        }
        sendOk("dicomstore:retrieveMetadata?studyInstanceUid=" + STUDY, null, null);
        sendOk("dicomstore:retrieveMetadata?studyInstanceUid=" + STUDY + "&seriesInstanceUid=" + SERIES, null, null);
        Exchange e = sendOk("dicomstore:retrieveMetadata?" + INSTANCE_OPTIONS, null, null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(dicomWeb(DicomStores.Studies.RetrieveMetadata.class, "studies/" + STUDY + "/metadata"),
                rs.get(0).path());
        assertEquals(dicomWeb(DicomStores.Studies.Series.RetrieveMetadata.class,
                "studies/" + STUDY + "/series/" + SERIES + "/metadata"), rs.get(1).path());
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.RetrieveMetadata.class, INSTANCE_PATH + "/metadata"),
                rs.get(2).path());
        rs.forEach(r -> assertEquals(DICOM_JSON, r.header("Accept")));
        assertEquals(1, e.getMessage().getBody(List.class).size());
    }

    @Test
    void retrieveFramesAsListOfByteArrays() {
        String type = "multipart/related; type=\"application/octet-stream\"; boundary=frames";
        String body = "--frames\r\nContent-Type: application/octet-stream\r\n\r\nAAAA\r\n"
                      + "--frames\r\nContent-Type: application/octet-stream\r\n\r\nBB\r\nB\r\n--frames--\r\n";
        google.respond(200, type, body.getBytes(StandardCharsets.US_ASCII));
        Exchange e = sendOk("dicomstore:retrieveFrames?" + INSTANCE_OPTIONS + "&frameNumbers=1, 3", null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("GET", r.method());
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.Frames.RetrieveFrames.class,
                INSTANCE_PATH + "/frames/1,3"), r.path());
        assertEquals("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", r.header("Accept"));
        List<?> frames = e.getMessage().getBody(List.class);
        assertEquals(2, frames.size());
        assertArrayEquals("AAAA".getBytes(StandardCharsets.US_ASCII), (byte[]) frames.get(0));
        assertArrayEquals("BB\r\nB".getBytes(StandardCharsets.US_ASCII), (byte[]) frames.get(1));
    }

    @Test
    void retrieveFramesAsStream() throws Exception {
        String type = "multipart/related; type=\"application/octet-stream\"; boundary=f";
        google.respond(200, type, "--f\r\n\r\nX\r\n--f--".getBytes(StandardCharsets.US_ASCII));
        Exchange e = sendOk("dicomstore:retrieveFrames?" + INSTANCE_OPTIONS + "&framesAsStream=true", null,
                Map.of(DicomStoreConstants.FRAME_NUMBERS, "2"));
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.Frames.RetrieveFrames.class,
                INSTANCE_PATH + "/frames/2"), google.only().path());
        assertEquals("--f\r\n\r\nX\r\n--f--", new String(e.getMessage().getBody(InputStream.class).readAllBytes()));
    }

    @Test
    void retrieveRenderedInstanceAndFrame() throws Exception {
        google.respond(200, "image/jpeg", new byte[] { (byte) 0xFF, (byte) 0xD8 });
        google.respond(200, "image/png", new byte[] { (byte) 0x89, 'P' });
        Exchange jpeg = sendOk("dicomstore:retrieveRendered?" + INSTANCE_OPTIONS + "&viewport=64,64", null, null);
        Exchange png = sendOk("dicomstore:retrieveRendered?" + INSTANCE_OPTIONS + "&frameNumbers=2&accept=image/png", null,
                null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.RetrieveRendered.class, INSTANCE_PATH + "/rendered"),
                rs.get(0).path());
        assertEquals(Map.of("viewport", List.of("64,64")), query(rs.get(0).rawQuery()));
        assertEquals("image/jpeg", rs.get(0).header("Accept"));
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.Frames.RetrieveRendered.class,
                INSTANCE_PATH + "/frames/2/rendered"), rs.get(1).path());
        assertEquals("image/png", rs.get(1).header("Accept"));
        assertArrayEquals(new byte[] { (byte) 0xFF, (byte) 0xD8 }, jpeg.getMessage().getBody(InputStream.class).readAllBytes());
        assertEquals("image/png", png.getMessage().getHeader(Exchange.CONTENT_TYPE));
    }

    @Test
    void retrieveBulkdataFromPathOrBulkDataUri() {
        google.respond(200, "multipart/related; type=\"application/octet-stream\"; boundary=x", new byte[] { 1 });
        google.respond(200, "multipart/related; type=\"application/octet-stream\"; boundary=x", new byte[] { 1 });
        sendOk("dicomstore:retrieveBulkdata?" + INSTANCE_OPTIONS + "&bulkdataPath=bulkdata/7FE00010", null, null);
        String uri = "https://healthcare.googleapis.com/v1/" + STORE_NAME + "/dicomWeb/" + INSTANCE_PATH
                     + "/bulkdata/00420011";
        sendOk("dicomstore:retrieveBulkdata", null, Map.of(DicomStoreConstants.BULKDATA_PATH, uri));
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.Bulkdata.RetrieveBulkdata.class,
                INSTANCE_PATH + "/bulkdata/7FE00010"), rs.get(0).path());
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.Bulkdata.RetrieveBulkdata.class,
                INSTANCE_PATH + "/bulkdata/00420011"), rs.get(1).path());
        assertEquals("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", rs.get(0).header("Accept"));
    }

    // --- deletes -----------------------------------------------------------------------------------------------------

    @Test
    void deleteStudyWaitsForItsOperation() {
        String op = DATASET_NAME + "/operations/del1";
        google.respondJson(200, operationJson(op, false));
        google.respondJson(200, operationJson(op, true));
        Exchange e = sendOk("dicomstore:deleteStudy?studyInstanceUid=" + STUDY, null, null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(2, rs.size());
        assertEquals("DELETE", rs.get(0).method());
        assertEquals(dicomWeb(DicomStores.Studies.Delete.class, "studies/" + STUDY), rs.get(0).path());
        assertEquals("GET", rs.get(1).method());
        assertEquals(RestPaths.expand(Operations.Get.class, Map.of("name", op)), rs.get(1).path());
        assertEquals(op, e.getMessage().getHeader(DicomStoreConstants.OPERATION_NAME));
        assertEquals(true, e.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE));
    }

    @Test
    void deleteSeriesWithoutWaiting() {
        String op = DATASET_NAME + "/operations/del2";
        google.respondJson(200, operationJson(op, false));
        Exchange e = sendOk("dicomstore:deleteSeries?studyInstanceUid=" + STUDY + "&seriesInstanceUid=" + SERIES
                            + "&waitForCompletion=false", null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("DELETE", r.method());
        assertEquals(dicomWeb(DicomStores.Studies.Series.Delete.class, "studies/" + STUDY + "/series/" + SERIES), r.path());
        assertEquals(op, e.getMessage().getBody(Operation.class).getName());
    }

    @Test
    void deleteInstance() {
        google.respondJson(200, "{}");
        sendOk("dicomstore:deleteInstance?" + INSTANCE_OPTIONS, null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("DELETE", r.method());
        assertEquals(dicomWeb(DicomStores.Studies.Series.Instances.Delete.class, INSTANCE_PATH), r.path());
    }

    // --- long-running methods ------------------------------------------------------------------------------------------

    @Test
    void importFromOptionWaitsAndReportsCounters() {
        String op = DATASET_NAME + "/operations/imp1";
        google.respondJson(200, operationJson(op, false));
        google.respondJson(200, operationJson(op, false));
        google.respondJson(200, operationJson(op, true));
        Exchange e = sendOk("dicomstore:import?gcsSource=gs://bucket/dir/**.dcm", null, null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(3, rs.size());
        assertEquals("POST", rs.get(0).method());
        assertEquals(RestPaths.expand(DicomStores.CloudHealthcareImport.class, store()), rs.get(0).path());
        assertJsonEquals("{\"gcsSource\":{\"uri\":\"gs://bucket/dir/**.dcm\"}}", rs.get(0).bodyText());
        assertEquals(RestPaths.expand(Operations.Get.class, Map.of("name", op)), rs.get(2).path());
        assertEquals(7L, e.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
        assertEquals(2L, e.getMessage().getHeader(DicomStoreConstants.FAILURE_COUNT));
        assertEquals("type.googleapis.com/google.protobuf.Empty", e.getMessage().getBody(Map.class).get("@type"));
    }

    @Test
    void importFromJsonBodyWithoutWaiting() {
        String op = DATASET_NAME + "/operations/imp2";
        google.respondJson(200, operationJson(op, false));
        String body = "{\"gcsSource\":{\"uri\":\"gs://b/x/*\"},\"blobStorageSettings\":{\"blobStorageClass\":\"NEARLINE\"}}";
        Exchange e = sendOk("dicomstore:import?waitForCompletion=false", body, null);
        assertJsonEquals(body, google.only().bodyText());
        assertEquals(op, e.getMessage().getBody(Operation.class).getName());
        assertEquals(false, e.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE));
    }

    @Test
    void exportToCloudStorageAndToBigQuery() {
        String op = DATASET_NAME + "/operations/exp";
        google.respondJson(200, operationJson(op, true));
        google.respondJson(200, operationJson(op, true));
        sendOk("dicomstore:export?gcsDestination=gs://out/prefix", null, null);
        sendOk("dicomstore:export?bigqueryTable=bq://p1.ds.t&bigqueryWriteDisposition=WRITE_APPEND", null, null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(2, rs.size(), "done at once: no polling");
        assertEquals("POST", rs.get(0).method());
        assertEquals(RestPaths.expand(DicomStores.Export.class, store()), rs.get(0).path());
        assertJsonEquals("{\"gcsDestination\":{\"uriPrefix\":\"gs://out/prefix\"}}", rs.get(0).bodyText());
        assertJsonEquals("{\"bigqueryDestination\":{\"tableUri\":\"bq://p1.ds.t\",\"writeDisposition\":\"WRITE_APPEND\"}}",
                rs.get(1).bodyText());
    }

    @Test
    void deidentifyWithConfigFromClasspath() {
        String op = DATASET_NAME + "/operations/deid";
        google.respondJson(200, operationJson(op, true));
        sendOk("dicomstore:deidentify?destinationStore=deid&deidConfig=classpath:deid-config.json", null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("POST", r.method());
        assertEquals(RestPaths.expand(DicomStores.Deidentify.class, Map.of("sourceStore", STORE_NAME)), r.path());
        assertJsonEquals("{\"destinationStore\":\"" + DATASET_NAME + "/dicomStores/deid\",\"config\":"
                         + "{\"dicom\":{\"filterProfile\":\"DEIDENTIFY_TAG_CONTENTS\"},\"useRegionalDataProcessing\":true}}",
                r.bodyText());
    }

    @Test
    void setBlobStorageSettingsOnStoreAndOnStudy() {
        String op = DATASET_NAME + "/operations/blob";
        google.respondJson(200, operationJson(op, true));
        google.respondJson(200, operationJson(op, true));
        sendOk("dicomstore:setBlobStorageSettings?blobStorageClass=COLDLINE", null, null);
        sendOk("dicomstore:setBlobStorageSettings", Map.of("blobStorageSettings", Map.of("blobStorageClass", "ARCHIVE")),
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, STUDY));
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals("POST", rs.get(0).method());
        assertEquals(RestPaths.expand(DicomStores.SetBlobStorageSettings.class, Map.of("resource", STORE_NAME)),
                rs.get(0).path());
        assertJsonEquals("{\"blobStorageSettings\":{\"blobStorageClass\":\"COLDLINE\"}}", rs.get(0).bodyText());
        assertEquals(RestPaths.expand(DicomStores.DicomWeb.Studies.SetBlobStorageSettings.class,
                Map.of("resource", STORE_NAME + "/dicomWeb/studies/" + STUDY)), rs.get(1).path());
        assertJsonEquals("{\"blobStorageSettings\":{\"blobStorageClass\":\"ARCHIVE\"}}", rs.get(1).bodyText());
    }

    @Test
    void getOperationByIdOrFullName() {
        String op = DATASET_NAME + "/operations/123";
        google.respondJson(200, operationJson(op, false));
        google.respondJson(200, operationJson(op, true));
        Exchange byId = sendOk("dicomstore:getOperation?operationName=123", null, null);
        sendOk("dicomstore:getOperation", null, Map.of(DicomStoreConstants.OPERATION_NAME, op));
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        for (RecordingGoogleServer.Recorded r : rs) {
            assertEquals("GET", r.method());
            assertEquals(RestPaths.expand(Operations.Get.class, Map.of("name", op)), r.path());
        }
        assertEquals(op, byId.getMessage().getBody(Operation.class).getName());
        assertEquals(7L, byId.getMessage().getHeader(DicomStoreConstants.SUCCESS_COUNT));
    }

    @Test
    void cancelOperation() {
        google.respondJson(200, "{}");
        sendOk("dicomstore:cancelOperation?operationName=77", null, null);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("POST", r.method());
        assertEquals(RestPaths.expand(Operations.Cancel.class, Map.of("name", DATASET_NAME + "/operations/77")), r.path());
        assertJsonEquals("{}", r.bodyText());
    }

    // --- where: header overrides ---------------------------------------------------------------------------------------

    @Test
    void operationAndLocationFromHeaders() {
        google.respondJson(200, "{\"name\":\"x\"}");
        sendOk("dicomstore:get", null, Map.of(DicomStoreConstants.OPERATION, "getStoreMetrics",
                DicomStoreConstants.PROJECT, "other-project", DicomStoreConstants.DICOM_STORE, "other-store"));
        assertEquals(RestPaths.expand(DicomStores.GetDICOMStoreMetrics.class,
                Map.of("name", "projects/other-project/locations/us-central1/datasets/ds1/dicomStores/other-store")),
                google.only().path());
    }

    @Test
    void instanceNameFromAPubSubNotificationSetsStoreAndUids() {
        google.respond(200, DICOM_JSON, "[]".getBytes(StandardCharsets.UTF_8));
        String notification = "projects/q/locations/l9/datasets/d9/dicomStores/s9/dicomWeb/" + INSTANCE_PATH;
        sendOk("dicomstore:retrieveMetadata", null, Map.of(DicomStoreConstants.DICOM_STORE, notification));
        assertEquals(RestPaths.expand(DicomStores.Studies.Series.Instances.RetrieveMetadata.class,
                Map.of("parent", "projects/q/locations/l9/datasets/d9/dicomStores/s9", "dicomWebPath",
                        INSTANCE_PATH + "/metadata")), google.only().path());
    }

    @Test
    void malformedResourceNameIsRefused() {
        Exchange e = send("dicomstore:retrieveMetadata", null, Map.of(DicomStoreConstants.DICOM_STORE,
                STORE_NAME + "/dicomWeb/studies/1/frames/2"));
        assertInstanceOf(IllegalArgumentException.class, e.getException());
        assertEquals(List.of(), google.requests());
    }

    @Test
    void fullResourceNameInDicomStoreOption() {
        google.respondJson(200, "{\"name\":\"x\"}");
        String name = "projects/q/locations/europe-west4/datasets/d9/dicomStores/s9";
        sendOk("dicomstore:get?dicomStore=" + name, null, null);
        assertEquals(RestPaths.expand(DicomStores.Get.class, Map.of("name", name)), google.only().path());
    }
}
