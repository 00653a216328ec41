package org.dicompipe.emulator.dicomweb;

import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.corpus;
import static org.dicompipe.emulator.dicomweb.StowTest.CT_SERIES;
import static org.dicompipe.emulator.dicomweb.StowTest.CT_SOP;
import static org.dicompipe.emulator.dicomweb.StowTest.CT_STUDY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.HttpResponse;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.DicomStoreMetrics;
import com.google.api.services.healthcare.v1.model.HttpBody;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.SeriesMetrics;
import com.google.api.services.healthcare.v1.model.StorageInfo;
import com.google.api.services.healthcare.v1.model.StudyMetrics;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dicompipe.codec.DicomReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every DICOMweb and instance-level method through the official generated client (CloudHealthcare with its root URL
 * pointed at the emulator). DICOMweb methods answer HttpBody, which the client cannot parse, so they go through
 * executeUnparsed() as Google's own samples do.
 */
class OfficialClientTest {

    @TempDir
    Path dataDir;
    DicomWebTestServer hc;
    CloudHealthcare.Projects.Locations.Datasets.DicomStores stores;
    String instancePath = "studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances/" + CT_SOP;

    @BeforeEach
    void start() throws Exception {
        hc = DicomWebTestServer.start(dataDir);
        stores = hc.stores();
    }

    @AfterEach
    void stop() throws Exception {
        hc.close();
    }

    private String store(AbstractGoogleClientRequest<?> call, byte[] dicom) throws IOException {
        var http = call.buildHttpRequest();
        http.setContent(new ByteArrayContent("application/dicom", dicom));
        http.getHeaders().setAccept("application/dicom+json");
        HttpResponse r = http.execute();
        assertEquals(200, r.getStatusCode());
        return r.parseAsString();
    }

    private static byte[] bytes(AbstractGoogleClientRequest<?> call, String accept) throws IOException {
        call.getRequestHeaders().setAccept(accept);
        HttpResponse r = call.executeUnparsed();
        assertEquals(200, r.getStatusCode());
        try (var in = r.getContent()) {
            return in.readAllBytes();
        }
    }

