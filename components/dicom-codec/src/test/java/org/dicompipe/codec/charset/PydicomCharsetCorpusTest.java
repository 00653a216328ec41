package org.dicompipe.codec.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SH/LO/ST/LT/UT/UC/PN value of pydicom's character-set test files (and its other bundled test
 * files), decoded by us from the raw bytes pydicom read, must equal what pydicom decodes.
 * The Specific Character Set in effect (own or inherited from the enclosing dataset) comes from pydicom too.
 */
class PydicomCharsetCorpusTest {

    private static final Path PYDICOM_DATA = Paths.get("/usr/lib/python3/dist-packages/pydicom/data");
    private static final HexFormat HEX = HexFormat.of();

    private record Row(String file, String path, String vr, String terms, byte[] raw, List<String> values) {
    }

    @Test
    void charsetFilesDecodeLikePydicom(@TempDir Path tmp) throws Exception {
        List<Row> rows = pydicomValues(tmp, filesIn(PYDICOM_DATA.resolve("charset_files")));
        assertTrue(rows.size() > 100, "only " + rows.size() + " values from pydicom");
        List<String> expectedFiles = List.of("chrArab.dcm", "chrFren.dcm", "chrFrenMulti.dcm", "chrGerm.dcm",
                "chrGreek.dcm", "chrH31.dcm", "chrH32.dcm", "chrHbrw.dcm", "chrI2.dcm", "chrJapMulti.dcm",
                "chrJapMultiExplicitIR6.dcm", "chrKoreanMulti.dcm", "chrRuss.dcm", "chrSQEncoding.dcm",
                "chrSQEncoding1.dcm", "chrX1.dcm", "chrX2.dcm");
        for (String f : expectedFiles) {
            assertTrue(rows.stream().anyMatch(r -> r.file.equals(f)), "no values from " + f);
        }
        // the non-ASCII values must really be exercised, not only the plain ones
        assertTrue(rows.stream().filter(r -> r.values.stream().anyMatch(v -> v.chars().anyMatch(c -> c > 0x7F)))
                .count() > 20);
        assertAllMatch(rows);
        assertReencodes(rows);
    }

    @Test
    void otherPydicomTestFilesDecodeLikePydicom(@TempDir Path tmp) throws Exception {
        List<Row> rows = pydicomValues(tmp, filesIn(PYDICOM_DATA.resolve("test_files")));
        assertTrue(rows.size() > 500, "only " + rows.size() + " values from pydicom");
        assertAllMatch(rows);
        assertReencodes(rows);
    }

    private static void assertAllMatch(List<Row> rows) {
        List<String> mismatches = new ArrayList<>();
        for (Row r : rows) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(r.terms.split("\\\\", -1));
            List<String> ours = ourValues(cs, r.vr, r.raw);
            List<String> theirs = r.values.equals(List.of("")) ? List.of() : r.values; // '' and None alike
            if (!ours.equals(theirs)) {
                mismatches.add(r.file + " " + r.path + " " + r.vr + " [" + r.terms + "]: ours " + ours
                        + " pydicom " + theirs);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /**
     * Writing back what we read and reading it again gives the same text. (Not always the same bytes: files
     * may use equivalent designations, e.g. ESC ( B where we return to ESC ( J, or a redundant ESC ( B.)
     */
    private static void assertReencodes(List<Row> rows) {
        List<String> mismatches = new ArrayList<>();
        for (Row r : rows) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(r.terms.split("\\\\", -1));
            String read;
            String reread;
            switch (r.vr) {
                case "PN" -> {
                    read = cs.decodePersonName(r.raw);
                    reread = cs.decodePersonName(cs.encodePersonName(read));
                }
                case "ST", "LT", "UT" -> {
                    read = cs.decodeText(r.raw, 0, r.raw.length);
                    byte[] again = cs.encodeText(read);
                    reread = cs.decodeText(again, 0, again.length);
                }
                default -> {
                    read = cs.decode(r.raw);
                    reread = cs.decode(cs.encode(read));
                }
            }
            if (!read.equals(reread)) {
                mismatches.add(r.file + " " + r.path + ": " + read + " -> " + reread);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /** Decodes like a reader would, then normalises the way pydicom presents values. */
    static List<String> ourValues(SpecificCharacterSet cs, String vr, byte[] raw) {
        List<String> values = new ArrayList<>();
        if (raw.length == 0) {
            return values;
        }
        switch (vr) {
            case "PN" -> {
                for (String v : cs.decodePersonName(raw).split("\\\\", -1)) {
                    values.add(dropTrailingEmptyGroups(stripTrailing(v)));
                }
            }
            case "ST", "LT", "UT" -> values.add(stripTrailing(cs.decodeText(raw, 0, raw.length)));
            default -> {
                for (String v : cs.decode(raw).split("\\\\", -1)) {
                    values.add(stripTrailing(v));
                }
            }
        }
        if (values.size() == 1 && values.get(0).isEmpty()) {
            values.clear(); // pydicom reads an all-padding value as empty
        }
        return values;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String dropTrailingEmptyGroups(String pn) {
        int end = pn.length();
        while (end > 0 && pn.charAt(end - 1) == '=') {
            end--;
        }
        return pn.substring(0, end);
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    private static List<Row> pydicomValues(Path tmp, List<Path> files) throws Exception {
        Path script = tmp.resolve("pydicom_charset_values.py");
        try (InputStream in = PydicomCharsetCorpusTest.class.getResourceAsStream("pydicom_charset_values.py")) {
            Files.copy(in, script);
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Path stdout = tmp.resolve("out.tsv");
        Path stderr = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "pydicom timed out");
        assertEquals(0, p.exitValue(), "pydicom failed: " + Files.readString(stderr));
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            String[] counted = f[5].split(";", -1);
            List<String> values = new ArrayList<>();
            if (Integer.parseInt(counted[0]) > 0) {
                for (String h : counted[1].split(",", -1)) {
                    values.add(new String(HEX.parseHex(h), StandardCharsets.UTF_8));
                }
            }
            rows.add(new Row(f[0], f[1], f[2], new String(HEX.parseHex(f[3]), StandardCharsets.UTF_8),
                    HEX.parseHex(f[4]), values));
        }
        return rows;
    }
}
