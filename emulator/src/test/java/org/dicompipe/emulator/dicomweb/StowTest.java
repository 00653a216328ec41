package org.dicompipe.emulator.dicomweb;

import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.corpus;
import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.VR;
import org.dicompipe.emulator.dicomweb.DicomWebTestServer.Part;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STOW-RS over raw HTTP: response module, status codes, conformance choices, and what lands on disk. */
class StowTest {

    static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    static final String CT_SERIES = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322";
    static final String CT_SOP = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";

    @TempDir
    Path dataDir;
    DicomWebTestServer hc;

    @BeforeEach
    void start() throws Exception {
        hc = DicomWebTestServer.start(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        hc.close();
    }

    @Test
    void singleInstanceIsStoredAtItsUidPathWithTheExactBytes() throws Exception {
        byte[] ct = corpus("CT_small.dcm");
        HttpResponse<String> r = hc.stow("/studies", ct);

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/dicom+json"));
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(hc.dicomWeb() + "/studies/" + CT_STUDY, value(body, "00081190"));
        JsonArray refs = body.getAsJsonObject("00081199").getAsJsonArray("Value");
        assertEquals(1, refs.size());
        JsonObject ref = refs.get(0).getAsJsonObject();
        assertEquals("1.2.840.10008.5.1.4.1.1.2", value(ref, "00081150"));
        assertEquals(CT_SOP, value(ref, "00081155"));
        assertEquals(hc.dicomWeb() + "/studies/" + CT_STUDY + "/series/" + CT_SERIES + "/instances/" + CT_SOP,
                value(ref, "00081190"));
        assertFalse(body.has("00081198"), "no failures");

        Path file = hc.storeDir().resolve(CT_STUDY).resolve(CT_SERIES).resolve(CT_SOP + ".dcm");
        assertArrayEquals(ct, Files.readAllBytes(file));
        assertEquals(List.of(), tempFiles(), "no temporary file is left behind");
    }

    @Test
    void responseIsXmlUnlessJsonIsAsked() throws Exception {
        HttpResponse<String> r = hc.http.send(HttpRequest.newBuilder(URI.create(hc.dicomWeb() + "/studies"))
                .header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(corpus("MR_small.dcm"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/dicom+xml"));
        assertTrue(r.body().contains("<NativeDicomModel>") && r.body().contains("keyword=\"ReferencedSOPSequence\""),
                r.body());
    }

    @Test
    void multipartWithANonDicomPartStoresTheRestAndAnswers202() throws Exception {
        HttpResponse<String> r = hc.stowMultipart("/studies", List.of(
                Part.dicom(corpus("CT_small.dcm")),
                Part.dicom("this is not DICOM at all".getBytes(StandardCharsets.UTF_8)),
                new Part("application/dicom+json", "[]".getBytes(StandardCharsets.UTF_8)),
                Part.dicom(corpus("MR_small.dcm"))));

        assertEquals(202, r.statusCode(), r.body());
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(2, body.getAsJsonObject("00081199").getAsJsonArray("Value").size());
        JsonArray failed = body.getAsJsonObject("00081198").getAsJsonArray("Value");
        assertEquals(2, failed.size());
        for (var f : failed) {
            assertEquals("49152", value(f.getAsJsonObject(), "00081197"), "0xC000: cannot understand");
        }
        assertEquals(2, hc.search("/instances").size());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void onlyNonDicomPartsAnswer409AndStoreNothing() throws Exception {
        HttpResponse<String> r = hc.stowMultipart("/studies", List.of(
                Part.dicom(new byte[200]), Part.dicom(Files.readAllBytes(Path.of("/etc/hostname")))));
        assertEquals(409, r.statusCode(), r.body());
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(2, body.getAsJsonObject("00081198").getAsJsonArray("Value").size());
        assertFalse(body.has("00081199"));
        assertEquals(0, hc.search("/instances").size());
        assertEquals(List.of(), instanceFiles());
    }

    @Test
    void storingTheSameBytesAgainSucceedsAndDifferentContentUnderTheSameUidsConflicts() throws Exception {
        byte[] ct = corpus("CT_small.dcm");
        assertEquals(200, hc.stow("/studies", ct).statusCode());
        assertEquals(200, hc.stow("/studies", ct).statusCode(), "identical re-store is a success");

        byte[] changed = TestInstances.withString(ct, Tags.PatientID, VR.LO, "SOMEONE-ELSE");
        HttpResponse<String> r = hc.stow("/studies", changed);
        assertEquals(409, r.statusCode(), r.body());
        JsonObject failed = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("00081198")
                .getAsJsonArray("Value").get(0).getAsJsonObject();
        assertEquals("272", value(failed, "00081197"), "0x0110 processing failure, as the API answers");
        assertEquals(CT_SOP, value(failed, "00081155"));
        Path file = hc.storeDir().resolve(CT_STUDY).resolve(CT_SERIES).resolve(CT_SOP + ".dcm");
        assertArrayEquals(ct, Files.readAllBytes(file), "the first version is kept");
        assertEquals("1CT1", value(hc.search("/studies").get(0).getAsJsonObject(), "00100020"));
    }

    @Test
    void studyInThePathMustMatchTheInstance() throws Exception {
        HttpResponse<String> r = hc.stow("/studies/1.2.3", corpus("CT_small.dcm"));
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("does not match the study"), r.body());
        assertEquals(List.of(), instanceFiles());

        HttpResponse<String> ok = hc.stow("/studies/" + CT_STUDY, corpus("CT_small.dcm"));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(hc.dicomWeb() + "/studies/" + CT_STUDY,
                value(JsonParser.parseString(ok.body()).getAsJsonObject(), "00081190"));
    }

    @Test
    void instancesWithUidsThatCouldEscapeTheFolderAreRefused() throws Exception {
        byte[] ct = corpus("CT_small.dcm");
        for (String bad : List.of("../../../tmp", "1.2.3/../../x", "..", "1.2.abc", "")) {
            byte[] evil = TestInstances.withUids(ct, null, bad, null);
            HttpResponse<String> r = hc.stow("/studies", evil);
            assertEquals(409, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("SeriesInstanceUID"), r.body());
        }
        assertEquals(List.of(), instanceFiles());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void malformedMultipartIsA400AndStoresNothingEvenFromItsGoodParts() throws Exception {
        String boundary = "XYZ";
        byte[] good = DicomWebTestServer.multipart(boundary, List.of(Part.dicom(corpus("CT_small.dcm"))));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 12); // closing delimiter cut off
        for (byte[] body : List.of(truncated, "no boundary anywhere".getBytes(StandardCharsets.UTF_8))) {
            HttpResponse<String> r = hc.http.send(HttpRequest.newBuilder(URI.create(hc.dicomWeb() + "/studies"))
                    .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("INVALID_ARGUMENT") && r.body().contains("multipart"), r.body());
        }
        HttpResponse<String> noBoundary = hc.http.send(HttpRequest.newBuilder(URI.create(hc.dicomWeb() + "/studies"))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(good)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noBoundary.statusCode());
        HttpResponse<String> wrongType = hc.http.send(HttpRequest.newBuilder(URI.create(hc.dicomWeb() + "/studies"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(good)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, wrongType.statusCode());
        assertEquals(List.of(), instanceFiles());
        assertEquals(List.of(), tempFiles());
        assertEquals(0, hc.search("/studies").size());
    }

    @Test
    void traversalAndBogusUidsInThePathAreRejectedBeforeTouchingDisk() throws Exception {
        hc.stow("/studies", corpus("CT_small.dcm"));
        for (String path : List.of("/studies/..%2F..%2F..", "/studies/1.2%2F..%2F..", "/studies/abc/series",
                "/studies/" + CT_STUDY + "/series/..", "/studies/" + CT_STUDY + "/series/%2e%2e/instances",
                "/studies/" + "1".repeat(65))) {
            HttpResponse<String> r = hc.getString(path, null);
            assertEquals(400, r.statusCode(), path + " -> " + r.body());
            if (!path.contains("%")) {
                // encoded '/' and '..' are already refused by Jetty's URI compliance, before any routing
                assertTrue(r.body().contains("INVALID_ARGUMENT"), r.body());
            }
        }
        HttpResponse<String> del = hc.delete("/studies/..%2F" + CT_STUDY);
        assertEquals(400, del.statusCode());
        assertEquals(1, instanceFiles().size(), "nothing was deleted");
    }

    private List<Path> instanceFiles() throws Exception {
        try (Stream<Path> s = Files.walk(hc.storeDir())) {
            return s.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> s = Files.list(hc.storeDir().resolve(".tmp"))) {
            return s.toList();
        }
    }
}
