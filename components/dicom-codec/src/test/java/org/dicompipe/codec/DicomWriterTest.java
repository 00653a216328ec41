package org.dicompipe.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DicomWriterTest {

    /** A dataset exercising the value kinds: strings with odd lengths, numbers, AT, sequences, private tags. */
    static Attributes sample() {
        Attributes a = SyntheticStudy.withSeed(7).size(8, 8).instance(0);
        a.setString(Tags.PatientName, VR.PN, "Odd^Name^^Dr"); // odd length: padded with a space
        a.setString(Tags.SOPInstanceUID, VR.UI, "1.2.345"); // odd: padded with NUL
        a.setInt(Tags.FrameIncrementPointer, VR.AT, Tags.SliceLocation);
        a.setDouble(0x00181150 /* ExposureTime is IS; use FD tag instead */ + 0, VR.IS, 33);
        a.setDouble(0x0018602C, VR.FD, 0.125, -2.5); // PhysicalDeltaX
        a.setInt(0x00181310, VR.US, 0, 64, 64, 0); // AcquisitionMatrix
        a.setInt(0x00089007, VR.SS, -5); // not its real VR, exercises SS encoding
        Attributes item = new Attributes();
        item.setString(Tags.CodeValue, VR.SH, "A");
        Attributes nested = new Attributes();
        nested.setString(Tags.CodeMeaning, VR.LO, "deep");
        item.setSequence(Tags.ConceptCodeSequence, List.of(nested));
        a.setSequence(Tags.ConceptNameCodeSequence, List.of(item, new Attributes()));
        a.setSequence(Tags.AnatomicRegionSequence, List.of());
        a.setString(Tags.ImageComments, VR.LT, "");
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.ExplicitVRBigEndian,
        UID.DeflatedExplicitVRLittleEndian})
    void readWriteReadKeepsValuesAndDcmdumpAgrees(String ts, @TempDir Path dir) throws Exception {
        Attributes a = sample();
        Path file = dir.resolve("out.dcm");
        try (OutputStream os = Files.newOutputStream(file)) {
            DicomWriter.write(a, ts, os);
        }
        DicomFile back = DicomReader.read(file, ReadOptions.defaults());
        assertEquals(ts, back.transferSyntaxUid());
        for (DicomElement e : a) {
            DicomElement r = back.dataset().get(e.tag());
            if (ts.equals(UID.ImplicitVRLittleEndian) && Tag.isPrivate(e.tag()) && !Tag.isPrivateCreator(e.tag())) {
                assertEquals(VR.UN, r.vr()); // implicit VR carries no VR for private data
                continue;
            }
            if (ts.equals(UID.ImplicitVRLittleEndian) && e.tag() == 0x00089007) {
                continue; // dictionary VR (CS) replaces the deliberately wrong SS
            }
            assertTrue(e.sameValue(r), () -> ts + ": " + e + " became " + r);
        }
        assertEquals(a.size(), back.dataset().size());

        Dcmtk.Result dump = Dcmtk.dcmdump(file);
        assertEquals(0, dump.exitCode(), dump.stderr());
        assertEquals("", dump.stderr().trim(), "dcmdump warnings");
        assertTrue(dump.stdout().contains("(0010,0010) PN [Odd^Name^^Dr]"), dump.stdout());
        assertTrue(dump.stdout().contains("(0028,0010) US 8 "), dump.stdout());
        assertTrue(dump.stdout().contains("(0018,602c) FD 0.125\\-2.5"), dump.stdout());
        assertTrue(dump.stdout().contains("(0028,0009) AT (0020,1041)"), dump.stdout());
        assertTrue(dump.stdout().contains("[deep]"), dump.stdout());
    }

    @Test
    void fileMetaInformationIsCompleteWithCorrectGroupLength(@TempDir Path dir) throws Exception {
        Attributes a = sample();
        byte[] b = DicomWriter.toBytes(a, UID.ExplicitVRLittleEndian);
        assertEquals('D', b[128]);
        assertEquals('M', b[131]);
        DicomFile f = DicomReader.read(b);
        Attributes meta = f.fileMeta();
        assertArrayEquals(new byte[] {0, 1}, meta.get(Tags.FileMetaInformationVersion).bytes());
        assertEquals(a.getString(Tags.SOPClassUID), meta.getString(Tags.MediaStorageSOPClassUID));
        assertEquals("1.2.345", meta.getString(Tags.MediaStorageSOPInstanceUID));
        assertEquals(DicomWriter.IMPLEMENTATION_CLASS_UID, meta.getString(Tags.ImplementationClassUID));
        long groupLength = meta.getInt(Tags.FileMetaInformationGroupLength, -1);
        // the group length counts every byte from after the group length element to the dataset
        assertEquals(f.datasetOffset() - 132 - 12, groupLength);
        Path file = dir.resolve("m.dcm");
        Files.write(file, b);
        Dcmtk.Result dump = Dcmtk.dcmdump(file, "-M");
        assertTrue(dump.stdout().contains("(0002,0000) UL " + groupLength), dump.stdout());
    }

    @Test
    void valuesArePaddedToEvenLength() throws Exception {
        Attributes a = new Attributes();
        a.setString(Tags.PatientID, VR.LO, "ABC");
        a.setString(Tags.SOPInstanceUID, VR.UI, "1.2.3");
        a.setBytes(0x00091001, VR.OB, new byte[] {9, 9, 9});
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DicomWriter.writeDataset(a, UID.ExplicitVRLittleEndian, bos, BulkDataSource.NONE);
        byte[] b = bos.toByteArray();
        // SOPInstanceUID (0008,0018) UI len 6 "1.2.3\0"
        assertArrayEquals(new byte[] {0x08, 0, 0x18, 0, 'U', 'I', 6, 0, '1', '.', '2', '.', '3', 0},
                java.util.Arrays.copyOfRange(b, 0, 14));
        // (0009,1001) OB: 2 reserved bytes, length 4, value 9 9 9 0
        assertArrayEquals(new byte[] {0x09, 0, 0x01, 0x10, 'O', 'B', 0, 0, 4, 0, 0, 0, 9, 9, 9, 0},
                java.util.Arrays.copyOfRange(b, 14, 30));
        // PatientID "ABC " padded with a space
        assertArrayEquals(new byte[] {0x10, 0, 0x20, 0, 'L', 'O', 4, 0, 'A', 'B', 'C', ' '},
                java.util.Arrays.copyOfRange(b, 30, 42));
    }

    @Test
    void groupLengthsInTheDatasetAreRecomputed() throws Exception {
        Attributes a = new Attributes();
        a.setInt(0x00100000, VR.UL, 999);
        a.setString(Tags.PatientID, VR.LO, "ABCD");
        a.setString(Tags.PatientName, VR.PN, "X");
        DicomFile f = DicomReader.read(DicomWriter.toBytes(a, UID.ExplicitVRLittleEndian));
        assertEquals(8 + 2 + 8 + 4, f.dataset().getInt(0x00100000, -1));
    }

    @Test
    void encapsulatedPixelDataRoundTripsAndBulkDataIsCopiedFromTheSource(@TempDir Path dir) throws Exception {
        Attributes a = SyntheticStudy.withSeed(3).size(4, 4).instance(0);
        a.remove(Tags.PixelData);
        a.setString(Tags.NumberOfFrames, VR.IS, "2");
        a.set(DicomElement.ofFragments(Tags.PixelData, VR.OB,
                Fragments.ofFrames(List.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2},
                        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 3}))));
        Path src = dir.resolve("enc.dcm");
        try (OutputStream os = Files.newOutputStream(src)) {
            DicomWriter.write(a, UID.JPEGBaseline8Bit, os);
        }
        Dcmtk.Result dump = Dcmtk.dcmdump(src);
        assertEquals("", dump.stderr().trim());
        assertTrue(dump.stdout().contains("(7fe0,0010) OB (PixelSequence #=3)"), dump.stdout());

        // header-only read, then write again copying the fragments from the file
        DicomFile lazy = DicomReader.read(src, ReadOptions.defaults().withBulkDataThreshold(0));
        Fragments lf = lazy.dataset().get(Tags.PixelData).fragments();
        assertNull(lf.data(0));
        assertEquals(2, lf.frames(2).size());
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        DicomWriter.write(lazy, copy, BulkDataSource.of(src));
        assertArrayEquals(Files.readAllBytes(src), copy.toByteArray());

        assertThrows(IllegalArgumentException.class,
                () -> DicomWriter.write(a, UID.ExplicitVRLittleEndian, new ByteArrayOutputStream()));
    }

    @Test
    void notLoadedValuesAreCopiedAndByteSwappedForBigEndian(@TempDir Path dir) throws Exception {
        Attributes a = SyntheticStudy.withSeed(5).size(16, 16).instance(0);
        Path le = dir.resolve("le.dcm");
        try (OutputStream os = Files.newOutputStream(le)) {
            DicomWriter.write(a, UID.ExplicitVRLittleEndian, os);
        }
        DicomFile lazy = DicomReader.read(le, ReadOptions.defaults().withBulkDataThreshold(64));
        ByteArrayOutputStream be = new ByteArrayOutputStream();
        DicomWriter.write(lazy.dataset(), UID.ExplicitVRBigEndian, be, BulkDataSource.of(le));
        DicomFile back = DicomReader.read(be.toByteArray());
        assertArrayEquals(a.get(Tags.PixelData).bytes(), back.dataset().get(Tags.PixelData).bytes());
    }

    @Test
    void unresolvedBulkDataUriCannotBeWritten() {
        Attributes a = new Attributes();
        a.set(DicomElement.ofBulkDataUri(Tags.PixelData, VR.OW, "http://example/bulk"));
        assertThrows(java.io.IOException.class, () -> DicomWriter.toBytes(a, UID.ExplicitVRLittleEndian));
    }

    @Test
    void longValuesOfShortHeaderVrsBecomeUnInExplicitVr() throws Exception {
        Attributes a = new Attributes();
        int[] many = new int[40_000];
        a.setInt(0x00283006, VR.US, many); // 80000 bytes cannot fit a 16-bit length
        DicomFile f = DicomReader.read(DicomWriter.toBytes(a, UID.ExplicitVRLittleEndian));
        assertEquals(80_000, f.dataset().get(0x00283006).length());
    }

    @Test
    void textMovedIntoADatasetWithAnotherCharacterSetIsReEncoded() throws Exception {
        Attributes latin = new Attributes();
        latin.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        latin.set(DicomElement.ofBytes(Tags.PatientName, VR.PN, "Gaël".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        Attributes read = DicomReader.read(DicomWriter.toBytes(latin, UID.ExplicitVRLittleEndian)).dataset();
        Attributes utf8 = new Attributes();
        utf8.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        utf8.set(read.get(Tags.PatientName)); // bytes still Latin-1
        utf8.setSequence(Tags.OtherPatientIDsSequence, List.of(read.copy()));
        Attributes back = DicomReader.read(DicomWriter.toBytes(utf8, UID.ExplicitVRLittleEndian)).dataset();
        assertEquals("Gaël", back.getString(Tags.PatientName));
        assertArrayEquals("Gaël".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Arrays.copyOf(back.get(Tags.PatientName).bytes(), 5));
        assertEquals("Gaël", back.getNestedItem(Tags.OtherPatientIDsSequence, 0).getString(Tags.PatientName));
    }

    @Test
    void aFileReadWithFragmentsUnderANativeTransferSyntaxIsWrittenBackAsRead() throws Exception {
        byte[] src = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian) // says native, holds fragments
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(0).item(4).raw(new byte[] {1, 2, 3, 4}).sequenceEnd().toByteArray();
        DicomFile f = DicomReader.read(src);
        DicomFile back = DicomReader.read(DicomWriter.toBytes(f));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, back.dataset().get(Tags.PixelData).fragments().data(0));
        assertThrows(IllegalArgumentException.class,
                () -> DicomWriter.toBytes(f.dataset(), UID.ExplicitVRLittleEndian));
    }

    private static final Path DICOMDIR_TESTS =
            Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/dicomdirtests");

    /** The record tree of a DICOMDIR as its offsets link it: type and file ID of each record, children nested. */
    private static List<String> recordTree(Attributes dicomdir) {
        java.util.Map<Long, Attributes> at = new java.util.HashMap<>();
        for (Attributes r : dicomdir.get(0x00041220).items()) {
            at.put(r.itemOffset(), r);
        }
        List<String> out = new java.util.ArrayList<>();
        walk(at, dicomdir.getInt(0x00041200, 0) & 0xFFFFFFFFL, "", out);
        return out;
    }

    private static void walk(java.util.Map<Long, Attributes> at, long offset, String indent, List<String> out) {
        int guard = 0;
        while (offset != 0 && guard++ < 10_000) {
            Attributes r = at.get(offset);
            assertTrue(r != null, "no record at offset " + offset);
            String[] fileId = r.getStrings(0x00041500);
            out.add(indent + r.getString(0x00041430) + " " + (fileId == null ? "" : String.join("/", fileId)));
            walk(at, r.getInt(0x00041420, 0) & 0xFFFFFFFFL, indent + "  ", out);
            offset = r.getInt(0x00041400, 0) & 0xFFFFFFFFL;
        }
    }

    @Test
    void rewrittenDicomdirsKeepTheirRecordLinks(@TempDir Path dir) throws Exception {
        // F6: the writer moves the records (other File Meta, undefined lengths); the offsets must follow them
        List<String> names = List.of("DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-implicit", "DICOMDIR-reordered",
                "DICOMDIR-nopatient", "TINY_ALPHA/DICOMDIR");
        StringBuilder pairs = new StringBuilder();
        for (String name : names) {
            Path source = DICOMDIR_TESTS.resolve(name);
            DicomFile original = DicomReader.read(source);
            Path written = dir.resolve(name.replace('/', '_'));
            Files.write(written, DicomWriter.toBytes(original));
            DicomFile back = DicomReader.read(written);
            assertEquals(original.transferSyntaxUid(), back.transferSyntaxUid());
            List<Attributes> before = original.dataset().get(0x00041220).items();
            List<Attributes> after = back.dataset().get(0x00041220).items();
            assertTrue(before.get(0).itemOffset() != after.get(0).itemOffset(), name + ": the records did not move");
            List<String> tree = recordTree(original.dataset());
            assertTrue(tree.size() >= 1, name);
            assertEquals(tree, recordTree(back.dataset()), name);
            pairs.append(source).append('\t').append(written).append('\n');
        }
        // pydicom follows the offsets of both files to the same records
        String script = String.join("\n",
                "import sys, warnings",
                "warnings.simplefilter('ignore')",
                "import pydicom",
                "def tree(path):",
                "    ds = pydicom.dcmread(path)",
                "    at = {r.seq_item_tell: r for r in ds.DirectoryRecordSequence}",
                "    def level(off):",
                "        out = []",
                "        while off:",
                "            r = at[off]",
                "            out.append((r.get('DirectoryRecordType'), str(r.get('ReferencedFileID')),",
                "                        level(r.get('OffsetOfReferencedLowerLevelDirectoryEntity', 0))))",
                "            off = r.get('OffsetOfTheNextDirectoryRecord', 0)",
                "        return out",
                "    return level(ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity)",
                "for line in sys.stdin.read().splitlines():",
                "    src, dst = line.split('\\t')",
                "    print(dst, 'same' if tree(src) == tree(dst) else 'DIFFERENT')");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(pairs.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "pydicom timed out");
        assertEquals(0, p.exitValue(), out);
        assertEquals(names.size(), out.lines().filter(l -> l.endsWith(" same")).count(), out);
    }

    @Test
    void directoryOffsetsOfRecordsBuiltInMemoryAreLeftAsGiven() throws Exception {
        Attributes record = new Attributes();
        record.setInt(0x00041400, VR.UL, 0);
        record.setInt(0x00041420, VR.UL, 0);
        record.setString(0x00041430, VR.CS, "PATIENT");
        Attributes dicomdir = new Attributes();
        dicomdir.setString(Tags.SOPClassUID, VR.UI, "1.2.840.10008.1.3.10");
        dicomdir.setString(Tags.SOPInstanceUID, VR.UI, "1.2.3.4");
        dicomdir.setInt(0x00041200, VR.UL, 1234);
        dicomdir.setSequence(0x00041220, List.of(record));
        Attributes back = DicomReader.read(DicomWriter.toBytes(dicomdir, UID.ExplicitVRLittleEndian)).dataset();
        // no source position to map from: the caller's offset is kept, not guessed
        assertEquals(1234, back.getInt(0x00041200, 0));
        assertTrue(back.get(0x00041220).items().get(0).itemOffset() > 0);
        assertEquals(-1, record.itemOffset());
    }
}
