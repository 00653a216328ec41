package org.dicompipe.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.BulkDataRef;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.VR;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.Test;

class DicomJsonTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attr(String json, String tag) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        return (Map<String, Object>) m.get(tag);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> value(String json, String tag) {
        return (List<Object>) attr(json, tag).get("Value");
    }

    @Test
    void personNamesBecomeComponentGroupObjects() {
        Attributes a = new Attributes();
        a.setString(Tags.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう", "", "Doe^John");
        String json = DicomJson.toJson(a, JsonOptions.inlineAll());
        List<Object> v = value(json, "00100010");
        assertEquals(Map.of("Alphabetic", "Yamada^Tarou", "Ideographic", "山田^太郎", "Phonetic", "やまだ^たろう"),
                v.get(0));
        assertNull(v.get(1));
        assertEquals(Map.of("Alphabetic", "Doe^John"), v.get(2));
        Attributes back = DicomJson.parse(json);
        assertArrayEquals(a.getStrings(Tags.PatientName), back.getStrings(Tags.PatientName));
    }

    @Test
    void decimalAndIntegerStringsAreExactJsonNumbers() {
        Attributes a = new Attributes();
        a.setString(Tags.PixelSpacing, VR.DS, "1.50", "+0.3333333333333333");
        a.setString(Tags.SliceLocation, VR.DS, "-1e3");
        a.setString(Tags.InstanceNumber, VR.IS, "+007");
        a.setString(Tags.WindowCenter, VR.DS, "not-a-number");
        String json = DicomJson.toJson(a, JsonOptions.inlineAll());
        assertTrue(json.contains("\"Value\":[1.5,0.3333333333333333]"), json);
        assertEquals(List.of(new BigDecimal("-1000")), value(json, "00201041"));
        assertTrue(json.contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[7]}"), json);
        assertEquals(List.of("not-a-number"), value(json, "00281050"));
        Attributes back = DicomJson.parse(json);
        assertArrayEquals(new String[] {"1.5", "0.3333333333333333"}, back.getStrings(Tags.PixelSpacing));
        assertEquals("7", back.getString(Tags.InstanceNumber));
    }

    @Test
    void binaryNumbersTagsAndEmptyValues() {
        Attributes a = new Attributes();
        a.setInt(Tags.Rows, VR.US, 65535);
        a.setInt(Tags.SmallestImagePixelValue, VR.SS, -32768);
        a.setInt(0x00280009, VR.AT, Tags.SliceLocation, Tags.PatientName);
        a.setDouble(0x0018602C, VR.FD, 0.1);
        a.setDouble(0x00189087, VR.FL, 0.1);
        a.setString(Tags.PatientID, VR.LO);
        a.setString(Tags.ImageType, VR.CS, "ORIGINAL", "", "AXIAL");
        a.setSequence(Tags.ReferencedStudySequence, List.of());
        String json = DicomJson.toJson(a, JsonOptions.inlineAll());
        assertEquals(List.of(new BigDecimal("65535")), value(json, "00280010"));
        assertEquals(List.of(new BigDecimal("-32768")), value(json, "00280106"));
        assertEquals(List.of("00201041", "00100010"), value(json, "00280009"));
        assertEquals(List.of(new BigDecimal("0.1")), value(json, "0018602C"));
        // FL 0.1 is not 0.1: the float's exact double value is written
        assertEquals(new BigDecimal(Double.toString((double) 0.1f)), value(json, "00189087").get(0));
        assertEquals(Map.of("vr", "LO"), attr(json, "00100020"));
        assertEquals(Map.of("vr", "SQ"), attr(json, "00081110"));
        List<Object> types = value(json, "00080008");
        assertEquals("ORIGINAL", types.get(0));
        assertNull(types.get(1));

        Attributes back = DicomJson.parse(json);
        assertEquals(65535, back.getInt(Tags.Rows, 0));
        assertEquals(-32768, back.getInt(Tags.SmallestImagePixelValue, 0));
        assertArrayEquals(new int[] {Tags.SliceLocation, Tags.PatientName}, back.get(0x00280009).tags());
        assertEquals((float) 0.1, (float) back.getDouble(0x00189087, 0));
        assertTrue(back.get(Tags.PatientID).isEmpty());
        assertTrue(back.get(Tags.ReferencedStudySequence).items().isEmpty());
        assertEquals(json, DicomJson.toJson(back, JsonOptions.inlineAll()));
    }

    @Test
    void sequencesAndPrivateTagsRoundTrip() throws Exception {
        Attributes a = SyntheticStudy.withSeed(11).size(4, 4).instance(0);
        String json = DicomJson.toJson(a, JsonOptions.inlineAll());
        assertTrue(json.contains("\"00090010\":{\"vr\":\"LO\",\"Value\":[\"DICOMPIPE SYNTHETIC\"]}"), json);
        assertTrue(json.contains("\"00081032\":{\"vr\":\"SQ\",\"Value\":[{\"00080100\""), json);
        Attributes back = DicomJson.parse(json);
        assertTrue(a.sameValues(back), () -> a + "\n---\n" + back);
        assertEquals("seed 11", back.getString(0x00091001));
        assertEquals("CTCHEST", back.getNestedItem(Tags.ProcedureCodeSequence, 0).getString(Tags.CodeValue));
    }

    @Test
    void inlineBinaryVersusBulkDataUriByThreshold() throws Exception {
        Attributes a = new Attributes();
        a.setBytes(0x00091001, VR.OB, new byte[] {1, 2, 3});
        a.setBytes(Tags.PixelData, VR.OW, new byte[2000]);
        List<int[]> paths = new ArrayList<>();
        JsonOptions o = new JsonOptions(100, (path, e) -> {
            paths.add(path);
            return "https://host/bulk/" + Integer.toHexString(e.tag());
        });
        String json = DicomJson.toJson(a, o);
        assertEquals("AQID", attr(json, "00091001").get("InlineBinary"));
        assertEquals("https://host/bulk/7fe00010", attr(json, "7FE00010").get("BulkDataURI"));
        assertFalse(attr(json, "7FE00010").containsKey("InlineBinary"));
        assertArrayEquals(new int[] {Tags.PixelData}, paths.get(0));

        Attributes back = DicomJson.parse(json);
        assertEquals("https://host/bulk/7fe00010", back.get(Tags.PixelData).bulkDataUri());
        assertArrayEquals(new byte[] {1, 2, 3}, back.get(0x00091001).bytes());

        String inline = DicomJson.toJson(a, JsonOptions.inlineAll());
        assertEquals(Base64.getEncoder().encodeToString(new byte[2000]), attr(inline, "7FE00010").get("InlineBinary"));
    }

    @Test
    void tagPathOfNestedBulkData() {
        Attributes item = new Attributes();
        item.setBytes(0x00420011, VR.OB, new byte[64]); // EncapsulatedDocument
        Attributes a = new Attributes();
        a.setSequence(Tags.ContentSequence, List.of(item));
        List<int[]> paths = new ArrayList<>();
        DicomJson.toJson(a, new JsonOptions(10, (path, e) -> {
            paths.add(path);
            return "u";
        }));
        assertArrayEquals(new int[] {Tags.ContentSequence, 0x00420011}, paths.get(0));
    }

    @Test
    void fileRangeUrisPointAtTheBytesInTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Attributes a = SyntheticStudy.withSeed(2).size(32, 32).instance(0);
        java.nio.file.Path file = dir.resolve("a.dcm");
        java.nio.file.Files.write(file, DicomWriter.toBytes(a, UID.ExplicitVRLittleEndian));
        DicomFile f = DicomReader.read(file, ReadOptions.defaults().withBulkDataThreshold(1024));
        String json = DicomJson.toJson(f.dataset(), new JsonOptions(1024, BulkDataUriBuilder.fileRanges(file)));
        String uri = (String) attr(json, "7FE00010").get("BulkDataURI");
        BulkDataRef r = f.dataset().get(Tags.PixelData).bulkData();
        assertEquals(file.toUri() + "?offset=" + r.offset() + "&length=2048", uri);
        byte[] all = java.nio.file.Files.readAllBytes(file);
        assertArrayEquals(a.get(Tags.PixelData).bytes(),
                java.util.Arrays.copyOfRange(all, (int) r.offset(), (int) (r.offset() + r.length())));
    }

    @Test
    void arraysAndMalformedInput() {
        Attributes a = new Attributes();
        a.setString(Tags.PatientID, VR.LO, "A");
        Attributes b = new Attributes();
        b.setString(Tags.PatientID, VR.LO, "B");
        String json = DicomJson.toJsonArray(List.of(a, b), JsonOptions.inlineAll());
        List<Attributes> back = DicomJson.parseArray(json);
        assertEquals("B", back.get(1).getString(Tags.PatientID));
        assertThrows(IllegalArgumentException.class, () -> DicomJson.parse("{\"0010002\":{\"vr\":\"LO\"}}"));
        assertThrows(IllegalArgumentException.class, () -> DicomJson.parse("{\"00100020\":{\"vr\":\"XX\"}}"));
        assertThrows(IllegalArgumentException.class, () -> DicomJson.parse("{\"00280010\":{\"vr\":\"US\",\"Value\":[\"x\"]}}"));
        assertThrows(IllegalArgumentException.class, () -> DicomJson.parse("[1,"));
        assertThrows(IllegalArgumentException.class, () -> DicomJson.parse("{\"00100020\":{\"vr\":\"LO\"}} x"));
    }

    @Test
    void jsonParserAndWriter() {
        Object v = Json.parse(" {\"a\": [1, -2.50e1, true, null, \"x\\u00e9\\n\\\"\"], \"b\": {}} ");
        assertEquals("{\"a\":[1,-25.0,true,null,\"xé\\n\\\"\"],\"b\":{}}", Json.write(v));
        assertEquals(-0.0d, Json.parse("-0.0"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("01"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"unterminated"));
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            deep.append('[');
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parse(deep.toString()));
    }

    @Test
    void valueOffsetOfReadElementsIsKept() throws Exception {
        byte[] b = DicomWriter.toBytes(SyntheticStudy.withSeed(1).size(2, 2).instance(0), UID.ExplicitVRLittleEndian);
        DicomElement e = DicomReader.read(b).dataset().get(Tags.PatientID);
        String s = new String(b, (int) e.valueOffset(), (int) e.length(), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(e.string(), s.trim());
    }

    @Test
    void hugeExponentsAreNeverExpanded() {
        // expanding 1E999999999 into digits would take unbounded time and memory
        Attributes a = new Attributes();
        a.setString(Tags.InstanceNumber, VR.IS, "1E999999999");
        a.setString(Tags.SliceLocation, VR.DS, "-1E-999999999");
        String json = DicomJson.toJson(a, JsonOptions.inlineAll());
        assertTrue(json.contains("[1E+999999999]"), json);
        assertTrue(json.contains("[-1E-999999999]"), json);
        assertEquals(Long.MAX_VALUE, a.get(Tags.InstanceNumber).longs()[0]);
        Attributes back = DicomJson.parse(json);
        assertEquals("1E+999999999", back.getString(Tags.InstanceNumber));
        assertThrows(IllegalArgumentException.class,
                () -> DicomJson.parse("{\"00280010\":{\"vr\":\"US\",\"Value\":[1E999999999]}}"));
        assertThrows(IllegalArgumentException.class,
                () -> DicomJson.parse("{\"00280010\":{\"vr\":\"US\",\"Value\":[1E-999999999]}}"));
        assertThrows(IllegalArgumentException.class,
                () -> DicomJson.parse("{\"00720078\":{\"vr\":\"UV\",\"Value\":[1E999999999]}}"));
    }

    @Test
    void inlineBinaryOfBigEndianOwIsLittleEndian() throws Exception {
        // PS3.18 F.2.7 applies PS3.5's byte ordering to InlineBinary and the JSON carries no transfer syntax, so the
        // one order a recipient can assume is little endian (PS3.5 7.3: every non-retired transfer syntax).
        // pydicom's two encodings of the same MR image: its big endian Pixel Data must inline as the LE file's bytes.
        java.nio.file.Path data = java.nio.file.Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
        DicomFile little = DicomReader.read(data.resolve("MR_small.dcm"));
        DicomFile big = DicomReader.read(data.resolve("MR_small_bigendian.dcm"));
        assertEquals(UID.ExplicitVRBigEndian, big.transferSyntaxUid());
        byte[] leBytes = little.dataset().get(Tags.PixelData).bytes();
        String json = DicomJson.toJson(big.dataset(), JsonOptions.inlineAll());
        Map<String, Object> pixels = attr(json, "7FE00010");
        assertEquals("OW", pixels.get("vr"));
        byte[] inline = Base64.getDecoder().decode((String) pixels.get("InlineBinary"));
        assertEquals(8192, inline.length);
        assertArrayEquals(leBytes, inline);
        // and back: parsed and written big endian again, the file holds the big endian words
        Attributes parsed = DicomJson.parse(json);
        byte[] rewritten = DicomWriter.toBytes(parsed, UID.ExplicitVRBigEndian);
        assertArrayEquals(leBytes, DicomReader.read(rewritten).dataset().get(Tags.PixelData).bytes());
        byte[] tail = java.util.Arrays.copyOfRange(rewritten, rewritten.length - 8192, rewritten.length);
        assertEquals(leBytes[1], tail[0]);
        assertEquals(leBytes[0], tail[1]);
    }
}
