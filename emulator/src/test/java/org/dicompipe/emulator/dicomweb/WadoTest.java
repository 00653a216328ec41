package org.dicompipe.emulator.dicomweb;

import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.CORPUS;
import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.corpus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.Tags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WADO-RS details: Accept negotiation, multi-instance retrieval, metadata levels, rendering, frame errors. */
class WadoTest {

    @TempDir
    static Path dataDir;
    static DicomWebTestServer hc;

    @BeforeAll
    static void load() throws Exception {
        hc = DicomWebTestServer.start(dataDir);
        for (String f : List.of("CT_small.dcm", "MR_small.dcm", "SC_rgb_jpeg_dcmtk.dcm", "JPEG2000.dcm", "rtplan.dcm",
                "rtdose.dcm", "SC_rgb_small_odd.dcm")) {
            assertEquals(200, hc.stow("/studies", corpus(f)).statusCode(), f);
        }
        byte[] ct2 = TestInstances.withUids(corpus("CT_small.dcm"), null, null, StowTest.CT_SOP + ".2");
        assertEquals(200, hc.stow("/studies", ct2).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        hc.close();
    }

    static String path(String file) throws Exception {
        Attributes ds = DicomReader.read(CORPUS.resolve(file)).dataset();
        return "/studies/" + ds.getString(Tags.StudyInstanceUID) + "/series/" + ds.getString(Tags.SeriesInstanceUID)
                + "/instances/" + ds.getString(Tags.SOPInstanceUID);
    }

    @Test
    void seriesAndStudyRetrievalReturnEveryInstanceAsAPart() throws Exception {
        String series = "/studies/" + StowTest.CT_STUDY + "/series/" + StowTest.CT_SERIES;
        HttpResponse<byte[]> r = hc.get(series, "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        assertEquals(200, r.statusCode());
        List<byte[]> parts = DicomWebTestServer.parts(r);
        assertEquals(2, parts.size());
        assertArrayEquals(corpus("CT_small.dcm"), parts.get(0));
        JsonArray meta = JsonParser.parseString(new String(hc.get("/studies/" + StowTest.CT_STUDY + "/metadata",
                null).body(), StandardCharsets.UTF_8)).getAsJsonArray();
        assertEquals(2, meta.size());
        assertEquals(404, hc.get("/studies/1.2.3.4/metadata", null).statusCode());
    }

    @Test
    void studyMetadataLargerThanOnePageListsEveryInstanceOnce() throws Exception {
        hc.stores().create(DicomWebTestServer.DATASET, new com.google.api.services.healthcare.v1.model.DicomStore())
                .setDicomStoreId("many").execute();
        String dw = hc.server.baseUrl() + "v1/" + DicomWebTestServer.DATASET + "/dicomStores/many/dicomWeb";
        byte[] ct = corpus("CT_small.dcm");
        int n = 230;
        for (int i = 0; i < n; i++) {
            byte[] b = TestInstances.withUids(ct, "1.2.826.0.1.77", "1.2.826.0.1.77." + (i % 3), "1.2.826.0.1.77.9." + i);
            var r = hc.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dw + "/studies"))
                    .header("Content-Type", "application/dicom")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(b)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
        HttpResponse<byte[]> meta = hc.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(dw + "/studies/1.2.826.0.1.77/metadata")).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonArray all = JsonParser.parseString(new String(meta.body(), StandardCharsets.UTF_8)).getAsJsonArray();
        java.util.Set<String> sops = new java.util.HashSet<>();
        all.forEach(e -> sops.add(DicomWebTestServer.value(e.getAsJsonObject(), "00080018")));
        assertEquals(n, all.size());
        assertEquals(n, sops.size());
    }

