package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DicomConfig;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.TagFilterList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.Uids;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.storage.InstanceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dicomStores.deidentify through Google's generated client against the emulator: a source store with made-up CT
 * studies and files of pydicom's test corpus, de-identified into new stores, then the stored bytes examined.
 */
class DeidentifyDicomStoreTest {

    static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final List<String> CORPUS = List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm",
            "rtplan.dcm");

    static final TestInstances.Patient JANE = new TestInstances.Patient("Doe^Jane", "PID0001", "19700101");
    static final TestInstances.Patient RICHARD = new TestInstances.Patient("Roe^Richard", "PID0002", "19651224");

    @TempDir
    static Path dataDir;
    static DeidFixture fx;
    static String dataset;
    static String source;
    /** Every source instance: its file content parsed, for comparisons. */
    static final List<Attributes> SOURCES = new ArrayList<>();
    static String studyA;
    static String seriesA1;
    static String seriesA2;
    static String sopA1First;

    @BeforeAll
    static void storeSources() throws Exception {
        fx = DeidFixture.start(dataDir);
        dataset = fx.dataset("ds1");
        source = fx.store(dataset, "source");
        studyA = Uids.generate();
        seriesA1 = Uids.generate();
        seriesA2 = Uids.generate();
        String studyB = Uids.generate();
        String seriesB1 = Uids.generate();
        int n = 0;
        List<Attributes> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(TestInstances.ct(JANE, studyA, seriesA1, Uids.generate(), null, n++));
        }
        sopA1First = made.get(0).getString(Tags.SOPInstanceUID);
        for (int i = 0; i < 2; i++) {
            made.add(TestInstances.ct(JANE, studyA, seriesA2, Uids.generate(), sopA1First, n++));
        }
        for (int i = 0; i < 2; i++) {
            made.add(TestInstances.ct(RICHARD, studyB, seriesB1, Uids.generate(), null, n++));
        }
        for (Attributes a : made) {
            byte[] bytes = TestInstances.part10(a);
            fx.storeInstance(source, bytes);
            SOURCES.add(DicomReader.read(bytes).dataset());
        }
        // the codec's synthetic CT series: another generator's idea of a realistic header, with a vendor private block
        SyntheticStudy synthetic = SyntheticStudy.withSeed(42).instances(3).size(32, 32);
        for (int i = 0; i < 3; i++) {
            byte[] bytes = synthetic.toPart10(i);
            fx.storeInstance(source, bytes);
            SOURCES.add(DicomReader.read(bytes).dataset());
        }
        for (String name : CORPUS) {
            Path file = PYDICOM_FILES.resolve(name);
            fx.storeFile(source, file);
            SOURCES.add(DicomReader.read(file).dataset());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    static DeidentifyConfig profile(String name) {
        return new DeidentifyConfig().setDicom(new DicomConfig().setFilterProfile(name));
    }

    static String dest(String id) {
        return dataset + "/dicomStores/" + id;
    }

    static Operation runOk(String destination, DeidentifyConfig config) throws Exception {
        Operation op = fx.run(source, destination, config);
        assertNull(op.getError(), () -> "operation failed: " + op.getError());
        assertEquals(SOURCES.size(), DeidFixture.counter(op, "success"), "every instance de-identified");
        assertEquals(0, DeidFixture.counter(op, "failure"));
        return op;
    }

    @Test
    void basicProfileRemovesIdentityAndKeepsTheStudyStructure() throws Exception {
        String destination = dest("basic");
        Operation op = runOk(destination, profile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE"));
        assertEquals(DeidentifyExtension.API_METHOD_NAME, op.getMetadata().get("apiMethodName"));
        assertEquals(DeidentifyTask.RESPONSE_TYPE, op.getResponse().get("@type"));
        assertTrue(op.getName().startsWith(dataset + "/operations/"), "the operation lives in the source dataset");

        List<DeidFixture.Stored> out = fx.instances(destination);
        assertEquals(SOURCES.size(), out.size());
        Set<String> originalUids = new HashSet<>();
        // "seed 42" is the value in the synthetic instances' private block
        List<String> secrets = new ArrayList<>(List.of("Doe^Jane", "Roe^Richard", "Saint Nowhere", "Referrer",
                "ACME PRIVATE", "19700101", "19651224", "Synthetic General Hospital", "seed 42"));
        for (Attributes s : SOURCES) {
            for (int tag : new int[] {Tags.StudyInstanceUID, Tags.SeriesInstanceUID, Tags.SOPInstanceUID}) {
                originalUids.add(s.getString(tag));
            }
            String name = s.getString(Tags.PatientName);
            if (name != null && name.replace("^", "").length() >= 6) {
                secrets.add(name);
            }
        }
        secrets.addAll(originalUids);
        for (DeidFixture.Stored stored : out) {
            Attributes d = DicomReader.read(stored.bytes()).dataset();
            assertEmpty(d, Tags.PatientName);
            assertEmpty(d, Tags.PatientID);
            assertEmpty(d, Tags.PatientBirthDate);
            assertEquals("YES", d.getString(Tags.PatientIdentityRemoved));
            assertEquals("113100", d.getNestedItem(Tags.DeidentificationMethodCodeSequence, 0).getString(Tags.CodeValue));
            for (DicomElement e : d) {
                assertFalse(Tag.isPrivate(e.tag()) || (Tag.group(e.tag()) & 1) == 1,
                        () -> "private attribute left: " + Tag.format(e.tag()));
            }
            assertFalse(originalUids.contains(stored.key().study()));
            assertFalse(originalUids.contains(stored.key().series()));
            assertFalse(originalUids.contains(stored.key().instance()));
            assertTrue(stored.key().instance().startsWith("2.25."));
            String text = new String(stored.bytes(), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "\"" + secret + "\" is still in the bytes of " + stored.key());
            }
        }

        // the pixel data is untouched, so it tells which source each result came from
        Map<String, InstanceKey> bySource = matchByPixels(out);
        Map<String, String> seriesMap = new HashMap<>();
        Map<String, String> studyMap = new HashMap<>();
        for (Attributes s : SOURCES) {
            InstanceKey d = bySource.get(s.getString(Tags.SOPInstanceUID));
            assertNotNull(d, "every source has its de-identified copy");
            String prevSeries = seriesMap.putIfAbsent(s.getString(Tags.SeriesInstanceUID), d.series());
            assertTrue(prevSeries == null || prevSeries.equals(d.series()), "a series stays one series");
            String prevStudy = studyMap.putIfAbsent(s.getString(Tags.StudyInstanceUID), d.study());
            assertTrue(prevStudy == null || prevStudy.equals(d.study()), "a study stays one study");
        }
        assertEquals(seriesMap.size(), new HashSet<>(seriesMap.values()).size(), "distinct series stay distinct");
        assertEquals(studyMap.size(), new HashSet<>(studyMap.values()).size(), "distinct studies stay distinct");

        // a reference to another instance of the study follows that instance's new UID
        String newA1First = bySource.get(sopA1First).instance();
        int references = 0;
        for (DeidFixture.Stored stored : out) {
            if (stored.key().series().equals(seriesMap.get(seriesA2))) {
                Attributes d = DicomReader.read(stored.bytes()).dataset();
                assertEquals(newA1First, d.getNestedItem(Tag.of(0x0008, 0x1140), 0)
                        .getString(Tags.ReferencedSOPInstanceUID));
                references++;
            }
        }
        assertEquals(2, references);
    }

    @Test
    void pydicomReadsTheDeidentifiedFilesAndFindsNoIdentity() throws Exception {
        String destination = dest("basic-for-pydicom");
        runOk(destination, profile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE"));
        List<String> args = new ArrayList<>(List.of("/usr/bin/python3", "-c", PydicomCheck.SCRIPT));
        for (DeidFixture.Stored s : fx.instances(destination)) {
            args.add(s.file().toString());
        }
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("checked " + SOURCES.size() + " files"), output);
    }

    @Test
    void sameConfigGivesTheSameUidsAcrossRunsAndDatasets() throws Exception {
        DeidentifyConfig basic = profile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE");
        String other = fx.dataset("ds-other");
        runOk(dest("again-1"), basic);
        runOk(other + "/dicomStores/again-2", basic);
        Set<InstanceKey> first = keys(dest("again-1"));
        assertEquals(first, keys(other + "/dicomStores/again-2"));

        runOk(dest("keep-all"), profile("KEEP_ALL_PROFILE"));
        Set<InstanceKey> keepAll = keys(dest("keep-all"));
        assertEquals(first.size(), keepAll.size());
        assertTrue(java.util.Collections.disjoint(first, keepAll), "another config, other UIDs");

        runOk(dest("skip-ids"), new DeidentifyConfig().setDicom(new DicomConfig()
                .setFilterProfile("ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE").setSkipIdRedaction(true)));
        assertEquals(keys(source), keys(dest("skip-ids")), "skipIdRedaction keeps study, series and instance UIDs");
    }

    @Test
    void keepAllKeepsThePatientButNotTheUids() throws Exception {
        runOk(dest("keep-all-2"), profile("KEEP_ALL_PROFILE"));
        Attributes d = generated(dest("keep-all-2"), JANE);
        assertEquals("Doe^Jane", d.getString(Tags.PatientName));
        assertEquals("ACME PRIVATE", d.getString(Tag.of(0x0029, 0x0010)));
        assertEquals("NO", d.getString(Tags.PatientIdentityRemoved));
        assertTrue(d.getString(Tags.StudyInstanceUID).startsWith("2.25."));
    }

    @Test
    void minimalKeepListKeepsOnlyWhatValidDicomNeeds() throws Exception {
        runOk(dest("minimal"), profile("MINIMAL_KEEP_LIST_PROFILE"));
        Attributes d = generated(dest("minimal"), JANE);
        Set<Integer> allowed = new HashSet<>(MinimalKeepList.tags());
        allowed.addAll(Set.of(Tags.PatientIdentityRemoved, Tags.DeidentificationMethod));
        for (DicomElement e : d) {
            assertTrue(allowed.contains(e.tag()), () -> "unexpected attribute " + Tag.format(e.tag()));
        }
        assertEquals(16, d.getInt(Tags.Rows, 0));
        assertNotNull(d.get(Tags.PixelData));
        assertEquals("YES", d.getString(Tags.PatientIdentityRemoved));
    }

    @Test
    void keepListAndRemoveListNameTagsByKeywordOrNumber() throws Exception {
        runOk(dest("keep-list"), new DeidentifyConfig().setDicom(new DicomConfig()
                .setKeepList(new TagFilterList().setTags(List.of("PatientSex", "00080020")))));
        Attributes kept = generated(dest("keep-list"), JANE);
        assertEquals("20240131", kept.getString(Tags.StudyDate));
        assertEquals("O", kept.getString(Tag.of(0x0010, 0x0040)));
        assertNull(kept.get(Tags.PatientName));
        assertNull(kept.get(Tag.of(0x0029, 0x0010)));
        assertNotNull(kept.get(Tags.PixelData));

        runOk(dest("remove-list"), new DeidentifyConfig().setDicom(new DicomConfig()
                .setRemoveList(new TagFilterList().setTags(List.of("PatientName", "00080020")))));
        Attributes removed = generated(dest("remove-list"), JANE);
        assertNull(removed.get(Tags.PatientName));
        assertNull(removed.get(Tags.StudyDate));
        assertEquals("PID0001", removed.getString(Tags.PatientID));
        assertEquals("ACME PRIVATE", removed.getString(Tag.of(0x0029, 0x0010)));
    }

    @Test
    void aKeptPrivateAttributeKeepsItsPrivateCreator() throws Exception {
        runOk(dest("keep-private"), new DeidentifyConfig().setDicom(new DicomConfig()
                .setKeepList(new TagFilterList().setTags(List.of("00291001")))));
        DeidFixture.Stored stored = generatedFile(dest("keep-private"), JANE);
        Attributes kept = DicomReader.read(stored.bytes()).dataset();
        assertEquals("Doe^Jane", kept.getString(Tag.of(0x0029, 0x1001)));
        assertEquals("ACME PRIVATE", kept.getString(Tag.of(0x0029, 0x0010)), "the block's Private Creator is kept");
        for (DicomElement e : kept) {
            assertTrue(!Tag.isPrivate(e.tag()) || e.tag() == Tag.of(0x0029, 0x0010) || e.tag() == Tag.of(0x0029, 0x1001),
                    () -> "unexpected private attribute " + Tag.format(e.tag()));
        }
        // pydicom finds the value through its creator, as any reader of private blocks does
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import sys, pydicom
                ds = pydicom.dcmread(sys.argv[1])
                print(ds.private_block(0x0029, "ACME PRIVATE")[0x01].value)
                """, stored.file().toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), output);
        assertEquals("Doe^Jane", output);

        // listing no private attribute keeps no private attribute, creators included
        runOk(dest("keep-no-private"), new DeidentifyConfig().setDicom(new DicomConfig()
                .setKeepList(new TagFilterList().setTags(List.of("PatientSex")))));
        for (DeidFixture.Stored s : fx.instances(dest("keep-no-private"))) {
            for (DicomElement e : DicomReader.read(s.bytes()).dataset()) {
                assertFalse(Tag.isPrivate(e.tag()), () -> "private attribute left: " + Tag.format(e.tag()));
            }
        }
    }

    @Test
    void tagContentsAreInspectedForTheInstancesOwnIdentifiers() throws Exception {
        runOk(dest("contents"), profile("DEIDENTIFY_TAG_CONTENTS"));
        Attributes d = generated(dest("contents"), JANE);
        assertEquals(ContentInspector.PERSON_NAME, d.getString(Tags.PatientName));
        assertEquals("Patient " + ContentInspector.RECORD_NUMBER + " was anxious", d.getString(Tag.of(0x0010, 0x4000)));
        assertEquals("CT of " + ContentInspector.PERSON_NAME + " " + ContentInspector.PERSON_NAME,
                d.getString(Tag.of(0x0008, 0x1030)));
        assertEmpty(d, Tags.PatientBirthDate);
        assertEquals("YES", d.getString(Tags.PatientIdentityRemoved));
    }

    /** The de-identified copy of the first generated instance of {@code patient} (found by its pixel data). */
    static Attributes generated(String store, TestInstances.Patient patient) throws IOException {
        return DicomReader.read(generatedFile(store, patient).bytes()).dataset();
    }

    static DeidFixture.Stored generatedFile(String store, TestInstances.Patient patient) throws IOException {
        Attributes src = SOURCES.stream().filter(s -> patient.name().equals(s.getString(Tags.PatientName)))
                .findFirst().orElseThrow();
        String want = pixelHash(src);
        for (DeidFixture.Stored s : fx.instances(store)) {
            if (want.equals(pixelHash(DicomReader.read(s.bytes()).dataset()))) {
                return s;
            }
        }
        throw new AssertionError("no de-identified copy of " + patient.id());
    }

    static Set<InstanceKey> keys(String store) throws IOException {
        return new HashSet<>(fx.storage(store).keys());
    }

    /** Source SOP Instance UID to the key of the result with the same pixel data. */
    static Map<String, InstanceKey> matchByPixels(List<DeidFixture.Stored> out) throws IOException {
        Map<String, InstanceKey> byPixels = new HashMap<>();
        for (DeidFixture.Stored s : out) {
            InstanceKey previous = byPixels.put(pixelHash(DicomReader.read(s.bytes()).dataset()), s.key());
            assertNull(previous, "pixel data identifies each instance");
        }
        Map<String, InstanceKey> bySource = new HashMap<>();
        for (Attributes s : SOURCES) {
            bySource.put(s.getString(Tags.SOPInstanceUID), byPixels.get(pixelHash(s)));
        }
        return bySource;
    }

    static String pixelHash(Attributes a) {
        try {
            DicomElement px = a.get(Tags.PixelData);
            if (px == null) {
                return "no pixel data: " + a.getString(Tags.SOPClassUID) + " " + a.getString(Tags.InstanceNumber);
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (px.bytes() != null) {
                md.update(px.bytes());
            } else {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < px.fragments().size(); i++) {
                    all.write(px.fragments().data(i));
                }
                md.update(all.toByteArray());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertEmpty(Attributes d, int tag) {
        String v = d.getString(tag);
        assertTrue(v == null || v.isEmpty(), () -> Tag.format(tag) + " still holds \"" + v + "\"");
    }

    static TreeSet<String> sorted(Set<String> s) {
        return new TreeSet<>(s);
    }
}
