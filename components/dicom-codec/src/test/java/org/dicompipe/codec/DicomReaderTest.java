package org.dicompipe.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomReaderTest {

    private static final int PRIVATE_CREATOR = 0x00290010;
    private static final int PRIVATE_VALUE = 0x00291001;

    @Test
    void explicitLittleEndianWithPreambleAndMeta() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientName, "PN", "Doe^Jane")
                .explicit(Tags.Rows, "US", DicomBytes.le16(512))
                .toByteArray();
        DicomFile f = DicomReader.read(b);
        assertEquals(UID.ExplicitVRLittleEndian, f.transferSyntaxUid());
        assertEquals("Doe^Jane", f.dataset().getString(Tags.PatientName));
        assertEquals(512, f.dataset().getInt(Tags.Rows, -1));
        assertEquals("1.2.3.4", f.fileMeta().getString(Tags.MediaStorageSOPInstanceUID));
        assertEquals(VR.PN, f.dataset().get(Tags.PatientName).vr());
        // 132 (preamble) + meta; the first dataset element starts right after group 0002
        assertEquals(f.dataset().get(Tags.PatientName).valueOffset() - 8, f.datasetOffset());
    }

    @Test
    void implicitLittleEndianTakesVrFromTheDictionary() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ImplicitVRLittleEndian)
                .implicit(Tags.PatientID, "ID42")
                .implicit(Tags.Rows, DicomBytes.le16(256))
                .implicit(Tags.PixelSpacing, "0.5\\0.5 ")
                .toByteArray();
        DicomFile f = DicomReader.read(b);
        assertEquals(VR.LO, f.dataset().get(Tags.PatientID).vr());
        assertEquals(VR.US, f.dataset().get(Tags.Rows).vr());
        assertEquals(256, f.dataset().getInt(Tags.Rows, -1));
        assertArrayEquals(new String[] {"0.5", "0.5"}, f.dataset().getStrings(Tags.PixelSpacing));
        assertArrayEquals(new double[] {0.5, 0.5}, f.dataset().get(Tags.PixelSpacing).doubles());
    }

    @Test
    void implicitUsOrSsFollowsPixelRepresentation() throws Exception {
        byte[] b = new DicomBytes()
                .implicit(Tags.PixelRepresentation, DicomBytes.le16(1))
                .implicit(Tags.SmallestImagePixelValue, DicomBytes.le16(0xFFF6)) // -10
                .toByteArray();
        Attributes ds = DicomReader.read(b).dataset();
        assertEquals(VR.SS, ds.get(Tags.SmallestImagePixelValue).vr());
        assertEquals(-10, ds.getInt(Tags.SmallestImagePixelValue, 0));
    }

    @Test
    void explicitBigEndianSwapsNumbersButNotText() throws Exception {
        DicomBytes be = new DicomBytes(true);
        be.explicit(Tags.PatientName, "PN", "Big^Endian")
                .explicit(Tags.Rows, "US", new byte[] {0x01, 0x02})
                .explicit(Tags.ImagePositionPatient, "DS", "1\\2\\3 ")
                .explicit(0x00181310, "US", new byte[] {0, 1, 0, 2, 0, 3, 0, 4}) // AcquisitionMatrix
                .explicit(Tags.FrameIncrementPointer, "AT", new byte[] {0x00, 0x18, 0x10, 0x63});
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRBigEndian).raw(be.toByteArray()).toByteArray();
        DicomFile f = DicomReader.read(b);
        assertEquals(0x0102, f.dataset().getInt(Tags.Rows, -1));
        assertEquals("Big^Endian", f.dataset().getString(Tags.PatientName));
        assertArrayEquals(new long[] {1, 2, 3, 4}, f.dataset().get(0x00181310).longs());
        assertArrayEquals(new int[] {0x00181063}, f.dataset().get(Tags.FrameIncrementPointer).tags());
    }

    @Test
    void deflatedExplicitLittleEndian() throws Exception {
        byte[] body = new DicomBytes()
                .explicit(Tags.PatientName, "PN", "Deflated^Dora")
                .explicit(Tags.Rows, "US", DicomBytes.le16(7))
                .toByteArray();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(9, true))) {
            d.write(body);
        }
        byte[] b = new DicomBytes().preamble().meta(UID.DeflatedExplicitVRLittleEndian).raw(z.toByteArray())
                .toByteArray();
        DicomFile f = DicomReader.read(b, ReadOptions.defaults().withBulkDataThreshold(0));
        assertEquals("Deflated^Dora", f.dataset().getString(Tags.PatientName));
        assertEquals(7, f.dataset().getInt(Tags.Rows, -1));
        // nothing in deflated data can be located in the file: values are loaded and carry no offset
        assertNotNull(f.dataset().get(Tags.Rows).bytes());
        assertEquals(-1, f.dataset().get(Tags.Rows).valueOffset());
    }

    @Test
    void corruptDeflateStreamIsAParseError() {
        byte[] b = new DicomBytes().preamble().meta(UID.DeflatedExplicitVRLittleEndian)
                .raw(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x12, 0x34, 0x56}).toByteArray();
        assertThrows(DicomParseException.class, () -> DicomReader.read(b));
    }

    @Test
    void bareDatasetsWithoutMetaAreDetected() throws Exception {
        byte[] implicit = new DicomBytes().implicit(Tags.SOPInstanceUID, DicomBytes.pad("1.2.3", 0))
                .implicit(Tags.PatientID, "P1").toByteArray();
        DicomFile fi = DicomReader.read(implicit);
        assertEquals(UID.ImplicitVRLittleEndian, fi.transferSyntaxUid());
        assertEquals("P1", fi.dataset().getString(Tags.PatientID));
        assertTrue(fi.fileMeta().isEmpty());

        byte[] explicit = new DicomBytes().explicit(Tags.SOPInstanceUID, "UI", DicomBytes.pad("1.2.3", 0))
                .explicit(Tags.PatientID, "LO", "P2").toByteArray();
        DicomFile fe = DicomReader.read(explicit);
        assertEquals(UID.ExplicitVRLittleEndian, fe.transferSyntaxUid());
        assertEquals("P2", fe.dataset().getString(Tags.PatientID));

        byte[] big = new DicomBytes(true).explicit(Tags.SOPInstanceUID, "UI", DicomBytes.pad("1.2.3", 0))
                .explicit(Tags.Rows, "US", new byte[] {0, 9}).toByteArray();
        DicomFile fb = DicomReader.read(big);
        assertEquals(UID.ExplicitVRBigEndian, fb.transferSyntaxUid());
        assertEquals(9, fb.dataset().getInt(Tags.Rows, -1));
    }

    @Test
    void metaWithoutPreamble() throws Exception {
        byte[] b = new DicomBytes().meta(UID.ImplicitVRLittleEndian).implicit(Tags.PatientID, "NP").toByteArray();
        DicomFile f = DicomReader.read(b);
        assertEquals(UID.ImplicitVRLittleEndian, f.transferSyntaxUid());
        assertEquals("NP", f.dataset().getString(Tags.PatientID));
    }

    @Test
    void nestedSequencesWithDefinedAndUndefinedLengths() throws Exception {
        DicomBytes inner = new DicomBytes().explicit(Tags.CodeValue, "SH", "C1").explicit(Tags.CodeMeaning, "LO",
                "Meaning ");
        byte[] innerItem = inner.toByteArray();
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian);
        // outer sequence undefined length; first item undefined length containing a defined-length sequence
        b.explicitHeader(Tags.ReferencedStudySequence, "SQ", 0xFFFFFFFFL)
                .item(0xFFFFFFFFL)
                .explicit(Tags.ReferencedSOPInstanceUID, "UI", DicomBytes.pad("1.2.3.4.5", 0))
                .explicitHeader(Tags.ConceptNameCodeSequence, "SQ", 8 + innerItem.length)
                .item(innerItem.length).raw(innerItem)
                .itemEnd()
                .item(0) // empty item of defined length
                .sequenceEnd()
                .explicitHeader(Tags.AnatomicRegionSequence, "SQ", 0) // empty sequence
                .explicit(Tags.PatientID, "LO", "AFTER ");
        Attributes ds = DicomReader.read(b.toByteArray()).dataset();
        List<Attributes> items = ds.get(Tags.ReferencedStudySequence).items();
        assertEquals(2, items.size());
        assertEquals("1.2.3.4.5", items.get(0).getString(Tags.ReferencedSOPInstanceUID));
        Attributes code = items.get(0).getNestedItem(Tags.ConceptNameCodeSequence, 0);
        assertEquals("C1", code.getString(Tags.CodeValue));
        assertEquals("Meaning", code.getString(Tags.CodeMeaning));
        assertTrue(items.get(1).isEmpty());
        assertTrue(ds.get(Tags.AnatomicRegionSequence).items().isEmpty());
        assertEquals("AFTER", ds.getString(Tags.PatientID));
    }

    @Test
    void implicitSequenceInsideExplicitDatasetIsRecognised() throws Exception {
        // PS3.5 6.2.2: items of a sequence may be implicit VR in an explicit VR dataset
        byte[] item = new DicomBytes().implicit(Tags.CodeValue, "XY").toByteArray();
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicitHeader(Tags.ProcedureCodeSequence, "SQ", 0xFFFFFFFFL)
                .item(item.length).raw(item).sequenceEnd()
                .explicit(Tags.PatientID, "LO", "ID");
        Attributes ds = DicomReader.read(b.toByteArray()).dataset();
        assertEquals("XY", ds.getNestedItem(Tags.ProcedureCodeSequence, 0).getString(Tags.CodeValue));
        assertEquals(VR.SH, ds.getNestedItem(Tags.ProcedureCodeSequence, 0).get(Tags.CodeValue).vr());
        assertEquals("ID", ds.getString(Tags.PatientID));
    }

    @Test
    void unknownOfUndefinedLengthIsReadAsImplicitSequence() throws Exception {
        byte[] item = new DicomBytes().implicit(PRIVATE_CREATOR, "ACME 1.0").implicit(PRIVATE_VALUE, "value1")
                .toByteArray();
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(0x00090010, "LO", "ACME 1.0")
                .explicitHeader(0x00091010, "UN", 0xFFFFFFFFL)
                .item(0xFFFFFFFFL).raw(item).itemEnd()
                .sequenceEnd()
                .explicit(Tags.PatientID, "LO", "ID");
        Attributes ds = DicomReader.read(b.toByteArray()).dataset();
        DicomElement un = ds.get(0x00091010);
        assertEquals(VR.SQ, un.vr());
        Attributes first = un.items().get(0);
        assertEquals("ACME 1.0", first.getString(PRIVATE_CREATOR));
        assertEquals("ACME 1.0", first.privateCreator(PRIVATE_VALUE));
        assertEquals(VR.UN, first.get(PRIVATE_VALUE).vr());
        assertArrayEquals("value1".getBytes(), first.get(PRIVATE_VALUE).bytes());
        assertEquals("ACME 1.0", ds.privateCreator(0x00091010));
        assertEquals("ID", ds.getString(Tags.PatientID));
    }

    @Test
    void unknownSequenceContentIsImplicitEvenWhenALengthLooksLikeAVr() throws Exception {
        // implicit element whose length 0x4F4C has the bytes 'L','O' where an explicit VR would be
        byte[] big = new byte[0x4F4C];
        big[0] = 42;
        byte[] item = new DicomBytes().implicit(PRIVATE_VALUE, big).toByteArray();
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(PRIVATE_CREATOR, "LO", "ACME 1.0")
                .explicitHeader(0x00291002, "UN", 0xFFFFFFFFL)
                .item(item.length).raw(item)
                .sequenceEnd();
        DicomElement seq = DicomReader.read(b.toByteArray()).dataset().get(0x00291002);
        byte[] v = seq.items().get(0).get(PRIVATE_VALUE).bytes();
        assertEquals(0x4F4C, v.length);
        assertEquals(42, v[0]);
    }

    @Test
    void characterSetAppliesToItemsReadBeforeIt() throws Exception {
        // (0004,1220) precedes (0008,0005) in tag order, as in every DICOMDIR: its items still use the set
        byte[] name = "Müller^Jürgen".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] item = new DicomBytes().explicit(Tags.PatientName, "PN", DicomBytes.pad(new String(name,
                java.nio.charset.StandardCharsets.ISO_8859_1), ' ')).toByteArray();
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicitHeader(0x00041220, "SQ", 0xFFFFFFFFL).item(item.length).raw(item).sequenceEnd()
                .explicit(Tags.SpecificCharacterSet, "CS", "ISO_IR 192")
                .explicit(Tags.PatientName, "PN", DicomBytes.pad(new String(name,
                        java.nio.charset.StandardCharsets.ISO_8859_1), ' '));
        Attributes ds = DicomReader.read(b.toByteArray()).dataset();
        assertEquals("Müller^Jürgen", ds.getString(Tags.PatientName));
        assertEquals("Müller^Jürgen", ds.getNestedItem(0x00041220, 0).getString(Tags.PatientName));
    }

    @Test
    void anItemsOwnCharacterSetOverridesItsParents() throws Exception {
        byte[] latin1 = "Gaël".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] item = new DicomBytes().explicit(Tags.SpecificCharacterSet, "CS", "ISO_IR 100")
                .explicit(Tags.PatientName, "PN", latin1).toByteArray();
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.SpecificCharacterSet, "CS", "ISO_IR 192")
                .explicitHeader(Tags.OtherPatientIDsSequence, "SQ", 0xFFFFFFFFL).item(item.length).raw(item)
                .sequenceEnd();
        Attributes ds = DicomReader.read(b.toByteArray()).dataset();
        assertEquals("Gaël", ds.getNestedItem(Tags.OtherPatientIDsSequence, 0).getString(Tags.PatientName));
    }

    @Test
    void standardTagStoredAsUnknownGetsItsDictionaryVr() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientName, "UN", "Un^Known")
                .explicit(Tags.Rows, "UN", DicomBytes.le16(3)).toByteArray();
        Attributes ds = DicomReader.read(b).dataset();
        assertEquals(VR.PN, ds.get(Tags.PatientName).vr());
        assertEquals("Un^Known", ds.getString(Tags.PatientName));
        assertEquals(VR.US, ds.get(Tags.Rows).vr());
        assertEquals(3, ds.getInt(Tags.Rows, 0));
    }

    @Test
    void implicitPrivateElementsOfAKnownCreatorGetThePrivateDictionaryVr(@TempDir Path dir) throws Exception {
        byte[] item = new DicomBytes().implicit(0x00291041, "APP ").toByteArray();
        byte[] b = new DicomBytes().preamble().meta(UID.ImplicitVRLittleEndian)
                .implicit(PRIVATE_CREATOR, "SIEMENS MEDCOM HEADER ")
                .implicit(0x00290011, "ACME 1.0")
                .implicit(0x00290013, "SIEMENS MEDCOM HEADER ") // the same creator in a second block
                .implicit(0x00291008, "MEDCOM 1")
                .implicit(0x00291032, DicomBytes.le32(70000))
                .implicit(0x00291040, new DicomBytes().item(item.length).raw(item).toByteArray())
                .implicit(0x00291071, new byte[] {0x10, 0x00, 0x10, 0x00})
                .implicit(0x00291108, "MEDCOM 1")
                .implicit(0x00291208, "NO CREATOR")
                .implicit(0x00291308, "MEDCOM 2")
                .toByteArray();
        Path file = dir.resolve("private-implicit.dcm");
        Files.write(file, b);
        Attributes ds = DicomReader.read(file).dataset();
        assertEquals(VR.CS, ds.get(0x00291008).vr());
        assertEquals("MEDCOM 1", ds.getString(0x00291008));
        assertEquals(VR.UL, ds.get(0x00291032).vr());
        assertEquals(70000, ds.getInt(0x00291032, 0));
        assertEquals(VR.SQ, ds.get(0x00291040).vr());
        assertArrayEquals("APP ".getBytes(), ds.getNestedItem(0x00291040, 0).get(0x00291041).bytes());
        assertEquals(VR.UN, ds.getNestedItem(0x00291040, 0).get(0x00291041).vr(), "no creator inside the item");
        assertEquals(VR.AT, ds.get(0x00291071).vr());
        assertArrayEquals(new int[] {Tags.PatientName}, ds.get(0x00291071).tags());
        assertEquals(VR.UN, ds.get(0x00291108).vr(), "unknown creator");
        assertEquals(VR.UN, ds.get(0x00291208).vr(), "no creator element");
        assertEquals(VR.CS, ds.get(0x00291308).vr(), "any block of a known creator");
        // dcmtk reads the same file with the same private dictionary ("??": VR unknown)
        String dump = Dcmtk.dcmdump(file).stdout();
        for (String line : List.of("(0029,1008) CS", "(0029,1032) UL", "(0029,1040) SQ", "(0029,1071) AT",
                "(0029,1108) ??", "(0029,1208) ??", "(0029,1308) CS")) {
            assertTrue(dump.contains(line), line + " in\n" + dump);
        }
    }

    @Test
    void aPrivateValueThatCannotBeItsDictionaryVrStaysUnknown() throws Exception {
        byte[] big = new byte[0x10000];
        byte[] b = new DicomBytes().meta(UID.ImplicitVRLittleEndian)
                .implicit(PRIVATE_CREATOR, "SIEMENS MEDCOM HEADER ")
                .implicit(0x00291008, big) // CS longer than an explicit VR header can say
                .implicitHeader(0x00291031, 0xFFFFFFFFL).sequenceEnd() // LO of undefined length: a UN sequence
                .implicit(0x00291032, new byte[] {1, 2, 3, 4, 5, 6}) // UL of 6 bytes
                .implicit(0x00291040, "not an item!") // SQ without items
                .implicit(0x00291071, new byte[] {1, 2}) // AT of 2 bytes
                .toByteArray();
        Attributes ds = DicomReader.read(b).dataset();
        for (int tag : new int[] {0x00291008, 0x00291032, 0x00291040, 0x00291071}) {
            assertEquals(VR.UN, ds.get(tag).vr(), Tag.format(tag));
        }
        assertArrayEquals("not an item!".getBytes(), ds.get(0x00291040).bytes());
        assertEquals(0x10000, ds.get(0x00291008).bytes().length);
        assertEquals(VR.SQ, ds.get(0x00291031).vr());
        // written as explicit VR and read back: the same values
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.write(ds, UID.ExplicitVRLittleEndian, out);
        Attributes back = DicomReader.read(out.toByteArray()).dataset();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, back.get(0x00291032).bytes());
        assertArrayEquals("not an item!".getBytes(), back.get(0x00291040).bytes());
    }

    @Test
    void privateCreatorsAndPrivateTags() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(PRIVATE_CREATOR, "LO", "SIEMENS CSA HEADER")
                .explicit(0x00290011, "LO", "OTHER VENDOR")
                .explicit(PRIVATE_VALUE, "OB", new byte[] {1, 2, 3, 4})
                .explicit(0x00291101, "LO", "mine").toByteArray();
        Attributes ds = DicomReader.read(b).dataset();
        assertEquals("SIEMENS CSA HEADER", ds.privateCreator(PRIVATE_VALUE));
        assertEquals("OTHER VENDOR", ds.privateCreator(0x00291101));
        assertNull(ds.privateCreator(Tags.PatientName));
        assertEquals(0x00291101, ds.privateTag("OTHER VENDOR", 0x0029, 0x01, false));
        assertEquals(-1, ds.privateTag("NOBODY", 0x0029, 0x01, false));
    }

    @Test
    void encapsulatedPixelDataWithBasicOffsetTable() throws Exception {
        byte[] f1 = {1, 2, 3, 4};
        byte[] f2a = {5, 6};
        byte[] f2b = {7, 8, 9, 10};
        DicomBytes b = new DicomBytes().preamble().meta(UID.JPEGBaseline8Bit)
                .explicit(Tags.NumberOfFrames, "IS", "2 ")
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(8).raw(DicomBytes.le32(0, 12))
                .item(f1.length).raw(f1)
                .item(f2a.length).raw(f2a)
                .item(f2b.length).raw(f2b)
                .sequenceEnd();
        DicomFile f = DicomReader.read(b.toByteArray());
        DicomElement px = f.dataset().get(Tags.PixelData);
        assertEquals(VR.OB, px.vr());
        Fragments frags = px.fragments();
        assertArrayEquals(new long[] {0, 12}, frags.basicOffsetTable());
        assertEquals(3, frags.size());
        assertArrayEquals(f2a, frags.data(1));
        List<List<BulkDataRef>> frames = frags.frames(2);
        assertEquals(1, frames.get(0).size());
        assertEquals(2, frames.get(1).size());
        assertEquals(6, frames.get(1).get(1).length() + frames.get(1).get(0).length());
        assertNull(frags.extendedOffsetTable());
    }

    @Test
    void encapsulatedFramesWithoutOffsetTable() throws Exception {
        DicomBytes b = new DicomBytes().preamble().meta(UID.RLELossless)
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(0)
                .item(2).raw(new byte[] {1, 1})
                .item(2).raw(new byte[] {2, 2})
                .sequenceEnd();
        Fragments frags = DicomReader.read(b.toByteArray()).dataset().get(Tags.PixelData).fragments();
        assertEquals(0, frags.basicOffsetTable().length);
        assertEquals(2, frags.frames(2).size()); // one fragment per frame
        assertEquals(2, frags.frames(1).get(0).size()); // single frame: all fragments
        assertThrows(IllegalStateException.class, () -> frags.frames(3));
    }

    @Test
    void extendedOffsetTableIsAttachedToTheFragments() throws Exception {
        byte[] eot = new byte[16];
        eot[8] = 10; // second frame at item offset 10 (8-byte header + 2-byte fragment)
        byte[] lens = new byte[16];
        lens[0] = 2;
        lens[8] = 4;
        DicomBytes b = new DicomBytes().preamble().meta(UID.JPEG2000)
                .explicit(Tags.ExtendedOffsetTable, "OV", eot)
                .explicit(Tags.ExtendedOffsetTableLengths, "OV", lens)
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(0)
                .item(2).raw(new byte[] {1, 1})
                .item(4).raw(new byte[] {2, 2, 2, 2})
                .sequenceEnd();
        Fragments frags = DicomReader.read(b.toByteArray()).dataset().get(Tags.PixelData).fragments();
        assertArrayEquals(new long[] {0, 10}, frags.extendedOffsetTable());
        assertArrayEquals(new long[] {2, 4}, frags.extendedOffsetTableLengths());
        assertEquals(4, frags.frames(2).get(1).get(0).length());
    }

    @Test
    void truncatedInputNamesOffsetAndTag() {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientName, "PN", "Doe^John")
                .explicitHeader(Tags.PatientID, "LO", 20).ascii("only-ten..").toByteArray();
        DicomParseException e = assertThrows(DicomParseException.class, () -> DicomReader.read(b));
        assertEquals(Tags.PatientID, e.tag());
        assertEquals(b.length - 10 - 8, e.offset());
        assertTrue(e.getMessage().contains("(0010,0020)"), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + e.offset()), e.getMessage());
    }

    @Test
    void truncatedHeaderAndUnterminatedSequence() {
        byte[] header = new DicomBytes().explicit(Tags.PatientID, "LO", "ID").raw(new byte[] {0x10, 0x00, 0x10})
                .toByteArray();
        DicomParseException e1 = assertThrows(DicomParseException.class, () -> DicomReader.read(header));
        assertEquals(10, e1.offset());
        byte[] seq = new DicomBytes().explicitHeader(Tags.ReferencedStudySequence, "SQ", 0xFFFFFFFFL)
                .item(0xFFFFFFFFL).explicit(Tags.PatientID, "LO", "ID").toByteArray();
        assertThrows(DicomParseException.class, () -> DicomReader.read(seq));
    }

    @Test
    void bogusHugeLengthIsAnErrorNotAnAllocation() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicitHeader(Tags.PixelData, "OW", 0xFFFFFFF0L).raw(new byte[16]).toByteArray();
        DicomParseException e = assertThrows(DicomParseException.class, () -> DicomReader.read(b));
        assertEquals(Tags.PixelData, e.tag());
        // through a stream of unknown length the reader must also fail without allocating 4 GiB
        DicomParseException s = assertThrows(DicomParseException.class,
                () -> DicomReader.read(new ByteArrayInputStream(b), ReadOptions.defaults()));
        assertEquals(Tags.PixelData, s.tag());
        byte[] item = new DicomBytes().explicitHeader(Tags.ReferencedStudySequence, "SQ", 0xFFFFFFFFL)
                .item(0x7FFFFFF0L).toByteArray();
        assertThrows(DicomParseException.class, () -> DicomReader.read(item));
    }

    @Test
    void deeplyNestedSequencesAreRejectedNotAStackOverflow() {
        DicomBytes b = new DicomBytes();
        for (int i = 0; i < 5000; i++) {
            b.explicitHeader(Tags.ReferencedStudySequence, "SQ", 0xFFFFFFFFL).item(0xFFFFFFFFL);
        }
        assertThrows(DicomParseException.class, () -> DicomReader.read(b.toByteArray()));
    }

    @Test
    void unknownOrMissingVrsInAnExplicitDataset() throws Exception {
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientName, "PN", "First^Element")
                .tag(Tags.PatientID).ascii("XX").u16(4).ascii("ABCD") // unknown VR code: 2-byte length, then as UN
                .tag(0x00291001).ascii("XX").u16(2).ascii("PQ")
                .implicit(Tags.PatientBirthDate, "19700101") // no VR at all: read as implicit, VR from the dictionary
                .explicit(Tags.PatientSex, "CS", "F ");
        Attributes ds = DicomReader.read(b.toByteArray()).dataset();
        assertEquals(VR.LO, ds.get(Tags.PatientID).vr()); // a standard tag's UN takes the dictionary VR
        assertEquals("ABCD", ds.getString(Tags.PatientID));
        assertEquals(VR.UN, ds.get(0x00291001).vr());
        assertArrayEquals("PQ".getBytes(), ds.get(0x00291001).bytes());
        assertEquals(VR.DA, ds.get(Tags.PatientBirthDate).vr());
        assertEquals("19700101", ds.getString(Tags.PatientBirthDate));
        assertEquals("F", ds.getString(Tags.PatientSex));
    }

    @Test
    void oddLengthsAreKept() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientID, "LO", "ODD")
                .explicit(Tags.Rows, "US", DicomBytes.le16(4)).toByteArray();
        Attributes ds = DicomReader.read(b).dataset();
        assertEquals("ODD", ds.getString(Tags.PatientID));
        assertEquals(4, ds.getInt(Tags.Rows, 0));
    }

    @Test
    void groupLengthElementsAreRead() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ImplicitVRLittleEndian)
                .implicit(0x00100000, DicomBytes.le32(10))
                .implicit(Tags.PatientID, "ID").toByteArray();
        Attributes ds = DicomReader.read(b).dataset();
        assertEquals(VR.UL, ds.get(0x00100000).vr());
        assertEquals(10, ds.getInt(0x00100000, 0));
    }

    @Test
    void bulkDataThresholdSkipsLargeValuesAndKeepsTheirRange(@TempDir Path dir) throws Exception {
        byte[] pixels = new byte[100_000];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientID, "LO", "BULK")
                .explicit(Tags.PixelData, "OW", pixels)
                .explicit(Tags.DataSetTrailingPadding, "OB", new byte[2]).toByteArray();
        Path file = dir.resolve("bulk.dcm");
        Files.write(file, b);
        ReadOptions o = ReadOptions.defaults().withBulkDataThreshold(1024);
        for (DicomFile f : List.of(DicomReader.read(file, o),
                DicomReader.read(new ByteArrayInputStream(b), o), DicomReader.read(b, o))) {
            DicomElement px = f.dataset().get(Tags.PixelData);
            assertNull(px.bytes());
            BulkDataRef ref = px.bulkData();
            assertNotNull(ref);
            assertEquals(pixels.length, ref.length());
            assertArrayEquals(pixels, java.util.Arrays.copyOfRange(b, (int) ref.offset(),
                    (int) (ref.offset() + ref.length())));
            assertTrue(f.dataset().contains(Tags.DataSetTrailingPadding), "reading continues after the skip");
            try (InputStream in = BulkDataSource.of(file).open(ref)) {
                assertArrayEquals(pixels, in.readAllBytes());
            }
        }
    }

    @Test
    void encapsulatedFragmentsOverTheThresholdAreSkipped() throws Exception {
        byte[] big = new byte[5000];
        big[0] = (byte) 0xFF;
        byte[] b = new DicomBytes().preamble().meta(UID.JPEGBaseline8Bit)
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(0).item(big.length).raw(big).item(2).raw(new byte[] {1, 2}).sequenceEnd()
                .explicit(Tags.DataSetTrailingPadding, "OB", new byte[2]).toByteArray();
        Fragments f = DicomReader.read(b, ReadOptions.defaults().withBulkDataThreshold(100)).dataset()
                .get(Tags.PixelData).fragments();
        assertNull(f.data(0));
        assertArrayEquals(new byte[] {1, 2}, f.data(1));
        BulkDataRef r = f.fragments().get(0);
        assertEquals((byte) 0xFF, b[(int) r.offset()]);
        assertEquals(5000, r.length());
    }

    @Test
    void stopBeforePixelData() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientID, "LO", "HDR ")
                .explicit(Tags.PixelData, "OW", new byte[64])
                .explicit(Tags.DataSetTrailingPadding, "OB", new byte[2]).toByteArray();
        Attributes ds = DicomReader.read(b, ReadOptions.defaults().stopBeforePixelData()).dataset();
        assertEquals("HDR", ds.getString(Tags.PatientID));
        assertFalse(ds.contains(Tags.PixelData));
        assertFalse(ds.contains(Tags.DataSetTrailingPadding));
    }

    @Test
    void emptyInputAndGarbage() throws Exception {
        assertTrue(DicomReader.read(new byte[0]).dataset().isEmpty());
        assertThrows(DicomParseException.class, () -> DicomReader.read("this is not DICOM at all".getBytes()));
    }

    @Test
    void streamOffsetsCountFromTheStreamStart() throws Exception {
        byte[] b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientID, "LO", "ID").toByteArray();
        DicomFile f = DicomReader.read(new ByteArrayInputStream(b), ReadOptions.defaults());
        assertEquals(b.length - 2, f.dataset().get(Tags.PatientID).valueOffset());
    }

    @Test
    void headerOfAFileLargerThanAnyArrayIsReadBySkipping(@TempDir Path dir) throws Exception {
        long pixelLength = 3L * 1024 * 1024 * 1024; // 3 GiB: no byte[] could hold it
        byte[] header = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(Tags.PatientID, "LO", "HUGE")
                .explicitHeader(Tags.PixelData, "OB", pixelLength).toByteArray();
        byte[] trailer = new DicomBytes().explicit(Tags.DataSetTrailingPadding, "OB", new byte[] {1, 2}).toByteArray();
        Path file = dir.resolve("huge.dcm");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.seek(header.length + pixelLength); // sparse: the pixel bytes take no disk space
            raf.write(trailer);
        }
        DicomFile f = DicomReader.read(file, ReadOptions.defaults().withBulkDataThreshold(1 << 20));
        assertEquals(new BulkDataRef(header.length, pixelLength), f.dataset().get(Tags.PixelData).bulkData());
        assertArrayEquals(new byte[] {1, 2}, f.dataset().get(Tags.DataSetTrailingPadding).bytes());
        assertEquals("HUGE", f.dataset().getString(Tags.PatientID));
    }

    @Test
    void headersLargerThanTheFirstReadAreReadWholeFromFilesAndStreams(@TempDir Path dir) throws Exception {
        // ~200 KiB of small private elements and values straddling every buffer boundary the reader may use
        DicomBytes b = new DicomBytes().preamble().meta(UID.ExplicitVRLittleEndian)
                .explicit(PRIVATE_CREATOR, "LO", "ACME 1.0 ");
        for (int i = 0; i < 0xF0; i++) {
            byte[] v = new byte[(i * 997) % 1700 + 2 & ~1];
            java.util.Arrays.fill(v, (byte) i);
            b.explicit(Tag.of(0x0029, 0x1000 | i), "OB", v);
        }
        b.explicit(Tags.PatientID, "LO", "AFTER-PRIVATE ");
        byte[] bytes = b.toByteArray();
        Path file = dir.resolve("large-header.dcm");
        Files.write(file, bytes);
        Attributes fromArray = DicomReader.read(bytes).dataset();
        Attributes fromFile = DicomReader.read(file, ReadOptions.defaults()).dataset();
        // a stream that hands out at most 1000 bytes per read, as sockets and pipes do
        InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buf, int off, int len) throws java.io.IOException {
                return super.read(buf, off, Math.min(len, 1000));
            }
        };
        Attributes fromStream = DicomReader.read(trickle, ReadOptions.defaults()).dataset();
        assertTrue(bytes.length > 64 * 1024, "header of " + bytes.length + " bytes");
        assertEquals(0xF0 + 2, fromArray.size());
        for (Attributes ds : List.of(fromFile, fromStream)) {
            assertEquals(fromArray.size(), ds.size());
            for (DicomElement e : fromArray) {
                assertArrayEquals(e.bytes(), ds.get(e.tag()).bytes(), Tag.format(e.tag()));
                assertEquals(e.valueOffset(), ds.get(e.tag()).valueOffset(), Tag.format(e.tag()));
            }
            assertEquals("AFTER-PRIVATE", ds.getString(Tags.PatientID));
        }
    }

    @Test
    void itemOffsetsAreWhereDicomdirRecordOffsetsPoint() throws Exception {
        // the DICOMDIRs in pydicom's test data link their records by byte offset; every link must hit an item
        Path dirs = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/dicomdirtests");
        for (String name : List.of("DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-implicit", "DICOMDIR-reordered")) {
            Attributes ds = DicomReader.read(dirs.resolve(name)).dataset();
            java.util.Set<Long> records = new java.util.HashSet<>();
            for (Attributes r : ds.get(0x00041220).items()) {
                records.add(r.itemOffset());
            }
            assertEquals(ds.get(0x00041220).items().size(), records.size(), name);
            List<Long> links = new java.util.ArrayList<>();
            links.add(ds.getInt(0x00041200, 0) & 0xFFFFFFFFL);
            links.add(ds.getInt(0x00041202, 0) & 0xFFFFFFFFL);
            for (Attributes r : ds.get(0x00041220).items()) {
                links.add(r.getInt(0x00041400, 0) & 0xFFFFFFFFL);
                links.add(r.getInt(0x00041420, 0) & 0xFFFFFFFFL);
            }
            long hits = links.stream().filter(records::contains).count();
            assertEquals(links.stream().filter(l -> l != 0).count(), hits, name + ": links " + links);
            assertTrue(hits > 10, name);
            assertEquals(-1, ds.itemOffset(), "a data set is no item");
        }
    }
}