    @Test
    void transferSyntaxNegotiation() throws Exception {
        String ct = path("CT_small.dcm");
        assertEquals(200, hc.get(ct, "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1")
                .statusCode(), "the stored syntax");
        assertEquals(200, hc.get(ct, null).statusCode(), "no Accept: the stored syntax");
        HttpResponse<String> no = hc.getString(ct, "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50");
        assertEquals(406, no.statusCode());
        assertTrue(no.body().contains("transcoding") && no.body().contains("transfer-syntax=*"), no.body());
        assertEquals(406, hc.get(ct, "image/png").statusCode());
        HttpResponse<byte[]> single = hc.get(ct, "application/dicom; transfer-syntax=*");
        assertEquals("application/dicom; transfer-syntax=1.2.840.10008.1.2.1",
                single.headers().firstValue("Content-Type").orElseThrow());

        String jpeg = path("SC_rgb_jpeg_dcmtk.dcm");
        HttpResponse<byte[]> frames = hc.get(jpeg + "/frames/1", "multipart/related; type=\"image/jpeg\"");
        assertEquals(200, frames.statusCode());
        byte[] f = DicomWebTestServer.parts(frames).get(0);
        assertEquals(0xFF, f[0] & 0xff);
        assertEquals(0xD8, f[1] & 0xff, "a JPEG stream");
        assertEquals(406, hc.get(jpeg + "/frames/1",
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1").statusCode());
    }

    @Test
    void uncompressedInstancesAreTranscodedToTheDefaultSyntax() throws Exception {
        for (String file : List.of("MR_small_bigendian.dcm", "MR_small_implicit.dcm")) {
            String storeId = "t" + Math.abs(file.hashCode());
            hc.stores().create(DicomWebTestServer.DATASET, new com.google.api.services.healthcare.v1.model.DicomStore())
                    .setDicomStoreId(storeId).execute();
            String dw = hc.server.baseUrl() + "v1/" + DicomWebTestServer.DATASET + "/dicomStores/" + storeId + "/dicomWeb";
            var stow = hc.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dw + "/studies"))
                    .header("Content-Type", "application/dicom")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(CORPUS.resolve(file))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stow.statusCode(), stow.body());
            HttpResponse<byte[]> r = hc.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dw + path(file)))
                    .header("Accept", "application/dicom").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertEquals("application/dicom; transfer-syntax=1.2.840.10008.1.2.1",
                    r.headers().firstValue("Content-Type").orElseThrow());
            Path got = dataDir.resolve(file + ".explicit.dcm");
            Files.write(got, r.body());
            // pydicom decides whether the transcoded file holds the same dataset and pixels as the original
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                    "import sys, pydicom, numpy",
                    "a = pydicom.dcmread(sys.argv[1]); b = pydicom.dcmread(sys.argv[2])",
                    "assert b.file_meta.TransferSyntaxUID == '1.2.840.10008.1.2.1', b.file_meta.TransferSyntaxUID",
                    "assert [e.tag for e in a] == [e.tag for e in b]",
                    "assert all(a[t].value == b[t].value for t in a.keys() if t != 0x7FE00010)",
                    "assert numpy.array_equal(a.pixel_array, b.pixel_array)",
                    "print('same')"), CORPUS.resolve(file).toString(), got.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), file + ": " + out);
            assertTrue(out.contains("same"), out);
        }
    }

    @Test
    void framesAreCheckedAgainstTheInstance() throws Exception {
        String dose = path("rtdose.dcm");
        HttpResponse<byte[]> all = hc.get(dose + "/frames/1,15,3", "multipart/related; type=\"application/octet-stream\"");
        assertEquals(200, all.statusCode());
        assertEquals(3, DicomWebTestServer.parts(all).size());
        assertEquals(400, hc.get(dose + "/frames/16", null).statusCode());
        assertEquals(400, hc.get(dose + "/frames/0", null).statusCode());
        assertEquals(400, hc.get(dose + "/frames/x", null).statusCode());
        assertEquals(404, hc.get(path("rtplan.dcm") + "/frames/1", null).statusCode(), "no pixel data");
    }

    @Test
    void renderedGreyscaleMatchesPydicomsWindowing() throws Exception {
        for (String file : List.of("MR_small.dcm", "CT_small.dcm")) {
            Path expectedFile = dataDir.resolve(file + ".grey");
            Path script = Path.of(WadoTest.class.getResource("/rendering/rendered_expectation.py").toURI());
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), CORPUS.resolve(file).toString(),
                    expectedFile.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), log);
            byte[] expected = Files.readAllBytes(expectedFile);

            HttpResponse<byte[]> png = hc.get(path(file) + "/rendered", "image/png");
            assertEquals(200, png.statusCode());
            assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
            int w = img.getWidth();
            assertEquals(expected.length, w * img.getHeight());
            int worst = 0;
            for (int i = 0; i < expected.length; i++) {
                int got = img.getRaster().getSample(i % w, i / w, 0);
                worst = Math.max(worst, Math.abs(got - (expected[i] & 0xff)));
            }
            assertTrue(worst <= 1, file + ": largest grey difference to pydicom " + worst);
        }
    }

    @Test
    void renderedViewportColourJpegAndRefusals() throws Exception {
        HttpResponse<byte[]> small = hc.get(path("CT_small.dcm") + "/rendered?viewport=64,32", "image/jpeg");
        assertEquals(200, small.statusCode());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(small.body()));
        assertEquals(32, img.getWidth(), "fits the viewport, keeping the aspect ratio");
        assertEquals(32, img.getHeight());

        HttpResponse<byte[]> jpeg = hc.get(path("SC_rgb_jpeg_dcmtk.dcm") + "/frames/1/rendered", "image/png");
        assertEquals(200, jpeg.statusCode());
        BufferedImage colour = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        assertEquals(100, colour.getWidth());
        assertEquals(3, colour.getColorModel().getNumColorComponents());

        HttpResponse<byte[]> rgb = hc.get(path("SC_rgb_small_odd.dcm") + "/rendered", "image/png");
        assertEquals(200, rgb.statusCode());
        int pixel = ImageIO.read(new ByteArrayInputStream(rgb.body())).getRGB(0, 0) & 0xffffff;
        byte[] raw = DicomReader.read(CORPUS.resolve("SC_rgb_small_odd.dcm")).dataset().get(0x7FE00010).bytes();
        assertEquals(((raw[0] & 0xff) << 16) | ((raw[1] & 0xff) << 8) | (raw[2] & 0xff), pixel, "RGB is kept");

        HttpResponse<String> j2k = hc.getString(path("JPEG2000.dcm") + "/rendered", null);
        assertEquals(406, j2k.statusCode());
        assertTrue(j2k.body().contains("1.2.840.10008.1.2.4.91"), j2k.body());
        assertEquals(400, hc.get(path("CT_small.dcm") + "/rendered?viewport=0,10", null).statusCode());
        assertEquals(406, hc.get(path("CT_small.dcm") + "/rendered", "image/gif").statusCode());
    }
}
