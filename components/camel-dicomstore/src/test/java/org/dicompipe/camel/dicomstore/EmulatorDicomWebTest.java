package org.dicompipe.camel.dicomstore;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.api.services.healthcare.v1.model.SeriesMetrics;
import com.google.api.services.healthcare.v1.model.StorageInfo;
import com.google.api.services.healthcare.v1.model.StudyMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DICOMweb through dicomstore: against the emulator: store, search, retrieve, metrics, deletes. */
class EmulatorDicomWebTest extends EmulatorTestSupport {

    // --- STOW-RS in every body form --------------------------------------------------------------------------------

    @Test
    void storeInstancesFromByteArrayFileAndStreamInOneRequest(@TempDir Path dir) throws Exception {
        SyntheticStudy study = newStudy(3);
        List<byte[]> bytes = part10(study);
        File file = Files.write(dir.resolve("i1.dcm"), bytes.get(1)).toFile();
        InputStream stream = new ByteArrayInputStream(bytes.get(2));
        Exchange e = ok("dicomstore:storeInstances", List.of(bytes.get(0), file, stream), null);
        assertEquals(3, e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
        assertEquals(0, e.getMessage().getHeader(DicomStoreConstants.FAILED_COUNT));
        assertEquals(sopUids(study), sopUidsInStore(null));
    }

    @Test
    void storeSingleInstanceFromEachBodyForm(@TempDir Path dir) throws Exception {
        SyntheticStudy study = newStudy(3);
        List<byte[]> bytes = part10(study);
        ok("dicomstore:storeInstances", bytes.get(0), null);
        ok("dicomstore:storeInstances", Files.write(dir.resolve("one.dcm"), bytes.get(1)).toFile(), null);
        Exchange e = ok("dicomstore:storeInstances", new ByteArrayInputStream(bytes.get(2)),
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, study.studyInstanceUid()));
        assertEquals(1, e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
        assertEquals(sopUids(study), sopUidsInStore(null));
    }

    @Test
    void fileConsumerChainsDirectlyIntoStoreInstances(@TempDir Path dir) throws Exception {
        SyntheticStudy study = newStudy(2);
        List<byte[]> bytes = part10(study);
        Path in = Files.createDirectories(dir.resolve("in"));
        NotifyBuilder done = new NotifyBuilder(context).from("file:*").whenCompleted(2).create();
        String target = store;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + in + "?noop=true&initialDelay=0&delay=20")
                        .setHeader(DicomStoreConstants.DICOM_STORE, constant(target))
                        .to("dicomstore:storeInstances");
            }
        });
        Files.write(in.resolve("a.dcm"), bytes.get(0));
        Files.write(in.resolve("b.dcm"), bytes.get(1));
        assertTrue(done.matches(30, TimeUnit.SECONDS), "both files went through the route");
        assertEquals(sopUids(study), sopUidsInStore(null));
    }

    @Test
    void storeInstancesRawJsonResponse() throws Exception {
        SyntheticStudy study = newStudy(1);
        Exchange e = ok("dicomstore:storeInstances?rawJson=true", part10(study).get(0), null);
        String json = e.getMessage().getBody(String.class);
        assertTrue(json.contains(study.sopInstanceUid(0)), json);
        assertEquals(1, e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
    }

    @Test
    void notDicomIsRefusedWithItsFailureReasonAndNothingIsStored() {
        Exchange e = call("dicomstore:storeInstances", "this is not DICOM".getBytes(StandardCharsets.US_ASCII), null);
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class, e.getException());
        assertEquals(409, ex.getHttpStatusCode());
        assertEquals("ABORTED", ex.getStatus());
        assertTrue(ex.getMessage().contains("FailureReason [0x"), ex.getMessage());
        assertEquals(0, e.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));
        assertEquals(1, e.getMessage().getHeader(DicomStoreConstants.FAILED_COUNT));
        assertEquals(Set.of(), sopUidsInStore(null));
    }

    @Test
    void storingTheSameInstanceAgainIsAlreadyExistsOrAccepted() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        Exchange again = call("dicomstore:storeInstances", part10(study).get(0), null);
        if (again.getException() != null) {
            DicomStoreException ex = assertInstanceOf(DicomStoreException.class, again.getException());
            assertEquals("ALREADY_EXISTS", ex.getStatus(), ex.getMessage());
        }
        assertEquals(sopUids(study), sopUidsInStore(null), "still exactly one copy");
    }

    // --- QIDO-RS -----------------------------------------------------------------------------------------------------

    @Test
    void searchForStudiesByPatientNameWithIncludefield() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        Map<?, ?> instance = (Map<?, ?>) ok("dicomstore:retrieveMetadata", null, uids(study, 0)).getMessage()
                .getBody(List.class).get(0);
        Map<?, ?> name = (Map<?, ?>) first(instance, "00100010");
        String family = String.valueOf(name.get("Alphabetic")).split("\\^")[0];

        List<?> hits = ok("dicomstore:searchForStudies?includefield=StudyDescription", null,
                Map.of(DicomStoreConstants.QUERY_PARAMETERS, Map.of("PatientName", family + "*"))).getMessage()
                .getBody(List.class);
        assertEquals(1, hits.size());
        Map<?, ?> hit = (Map<?, ?>) hits.get(0);
        assertEquals(study.studyInstanceUid(), first(hit, "0020000D"));
        assertEquals("CT CHEST SYNTHETIC", first(hit, "00081030"));

        List<?> none = ok("dicomstore:searchForStudies", null,
                Map.of(DicomStoreConstants.QUERY_PARAMETERS, Map.of("PatientName", "Nobody^Here"))).getMessage()
                .getBody(List.class);
        assertEquals(List.of(), none);
    }

    @Test
    void searchForSeriesInStoreAndStudy() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        List<?> inStore = ok("dicomstore:searchForSeries?query.Modality=CT").getMessage().getBody(List.class);
        assertEquals(study.seriesInstanceUid(), first((Map<?, ?>) inStore.get(0), "0020000E"));
        List<?> inStudy = ok("dicomstore:searchForSeries", null,
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, study.studyInstanceUid())).getMessage().getBody(List.class);
        assertEquals(1, inStudy.size());
        List<?> wrongModality = ok("dicomstore:searchForSeries?query.Modality=MR").getMessage().getBody(List.class);
        assertEquals(0, wrongModality.size());
    }

    @Test
    void searchForInstancesAtEachLevelWithLimitAndOffset() throws Exception {
        SyntheticStudy study = newStudy(3);
        store(study);
        assertEquals(sopUids(study), sopUidsInStore(null));
        assertEquals(sopUids(study), sopUidsInStore(Map.of(DicomStoreConstants.STUDY_INSTANCE_UID,
                study.studyInstanceUid())));
        assertEquals(sopUids(study), sopUidsInStore(Map.of(DicomStoreConstants.STUDY_INSTANCE_UID,
                study.studyInstanceUid(), DicomStoreConstants.SERIES_INSTANCE_UID, study.seriesInstanceUid())));
        List<?> page1 = ok("dicomstore:searchForInstances?limit=2&offset=0").getMessage().getBody(List.class);
        List<?> page2 = ok("dicomstore:searchForInstances?limit=2", null, Map.of(DicomStoreConstants.OFFSET, 2))
                .getMessage().getBody(List.class);
        assertEquals(2, page1.size());
        assertEquals(1, page2.size());
    }

    @Test
    void searchRawJsonIsDicomJsonText() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        String json = ok("dicomstore:searchForInstances?rawJson=true").getMessage().getBody(String.class);
        assertTrue(json.startsWith("[") && json.contains(study.sopInstanceUid(0)), json);
    }

    // --- WADO-RS -----------------------------------------------------------------------------------------------------

    @Test
    void retrieveStudySeriesAndInstanceAreMultipartDicom() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        Exchange s = ok("dicomstore:retrieveStudy", null,
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, study.studyInstanceUid()));
        assertEquals(2, dicomParts(s).size());
        Exchange se = ok("dicomstore:retrieveSeries", null, Map.of(DicomStoreConstants.STUDY_INSTANCE_UID,
                study.studyInstanceUid(), DicomStoreConstants.SERIES_INSTANCE_UID, study.seriesInstanceUid()));
        assertEquals(2, dicomParts(se).size());
        Exchange i = ok("dicomstore:retrieveInstance", null, uids(study, 1));
        List<byte[]> one = dicomParts(i);
        assertEquals(1, one.size());
        String text = new String(one.get(0), StandardCharsets.ISO_8859_1);
        assertEquals("DICM", text.substring(128, 132));
        assertTrue(text.contains(study.sopInstanceUid(1)));
    }

    @Test
    void retrieveMetadataAtEachLevel() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        List<?> ofStudy = ok("dicomstore:retrieveMetadata", null,
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, study.studyInstanceUid())).getMessage().getBody(List.class);
        assertEquals(2, ofStudy.size());
        List<?> ofSeries = ok("dicomstore:retrieveMetadata", null, Map.of(DicomStoreConstants.STUDY_INSTANCE_UID,
                study.studyInstanceUid(), DicomStoreConstants.SERIES_INSTANCE_UID, study.seriesInstanceUid()))
                .getMessage().getBody(List.class);
        assertEquals(2, ofSeries.size());
        List<?> ofInstance = ok("dicomstore:retrieveMetadata", null, uids(study, 0)).getMessage().getBody(List.class);
        assertEquals(1, ofInstance.size());
        assertEquals(study.sopInstanceUid(0), first((Map<?, ?>) ofInstance.get(0), "00080018"));
    }

    @Test
    void retrieveFramesAsListAndAsStream() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        Exchange e = ok("dicomstore:retrieveFrames?frameNumbers=1", null, uids(study, 0));
        List<?> frames = e.getMessage().getBody(List.class);
        assertEquals(1, frames.size());
        assertEquals(32 * 32 * 2, ((byte[]) frames.get(0)).length, "32x32 pixels of 16 bits");
        Exchange s = ok("dicomstore:retrieveFrames?frameNumbers=1&framesAsStream=true", null, uids(study, 0));
        byte[] multipart = s.getMessage().getBody(InputStream.class).readAllBytes();
        List<byte[]> parts = PartsOf.multipart(multipart, s.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        assertArrayEquals((byte[]) frames.get(0), parts.get(0));
    }

    @Test
    void retrieveRenderedInstanceAndFrame() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        Exchange jpeg = ok("dicomstore:retrieveRendered", null, uids(study, 0));
        byte[] image = jpeg.getMessage().getBody(InputStream.class).readAllBytes();
        assertEquals("image/jpeg", jpeg.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class).split(";")[0]);
        assertEquals((byte) 0xFF, image[0]);
        assertEquals((byte) 0xD8, image[1]);
        Exchange png = ok("dicomstore:retrieveRendered?frameNumbers=1&accept=image/png&viewport=16,16", null,
                uids(study, 0));
        byte[] pngBytes = png.getMessage().getBody(InputStream.class).readAllBytes();
        assertEquals("PNG", new String(pngBytes, 1, 3, StandardCharsets.US_ASCII));
        java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(new ByteArrayInputStream(pngBytes));
        assertNotNull(decoded);
        assertTrue(decoded.getWidth() <= 16 && decoded.getHeight() <= 16,
                decoded.getWidth() + "x" + decoded.getHeight());
    }

    @Test
    void notificationStyleInstanceNameGivesStoreAndUids() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        String instanceName = storeName + "/dicomWeb/studies/" + study.studyInstanceUid() + "/series/"
                              + study.seriesInstanceUid() + "/instances/" + study.sopInstanceUid(0);
        List<?> metadata = ok("dicomstore:retrieveMetadata", null, Map.of(DicomStoreConstants.DICOM_STORE, instanceName))
                .getMessage().getBody(List.class);
        assertEquals(study.sopInstanceUid(0), first((Map<?, ?>) metadata.get(0), "00080018"));
        Exchange thumbnail = ok("dicomstore:retrieveRendered?viewport=8,8", null,
                Map.of(DicomStoreConstants.DICOM_STORE, instanceName));
        byte[] jpeg = thumbnail.getMessage().getBody(InputStream.class).readAllBytes();
        assertEquals((byte) 0xFF, jpeg[0]);
    }

    @Test
    void retrieveBulkdataOfPixelData() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        Map<?, ?> metadata = (Map<?, ?>) ok("dicomstore:retrieveMetadata", null, uids(study, 0)).getMessage()
                .getBody(List.class).get(0);
        Map<?, ?> pixelData = (Map<?, ?>) metadata.get("7FE00010");
        assertNotNull(pixelData, "PixelData in metadata: " + metadata.keySet());
        String uri = (String) pixelData.get("BulkDataURI");
        assertNotNull(uri, "PixelData has a BulkDataURI: " + pixelData);
        Exchange e = ok("dicomstore:retrieveBulkdata", null, Map.of(DicomStoreConstants.BULKDATA_PATH, uri));
        byte[] body = e.getMessage().getBody(InputStream.class).readAllBytes();
        List<byte[]> parts = PartsOf.multipart(body, e.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        assertEquals(32 * 32 * 2, parts.get(0).length);
    }

    @Test
    void retrieveMissingStudyIsNotFound() {
        Exchange e = call("dicomstore:retrieveMetadata", null,
                Map.of(DicomStoreConstants.STUDY_INSTANCE_UID, "1.2.3.4.5.6.7.8.9"));
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class, e.getException());
        assertEquals(404, ex.getHttpStatusCode());
        assertEquals("NOT_FOUND", ex.getStatus());
    }

    // --- metrics and storage info ------------------------------------------------------------------------------------

    @Test
    void studySeriesMetricsAndStorageInfo() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        StudyMetrics sm = ok("dicomstore:getStudyMetrics", null, uids(study, 0)).getMessage().getBody(StudyMetrics.class);
        assertEquals(1L, sm.getSeriesCount());
        assertEquals(2L, sm.getInstanceCount());
        SeriesMetrics se = ok("dicomstore:getSeriesMetrics", null, uids(study, 0)).getMessage()
                .getBody(SeriesMetrics.class);
        assertEquals(2L, se.getInstanceCount());
        StorageInfo info = ok("dicomstore:getStorageInfo", null, uids(study, 1)).getMessage().getBody(StorageInfo.class);
        assertTrue(info.getReferencedResource().endsWith(study.sopInstanceUid(1)), info.getReferencedResource());
    }

    // --- deletes -----------------------------------------------------------------------------------------------------

    @Test
    void deleteInstanceThenSeriesWaitingForTheOperation() throws Exception {
        SyntheticStudy study = newStudy(3);
        store(study);
        ok("dicomstore:deleteInstance", null, uids(study, 0));
        assertEquals(sopUids(study).stream().filter(u -> !u.equals(study.sopInstanceUid(0))).collect(Collectors.toSet()),
                sopUidsInStore(null));
        Exchange e = ok("dicomstore:deleteSeries", null, uids(study, 0));
        assertEquals(true, e.getMessage().getHeader(DicomStoreConstants.OPERATION_DONE));
        assertTrue(e.getMessage().getHeader(DicomStoreConstants.OPERATION_NAME, String.class)
                .startsWith(DATASET_NAME + "/operations/"));
        assertEquals(Set.of(), sopUidsInStore(null));
    }

    @Test
    void deleteStudyWithoutWaitingThenGetOperation() throws Exception {
        SyntheticStudy study = newStudy(2);
        store(study);
        Exchange e = ok("dicomstore:deleteStudy?waitForCompletion=false", null, uids(study, 0));
        com.google.api.services.healthcare.v1.model.Operation op = e.getMessage()
                .getBody(com.google.api.services.healthcare.v1.model.Operation.class);
        assertNotNull(op.getName());
        // poll through the component until done, with a deadline (the emulator may finish at once)
        long deadline = System.nanoTime() + 30_000_000_000L;
        com.google.api.services.healthcare.v1.model.Operation polled;
        do {
            polled = ok("dicomstore:getOperation", null, Map.of(DicomStoreConstants.OPERATION_NAME, op.getName()))
                    .getMessage().getBody(com.google.api.services.healthcare.v1.model.Operation.class);
        } while (!Boolean.TRUE.equals(polled.getDone()) && System.nanoTime() < deadline);
        assertEquals(true, polled.getDone());
        assertEquals(null, polled.getError());
        assertEquals(Set.of(), sopUidsInStore(null));
    }

    @Test
    void cancelOperationOfAFinishedOperationAndGetByShortId() throws Exception {
        SyntheticStudy study = newStudy(1);
        store(study);
        Exchange e = ok("dicomstore:deleteStudy", null, uids(study, 0));
        String name = e.getMessage().getHeader(DicomStoreConstants.OPERATION_NAME, String.class);
        String id = name.substring(name.lastIndexOf('/') + 1);
        Exchange cancel = call("dicomstore:cancelOperation", null, Map.of(DicomStoreConstants.OPERATION_NAME, id));
        if (cancel.getException() != null) {
            DicomStoreException ex = assertInstanceOf(DicomStoreException.class, cancel.getException());
            assertEquals("FAILED_PRECONDITION", ex.getStatus(), ex.getMessage());
        }
        Exchange got = ok("dicomstore:getOperation?operationName=" + id);
        assertEquals(name, got.getMessage().getBody(com.google.api.services.healthcare.v1.model.Operation.class).getName());
    }

    @Test
    void getMissingOperationIsNotFound() {
        DicomStoreException ex = assertInstanceOf(DicomStoreException.class,
                call("dicomstore:getOperation?operationName=999999999", null, null).getException());
        assertEquals(404, ex.getHttpStatusCode());
    }

    // --- helpers -------------------------------------------------------------------------------------------------------

    private static Set<String> sopUids(SyntheticStudy study) {
        Set<String> uids = new java.util.HashSet<>();
        for (int i = 0; i < study.generate().size(); i++) {
            uids.add(study.sopInstanceUid(i));
        }
        return uids;
    }

    private Set<String> sopUidsInStore(Map<String, Object> headers) {
        List<?> hits = ok("dicomstore:searchForInstances", null, headers).getMessage().getBody(List.class);
        return hits.stream().map(h -> String.valueOf(first((Map<?, ?>) h, "00080018"))).collect(Collectors.toSet());
    }

    private static List<byte[]> dicomParts(Exchange e) throws Exception {
        String type = e.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        assertTrue(type.startsWith("multipart/related"), type);
        return new ArrayList<>(PartsOf.multipart(e.getMessage().getBody(InputStream.class).readAllBytes(), type));
    }
}
