package org.dicompipe.emulator.dicomweb;

import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.corpus;
import static org.dicompipe.emulator.dicomweb.DicomWebTestServer.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.VR;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QIDO-RS matching, attributes and paging over a small set of studies made from corpus files. Study i has UID 1.2.826.0.1.i.
 */
class QidoTest {

    @TempDir
    static Path dataDir;
    static DicomWebTestServer hc;

    /** name, birth date not used; study date, modality of its two series, accession. */
    static final String[][] STUDIES = {
        {"Jones^Joanna", "20200115", "CT", "ACC-1"},
        {"JONES^Bob", "20200620", "MR", "ACC-2"},
        {"Smith^Anna", "20191231", "CT", "ACC-3"},
        {"Smithson^Al", "20210301", "MR", "ACC-4"},
        {"Müller^Jürgen", "20220101", "CT", "ACC-5"},
    };

    @BeforeAll
    static void load() throws Exception {
        hc = DicomWebTestServer.start(dataDir);
        byte[] ct = corpus("CT_small.dcm");
        byte[] mr = corpus("MR_small.dcm");
        for (int i = 0; i < STUDIES.length; i++) {
            String[] s = STUDIES[i];
            String study = "1.2.826.0.1." + i;
            for (int series = 0; series < 2; series++) {
                byte[] base = s[2].equals("CT") ? ct : mr;
                // the second series of every study is an SR-free "OT" series with one more instance
                String modality = series == 0 ? s[2] : "OT";
                for (int inst = 0; inst <= series; inst++) {
                    byte[] b = TestInstances.with(base,
                            Tags.StudyInstanceUID, VR.UI, study,
                            Tags.SeriesInstanceUID, VR.UI, study + "." + series,
                            Tags.SOPInstanceUID, VR.UI, study + "." + series + "." + inst,
                            Tags.PatientName, VR.PN, s[0],
                            Tags.PatientID, VR.LO, "PID-" + i,
                            Tags.StudyDate, VR.DA, s[1],
                            Tags.AccessionNumber, VR.SH, s[3],
                            Tags.Modality, VR.CS, modality,
                            Tags.SpecificCharacterSet, VR.CS, "ISO_IR 192",
                            Tags.InstanceNumber, VR.IS, Integer.toString(inst + 1),
                            0x00081030, VR.LO, "study " + i);
                    HttpResponse<String> r = hc.stow("/studies", b);
                    assertEquals(200, r.statusCode(), r.body());
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        hc.close();
    }

    @Test
    void studiesCarryTheDefaultAttributesAndTheRelatedCounts() throws Exception {
        JsonArray all = hc.search("/studies");
        assertEquals(5, all.size());
        JsonObject s0 = find(all, "1.2.826.0.1.0");
        assertEquals("Jones^Joanna", value(s0, "00100010"));
        assertEquals("20200115", value(s0, "00080020"));
        assertEquals("ACC-1", value(s0, "00080050"));
        assertEquals("2", value(s0, "00201206"), "NumberOfStudyRelatedSeries");
        assertEquals("3", value(s0, "00201208"), "NumberOfStudyRelatedInstances");
        assertEquals(Set.of("CT", "OT"), values(s0, "00080061"));
        assertEquals(hc.dicomWeb() + "/studies/1.2.826.0.1.0", value(s0, "00081190"));
        assertFalse(s0.has("00081030"), "StudyDescription is not a default study attribute");
        assertFalse(s0.has("00080060"), "no series attribute at study level");
    }

    @Test
    void patientNameMatchesExactlyIgnoringCaseAndWithWildcards() throws Exception {
        assertEquals(Set.of("1.2.826.0.1.0"), studies("PatientName=jones%5EJoanna"));
        assertEquals(Set.of("1.2.826.0.1.0", "1.2.826.0.1.1"), studies("PatientName=Jones*"));
        assertEquals(Set.of("1.2.826.0.1.2", "1.2.826.0.1.3"), studies("00100010=Smith*"));
        assertEquals(Set.of("1.2.826.0.1.2"), studies("PatientName=Smit?%5E*"));
        assertEquals(Set.of("1.2.826.0.1.4"), studies("PatientName=M%C3%BCller*"));
        assertEquals(Set.of(), studies("PatientName=Jones"));
    }

    @Test
    void fuzzyMatchingFindsNamesByWordPrefix() throws Exception {
        assertEquals(Set.of("1.2.826.0.1.0"), studies("PatientName=joa&fuzzymatching=true"));
        assertEquals(Set.of("1.2.826.0.1.0", "1.2.826.0.1.1"), studies("PatientName=jon&fuzzymatching=true"));
        assertEquals(Set.of("1.2.826.0.1.1"), studies("PatientName=bob%20jones&fuzzymatching=true"));
        assertEquals(Set.of(), studies("PatientName=joa&fuzzymatching=false"));
    }

    @Test
    void datesMatchExactlyAndByRange() throws Exception {
        assertEquals(Set.of("1.2.826.0.1.1"), studies("StudyDate=20200620"));
        assertEquals(Set.of("1.2.826.0.1.0", "1.2.826.0.1.1"), studies("StudyDate=20200101-20201231"));
        assertEquals(Set.of("1.2.826.0.1.0", "1.2.826.0.1.2"), studies("StudyDate=-20200115"));
        assertEquals(Set.of("1.2.826.0.1.3", "1.2.826.0.1.4"), studies("StudyDate=20210101-"));
    }

    @Test
    void uidListsModalitiesAndOtherKeysCombine() throws Exception {
        assertEquals(Set.of("1.2.826.0.1.0", "1.2.826.0.1.3"), studies("StudyInstanceUID=1.2.826.0.1.0,1.2.826.0.1.3"));
        assertEquals(Set.of("1.2.826.0.1.0", "1.2.826.0.1.3"),
                studies("StudyInstanceUID=1.2.826.0.1.0&StudyInstanceUID=1.2.826.0.1.3"));
        assertEquals(Set.of("1.2.826.0.1.1", "1.2.826.0.1.3"), studies("ModalitiesInStudy=MR"));
        assertEquals(Set.of("1.2.826.0.1.3"), studies("ModalitiesInStudy=MR&StudyDate=2021*".replace("2021*", "20210101-")));
        assertEquals(Set.of("1.2.826.0.1.2"), studies("AccessionNumber=ACC-3"));
        assertEquals(Set.of("1.2.826.0.1.4"), studies("PatientID=PID-4"));
    }

    @Test
    void includefieldAddsAttributesAndAllAddsEverything() throws Exception {
        JsonObject one = hc.search("/studies?StudyInstanceUID=1.2.826.0.1.2&includefield=StudyDescription")
                .get(0).getAsJsonObject();
        assertEquals("study 2", value(one, "00081030"));
        JsonObject all = hc.search("/studies?StudyInstanceUID=1.2.826.0.1.2&includefield=all").get(0).getAsJsonObject();
        assertEquals("study 2", value(all, "00081030"));
        assertTrue(all.has("00100040"), "patient attributes");
        assertTrue(all.keySet().size() > one.keySet().size());
    }

    @Test
    void limitAndOffsetPageThroughEveryResultOnce() throws Exception {
        Set<String> seen = new TreeSet<>();
        for (int offset = 0; offset < 6; offset += 2) {
            JsonArray page = hc.search("/studies?limit=2&offset=" + offset);
            assertTrue(page.size() <= 2);
            for (JsonElement e : page) {
                assertTrue(seen.add(value(e.getAsJsonObject(), "0020000D")), "no study twice");
            }
        }
        assertEquals(5, seen.size());
        HttpResponse<String> limited = hc.getString("/studies?limit=2", null);
        assertTrue(limited.headers().firstValue("Warning").isPresent(), "more results are announced");
        assertEquals(0, hc.search("/studies?offset=10").size());
    }

    @Test
    void seriesAndInstancesAtEveryLevel() throws Exception {
        JsonArray series = hc.search("/studies/1.2.826.0.1.1/series");
        assertEquals(2, series.size());
        JsonObject ot = find(series, "0020000E", "1.2.826.0.1.1.1");
        assertEquals("OT", value(ot, "00080060"));
        assertEquals("2", value(ot, "00201209"), "NumberOfSeriesRelatedInstances");
        assertFalse(ot.has("00100010"), "study attributes are not repeated when the study is in the path");

        JsonArray allSeries = hc.search("/series?Modality=MR");
        assertEquals(Set.of("1.2.826.0.1.1.0", "1.2.826.0.1.3.0"), uids(allSeries, "0020000E"));
        assertTrue(allSeries.get(0).getAsJsonObject().has("00100010"), "store-level series carry study attributes");

        assertEquals(2, hc.search("/studies/1.2.826.0.1.1/series/1.2.826.0.1.1.1/instances").size());
        assertEquals(3, hc.search("/studies/1.2.826.0.1.1/instances").size());
        assertEquals(Set.of("1.2.826.0.1.3.1.0", "1.2.826.0.1.3.1.1"),
                uids(hc.search("/instances?PatientName=smithson*&Modality=OT"), "00080018"));
        JsonObject inst = hc.search("/instances?SOPInstanceUID=1.2.826.0.1.0.0.0").get(0).getAsJsonObject();
        assertEquals("128", value(inst, "00280010"), "Rows is a default instance attribute");
        assertEquals(hc.dicomWeb() + "/studies/1.2.826.0.1.0/series/1.2.826.0.1.0.0/instances/1.2.826.0.1.0.0.0",
                value(inst, "00081190"));
    }

    @Test
    void instanceNumberWithinAStudyFindsEachMatchInUidOrder() throws Exception {
        assertEquals(List.of("1.2.826.0.1.1.0.0", "1.2.826.0.1.1.1.0"),
                orderedUids(hc.search("/studies/1.2.826.0.1.1/instances?InstanceNumber=1"), "00080018"));
        assertEquals(List.of("1.2.826.0.1.1.1.1"),
                orderedUids(hc.search("/studies/1.2.826.0.1.1/instances?InstanceNumber=2"), "00080018"));
        assertEquals(List.of("1.2.826.0.1.1.1.1"),
                orderedUids(hc.search("/studies/1.2.826.0.1.1/series/1.2.826.0.1.1.1/instances?InstanceNumber=2"), "00080018"));
        assertEquals(0, hc.search("/studies/1.2.826.0.1.1/instances?InstanceNumber=3").size());
        // store-wide: the second instance of every study's second series, five of them
        assertEquals(List.of("1.2.826.0.1.0.1.1", "1.2.826.0.1.1.1.1", "1.2.826.0.1.2.1.1", "1.2.826.0.1.3.1.1",
                "1.2.826.0.1.4.1.1"), orderedUids(hc.search("/instances?InstanceNumber=2"), "00080018"));
        assertEquals(List.of("1.2.826.0.1.2.1.1"),
                orderedUids(hc.search("/instances?InstanceNumber=2&limit=1&offset=2"), "00080018"));
    }

    @Test
    void seriesAndInstancesMatchOnTheLevelsAbove() throws Exception {
        assertEquals(Set.of("1.2.826.0.1.0.0", "1.2.826.0.1.0.1", "1.2.826.0.1.1.0", "1.2.826.0.1.1.1"),
                uids(hc.search("/series?PatientName=jones*"), "0020000E"));
        assertEquals(Set.of("1.2.826.0.1.1.0", "1.2.826.0.1.1.1", "1.2.826.0.1.3.0", "1.2.826.0.1.3.1"),
                uids(hc.search("/series?ModalitiesInStudy=MR"), "0020000E"));
        assertEquals(Set.of("1.2.826.0.1.3.0.0"),
                uids(hc.search("/instances?StudyDate=20210101-&Modality=MR"), "00080018"));
        assertEquals(Set.of("1.2.826.0.1.2.0.0"),
                uids(hc.search("/studies/1.2.826.0.1.2/instances?Modality=CT"), "00080018"));
        JsonObject inst = hc.search("/instances?AccessionNumber=ACC-4&Modality=OT&limit=1").get(0).getAsJsonObject();
        assertEquals("1.2.826.0.1.3.1.0", value(inst, "00080018"));
        assertEquals("Smithson^Al", value(inst, "00100010"), "store-wide instances carry their study's attributes");
        assertEquals("OT", value(inst, "00080060"), "and their series'");
    }

    @Test
    void pagesOfInstancesAndDateRangesComeInUidOrderWithoutRepeats() throws Exception {
        List<String> paged = new java.util.ArrayList<>();
        for (int offset = 0; offset < 16; offset += 4) {
            paged.addAll(orderedUids(hc.search("/instances?limit=4&offset=" + offset), "00080018"));
        }
        List<String> sorted = new java.util.ArrayList<>(new TreeSet<>(paged));
        assertEquals(15, sorted.size(), "every instance once: " + paged);
        assertEquals(sorted, paged);
        assertEquals(sorted, orderedUids(hc.search("/instances"), "00080018"));
        assertEquals(List.of("1.2.826.0.1.1"),
                orderedUids(hc.search("/studies?StudyDate=20200101-20221231&limit=1&offset=1"), "0020000D"));
        assertEquals(List.of("1.2.826.0.1.0", "1.2.826.0.1.1", "1.2.826.0.1.3", "1.2.826.0.1.4"),
                orderedUids(hc.search("/studies?StudyDate=20200101-20221231"), "0020000D"));
    }

    /**
     * Each result lists its attributes once each, in ascending tag order (PS3.18 F.2.1.1), even those stored at
     * several levels (SpecificCharacterSet is) or both stored and computed; read as text, since a parser would hide
     * a repeated name.
     */
    @Test
    void attributesOfEachResultAreInTagOrderAndUnique() throws Exception {
        for (String q : List.of("/studies?includefield=all", "/series?includefield=all", "/instances?includefield=all",
                "/instances", "/studies/1.2.826.0.1.3/series/1.2.826.0.1.3.1/instances?includefield=00080005")) {
            String body = hc.getString(q, null).body();
            com.google.gson.stream.JsonReader r = new com.google.gson.stream.JsonReader(new java.io.StringReader(body));
            r.beginArray();
            int results = 0;
            while (r.hasNext()) {
                r.beginObject();
                String previous = "";
                while (r.hasNext()) {
                    String name = r.nextName();
                    assertTrue(name.compareTo(previous) > 0, q + ": " + name + " after " + previous);
                    previous = name;
                    r.skipValue();
                }
                r.endObject();
                results++;
            }
            r.endArray();
            assertTrue(results > 0, q);
        }
        JsonObject inst = hc.search("/instances?SOPInstanceUID=1.2.826.0.1.4.0.0&includefield=00080005")
                .get(0).getAsJsonObject();
        assertEquals("ISO_IR 192", value(inst, "00080005"));
    }

    /**
     * A search without includefield is answered from the index's default-attribute texts; asking for one more
     * attribute makes it read the full ones. Apart from that attribute the two answers must be the same, member for
     * member, at every level.
     */
    @Test
    void defaultAttributeAnswersEqualFullAnswersWithoutTheExtraAttribute() throws Exception {
        for (String q : List.of("/studies?PatientName=*", "/series", "/instances", "/studies/1.2.826.0.1.3/instances",
                "/studies/1.2.826.0.1.3/series/1.2.826.0.1.3.1/instances", "/studies/1.2.826.0.1.1/series")) {
            JsonArray defaults = hc.search(q);
            JsonArray full = hc.search(q + (q.contains("?") ? "&" : "?") + "includefield=StudyDescription");
            assertEquals(full.size(), defaults.size(), q);
            assertTrue(defaults.size() > 0, q);
            boolean extraSeen = false;
            for (int i = 0; i < full.size(); i++) {
                JsonObject f = full.get(i).getAsJsonObject().deepCopy();
                extraSeen |= f.remove("00081030") != null;
                assertEquals(f, defaults.get(i).getAsJsonObject(), q + " result " + i);
            }
            assertTrue(extraSeen, q + ": the full answer read the full attributes");
        }
    }

    @Test
    void badQueriesGetInvalidArgument() throws Exception {
        for (String q : List.of("/studies?StudyDate=2020", "/studies?Modality=CT", "/studies?limit=-1",
                "/studies?NoSuchKeyword=1", "/studies?StudyInstanceUID=1.2.x", "/studies?00191010=x",
                "/series?SOPInstanceUID=1.2")) {
            HttpResponse<String> r = hc.getString(q, null);
            assertEquals(400, r.statusCode(), q + " -> " + r.body());
            assertTrue(r.body().contains("INVALID_ARGUMENT"), r.body());
        }
        assertEquals(406, hc.getString("/studies", "multipart/related; type=\"application/dicom+xml\"").statusCode());
    }

    private static Set<String> studies(String query) throws Exception {
        return uids(hc.search("/studies?" + query), "0020000D");
    }

    private static Set<String> uids(JsonArray a, String tag) {
        Set<String> out = new HashSet<>();
        for (JsonElement e : a) {
            out.add(value(e.getAsJsonObject(), tag));
        }
        return out;
    }

    private static List<String> orderedUids(JsonArray a, String tag) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonElement e : a) {
            out.add(value(e.getAsJsonObject(), tag));
        }
        return out;
    }

    private static Set<String> values(JsonObject o, String tag) {
        Set<String> out = new HashSet<>();
        o.getAsJsonObject(tag).getAsJsonArray("Value").forEach(v -> out.add(v.getAsString()));
        return out;
    }

    private static JsonObject find(JsonArray a, String studyUid) {
        return find(a, "0020000D", studyUid);
    }

    private static JsonObject find(JsonArray a, String tag, String uid) {
        for (JsonElement e : a) {
            if (uid.equals(value(e.getAsJsonObject(), tag))) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(uid + " not in " + a);
    }
}