    private static List<byte[]> parts(byte[] body, String contentType) throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), MediaType.parse(contentType).param("boundary"));
        List<byte[]> out = new java.util.ArrayList<>();
        MultipartReader.Part p;
        while ((p = reader.next()) != null) {
            out.add(p.body().readAllBytes());
        }
        return out;
    }

    @Test
    void storeSearchRetrieveAndMetricsThroughTheGeneratedClient() throws Exception {
        byte[] ct = corpus("CT_small.dcm");
        byte[] mr = corpus("MR_small.dcm");
        String stow = store(stores.storeInstances(hc.store, "studies", new HttpBody()), ct);
        assertTrue(stow.contains(CT_SOP), stow);
        String mrStudy = DicomReader.read(mr).dataset().getString(0x0020000D);
        store(stores.studies().storeInstances(hc.store, "studies/" + mrStudy, new HttpBody()), mr);

        JsonArray studies = JsonParser.parseString(stores.searchForStudies(hc.store, "studies").executeUnparsed()
                .parseAsString()).getAsJsonArray();
        assertEquals(2, studies.size());
        JsonArray series = JsonParser.parseString(stores.studies().searchForSeries(hc.store, "studies/" + CT_STUDY
                + "/series").executeUnparsed().parseAsString()).getAsJsonArray();
        assertEquals(CT_SERIES, DicomWebTestServer.value(series.get(0).getAsJsonObject(), "0020000E"));
        JsonArray instances = JsonParser.parseString(stores.searchForInstances(hc.store, "instances")
                .executeUnparsed().parseAsString()).getAsJsonArray();
        assertEquals(2, instances.size());

        var instancesApi = stores.studies().series().instances();
        byte[] one = bytes(instancesApi.retrieveInstance(hc.store, instancePath), "application/dicom; transfer-syntax=*");
        assertArrayEquals(ct, one);

        var study = stores.studies().retrieveStudy(hc.store, "studies/" + CT_STUDY);
        study.getRequestHeaders().setAccept("multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        HttpResponse studyResponse = study.executeUnparsed();
        byte[] studyBody = studyResponse.getContent().readAllBytes();
        assertArrayEquals(ct, parts(studyBody, studyResponse.getContentType()).get(0));

        JsonObject meta = JsonParser.parseString(new String(bytes(stores.studies().series().retrieveMetadata(hc.store,
                "studies/" + CT_STUDY + "/series/" + CT_SERIES + "/metadata"), "application/dicom+json"),
                StandardCharsets.UTF_8)).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals(CT_SOP, DicomWebTestServer.value(meta, "00080018"));

        var frames = instancesApi.frames().retrieveFrames(hc.store, instancePath + "/frames/1");
        frames.getRequestHeaders().setAccept("multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
        HttpResponse frameResponse = frames.executeUnparsed();
        byte[] frame = parts(frameResponse.getContent().readAllBytes(), frameResponse.getContentType()).get(0);
        assertArrayEquals(DicomReader.read(ct).dataset().get(0x7FE00010).bytes(), frame);

        byte[] png = bytes(instancesApi.frames().retrieveRendered(hc.store, instancePath + "/frames/1/rendered"),
                "image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(128, image.getWidth());
        byte[] jpeg = bytes(instancesApi.retrieveRendered(hc.store, instancePath + "/rendered"), "image/jpeg");
        assertEquals(128, ImageIO.read(new ByteArrayInputStream(jpeg)).getHeight());

        var bulk = instancesApi.bulkdata().retrieveBulkdata(hc.store, instancePath + "/bulkdata/7FE00010/0");
        bulk.getRequestHeaders().setAccept("multipart/related; type=\"application/octet-stream\"");
        HttpResponse bulkResponse = bulk.executeUnparsed();
        assertArrayEquals(frame, parts(bulkResponse.getContent().readAllBytes(), bulkResponse.getContentType()).get(0));

        DicomStoreMetrics metrics = stores.getDICOMStoreMetrics(hc.store).execute();
        assertEquals(2L, metrics.getStudyCount());
        assertEquals(2L, metrics.getSeriesCount());
        assertEquals(2L, metrics.getInstanceCount());
        assertEquals((long) (ct.length + mr.length), metrics.getBlobStorageSizeBytes());
        assertTrue(metrics.getStructuredStorageSizeBytes() > 0);

        StudyMetrics sm = stores.dicomWeb().studies().getStudyMetrics(hc.store + "/dicomWeb/studies/" + CT_STUDY).execute();
        assertEquals(1L, sm.getInstanceCount());
        assertEquals((long) ct.length, sm.getBlobStorageSizeBytes());
        SeriesMetrics serm = stores.dicomWeb().studies().series().getSeriesMetrics(hc.store + "/dicomWeb/studies/"
                + CT_STUDY + "/series/" + CT_SERIES).execute();
        assertEquals(1L, serm.getInstanceCount());
        StorageInfo info = stores.dicomWeb().studies().series().instances().getStorageInfo(hc.store + "/dicomWeb/"
                + instancePath).execute();
        assertEquals((long) ct.length, info.getBlobStorageInfo().getSizeBytes());
        assertEquals("STANDARD", info.getBlobStorageInfo().getStorageClass());
        assertEquals(hc.store + "/dicomWeb/" + instancePath, info.getReferencedResource());
        assertNotNull(info.getStructuredStorageInfo().getSizeBytes());
    }

    @Test
    void deletesRemoveFilesAndRowsTogether() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        hc.server.context().feature(DicomWebFeature.class).orElseThrow().addInstanceListener(
                new org.dicompipe.emulator.storage.InstanceListener() {
                    @Override
                    public void instanceStored(org.dicompipe.emulator.healthcare.DicomStoreName store,
                            org.dicompipe.emulator.storage.InstanceKey key,
                            org.dicompipe.emulator.storage.DicomStoreStorage storage) {
                        events.add("stored " + key.instance());
                    }

                    @Override
                    public void instanceDeleted(org.dicompipe.emulator.healthcare.DicomStoreName store,
                            org.dicompipe.emulator.storage.InstanceKey key) {
                        events.add("deleted " + key.instance());
                    }
                });
        byte[] ct = corpus("CT_small.dcm");
        store(stores.storeInstances(hc.store, "studies", new HttpBody()), ct);
        store(stores.storeInstances(hc.store, "studies", new HttpBody()), ct); // same bytes again: no event
        byte[] second = TestInstances.withUids(ct, null, null, CT_SOP + ".2");
        store(stores.storeInstances(hc.store, "studies", new HttpBody()), second);

        stores.studies().series().instances().delete(hc.store, instancePath).execute();
        assertEquals(1L, stores.getDICOMStoreMetrics(hc.store).execute().getInstanceCount());
        assertTrue(Files.notExists(hc.storeDir().resolve(CT_STUDY).resolve(CT_SERIES).resolve(CT_SOP + ".dcm")));
        GoogleJsonResponseException gone = assertThrows(GoogleJsonResponseException.class,
                () -> stores.studies().series().instances().delete(hc.store, instancePath).execute());
        assertEquals(404, gone.getStatusCode());

        Operation op = stores.studies().delete(hc.store, "studies/" + CT_STUDY).execute();
        assertEquals(Boolean.TRUE, op.getDone());
        assertTrue(op.getName().startsWith(DicomWebTestServer.DATASET + "/operations/"), op.getName());
        assertEquals(0L, stores.getDICOMStoreMetrics(hc.store).execute().getInstanceCount());
        assertTrue(Files.notExists(hc.storeDir().resolve(CT_STUDY)), "empty study folder is removed");
        assertEquals(404, assertThrows(GoogleJsonResponseException.class, () -> stores.dicomWeb().studies()
                .getStudyMetrics(hc.store + "/dicomWeb/studies/" + CT_STUDY).execute()).getStatusCode());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class, () -> stores.studies()
                .delete(hc.store, "studies/" + CT_STUDY).execute()).getStatusCode());
        assertEquals(List.of("stored " + CT_SOP, "stored " + CT_SOP + ".2", "deleted " + CT_SOP,
                "deleted " + CT_SOP + ".2"), events, "listeners hear each committed change once");
    }
}
