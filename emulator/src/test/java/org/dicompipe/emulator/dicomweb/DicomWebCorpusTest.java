package org.dicompipe.emulator.dicomweb;

import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.CORPUS;
import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.codec.json.JsonOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pydicom test corpus through STOW, QIDO and WADO, each file in its own store (several files share UIDs).
 * pydicom decides which files are Part 10 instances that must be stored and splits their frames; the emulator must
 * store exactly those, return their bytes unchanged, find them by UID, serve metadata equal to the codec's DICOM
 * JSON and frames equal to pydicom's.
 */
class DicomWebCorpusTest {

    @TempDir
    static Path dataDir;
    static DicomWebTestServer hc;
    static JsonObject expected;

    @BeforeAll
    static void start() throws Exception {
        hc = DicomWebTestServer.start(dataDir);
        Path script = Path.of(DicomWebCorpusTest.class.getResource("/dicomweb/corpus_expectations.py").toURI());
        Path out = dataDir.resolve("expectations.json");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), CORPUS.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        expected = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertTrue(expected.size() > 50, "the corpus is there");
    }

    @AfterAll
    static void stop() throws Exception {
        hc.close();
    }

    @Test
    void everyCorpusFileIsStoredSearchedAndRetrievedAsPydicomSeesIt() throws Exception {
        List<String> problems = new ArrayList<>();
        int n = 0;
        int framesCompared = 0;
        for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
            String name = e.getKey();
            JsonObject want = e.getValue().getAsJsonObject();
            String storeId = "c" + n++;
            hc.stores().create(DicomWebTestServer.DATASET, new DicomStore()).setDicomStoreId(storeId).execute();
            String dw = hc.server.baseUrl() + "v1/" + DicomWebTestServer.DATASET + "/dicomStores/" + storeId + "/dicomWeb";
            byte[] bytes = Files.readAllBytes(CORPUS.resolve(name));
            HttpResponse<String> stow = hc.http.send(HttpRequest.newBuilder(URI.create(dw + "/studies"))
                    .header("Content-Type", "application/dicom").header("Accept", "application/dicom+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            boolean storable = want.get("storable").getAsBoolean();
            if (!storable) {
                if (stow.statusCode() != 409) {
                    problems.add(name + ": pydicom does not read it as a Part 10 instance, but STOW answered "
                            + stow.statusCode());
                }
                JsonArray found = search(dw + "/instances");
                if (found.size() != 0) {
                    problems.add(name + ": refused but searchable");
                }
                continue;
            }
            if (stow.statusCode() != 200) {
                problems.add(name + ": STOW " + stow.statusCode() + " " + stow.body());
                continue;
            }
            String study = want.get("study").getAsString();
            String series = want.get("series").getAsString();
            String sop = want.get("sop").getAsString();
            String instance = dw + "/studies/" + study + "/series/" + series + "/instances/" + sop;

            JsonArray found = search(dw + "/instances?SOPInstanceUID=" + sop);
            if (found.size() != 1 || !study.equals(value(found.get(0).getAsJsonObject(), "0020000D"))) {
                problems.add(name + ": QIDO by SOPInstanceUID found " + found);
            }

            HttpResponse<byte[]> wado = get(instance, "application/dicom; transfer-syntax=*");
            if (wado.statusCode() != 200 || !java.util.Arrays.equals(bytes, wado.body())) {
                problems.add(name + ": retrieved bytes differ (status " + wado.statusCode() + ")");
            }

            HttpResponse<byte[]> meta = get(instance + "/metadata", "application/dicom+json");
            JsonElement gotMeta = normalise(JsonParser.parseString(new String(meta.body(), StandardCharsets.UTF_8))
                    .getAsJsonArray().get(0));
            var file = DicomReader.read(CORPUS.resolve(name));
            boolean deflated = UID.DeflatedExplicitVRLittleEndian.equals(file.transferSyntaxUid());
            JsonElement codecMeta = normalise(JsonParser.parseString(DicomJson.toJson(file.dataset(), deflated
                    ? JsonOptions.inlineAll() : new JsonOptions(1024, (path, el) -> "bulk"))));
            if (!codecMeta.equals(gotMeta)) {
                problems.add(name + ": metadata differs from the codec's DICOM JSON");
            }

            if (want.has("frames") && !deflated) {
                int frames = want.get("frames").getAsInt();
                for (int f : new int[] {1, frames}) {
                    HttpResponse<byte[]> r = get(instance + "/frames/" + f,
                            "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
                    String key = f == 1 ? "firstFrame" : "lastFrame";
                    if (r.statusCode() != 200) {
                        problems.add(name + ": frame " + f + " status " + r.statusCode());
                        continue;
                    }
                    List<byte[]> parts = DicomWebTestServer.parts(r);
                    if (parts.size() != 1 || !sha256(parts.get(0)).equals(want.get(key).getAsString())) {
                        problems.add(name + ": frame " + f + " differs from pydicom's");
                    }
                    framesCompared++;
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(framesCompared > 40, "frames were compared: " + framesCompared);
    }

    @Test
    void pixelDataBulkDataUriServesThePixelBytes() throws Exception {
        hc.stores().create(DicomWebTestServer.DATASET, new DicomStore()).setDicomStoreId("bulk").execute();
        String dw = hc.server.baseUrl() + "v1/" + DicomWebTestServer.DATASET + "/dicomStores/bulk/dicomWeb";
        byte[] ct = Files.readAllBytes(CORPUS.resolve("CT_small.dcm"));
        hc.http.send(HttpRequest.newBuilder(URI.create(dw + "/studies")).header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ct)).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject meta = JsonParser.parseString(new String(get(dw + "/studies/" + StowTest.CT_STUDY + "/metadata",
                null).body(), StandardCharsets.UTF_8)).getAsJsonArray().get(0).getAsJsonObject();
        String uri = meta.getAsJsonObject("7FE00010").get("BulkDataURI").getAsString();
        assertTrue(uri.startsWith(dw + "/studies/" + StowTest.CT_STUDY + "/series/"), uri);
        HttpResponse<byte[]> r = get(uri, "multipart/related; type=\"application/octet-stream\"");
        assertEquals(200, r.statusCode());
        byte[] pixels = DicomReader.read(ct).dataset().get(0x7FE00010).bytes();
        assertArrayEquals(pixels, DicomWebTestServer.parts(r).get(0));
    }

    /** BulkDataURIs differ by design (URLs vs a marker): compare that there is one, not where it points. */
    private static JsonElement normalise(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = new JsonObject();
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                o.add(m.getKey(), m.getKey().equals("BulkDataURI") ? JsonParser.parseString("\"bulk\"")
                        : normalise(m.getValue()));
            }
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(normalise(x)));
            return a;
        }
        return e;
    }

    private static JsonArray search(String url) throws Exception {
        HttpResponse<byte[]> r = get(url, "application/dicom+json");
        assertEquals(200, r.statusCode(), url);
        return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonArray();
    }

    private static HttpResponse<byte[]> get(String url, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return hc.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
