package org.dicompipe.codec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dicompipe.codec.json.DicomJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecCliTest {
    private static final Path SAMPLE = Path.of("src/test/resources/samples/synthetic-ct.dcm");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CodecCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dumpListsTheSample() {
        Run r = run("dump", SAMPLE.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(0010,0010) PN [Muller^Maria]"), r.out());
        assertTrue(r.out().contains("(0008,1032) SQ (Sequence #=1)"), r.out());
        assertTrue(r.out().contains("PixelData"), r.out());
    }

    @Test
    void jsonGivesBulkDataUrisWithTheByteRange() throws Exception {
        Run r = run("json", SAMPLE.toString());
        assertEquals(0, r.code(), r.err());
        String uri = DicomJson.parse(r.out().trim()).get(0x7FE00010).bulkDataUri();
        String prefix = SAMPLE.toAbsolutePath().normalize().toUri() + "?offset=";
        assertTrue(uri.startsWith(prefix), uri);
        String[] q = uri.substring(prefix.length()).split("&length=");
        long offset = Long.parseLong(q[0]);
        assertEquals(64 * 64 * 2, Long.parseLong(q[1]));
        byte[] all = Files.readAllBytes(SAMPLE);
        // the range is the pixel data: the 8 bytes before it are the OW header with the same length
        assertEquals('O', all[(int) offset - 8]);
        assertEquals('W', all[(int) offset - 7]);
        assertEquals(all.length, offset + 8192);
    }

    @Test
    void parseErrorsExitWithTwoAndAMessage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("truncated.dcm");
        byte[] sample = Files.readAllBytes(SAMPLE);
        Files.write(bad, Arrays.copyOf(sample, sample.length - 100));
        for (String cmd : new String[] {"json", "dump"}) {
            Run r = run(cmd, bad.toString());
            assertEquals(2, r.code());
            assertTrue(r.err().contains("offset"), r.err());
            assertTrue(r.err().contains("(7FE0,0010)"), r.err());
            assertEquals("", r.out());
        }
        Run missing = run("dump", dir.resolve("nope.dcm").toString());
        assertEquals(2, missing.code());
        assertEquals(1, run("frobnicate").code());
    }

    @Test
    void severalFilesAreAllProcessedAndOneBadFileGivesTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("garbage.dcm");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Run r = run("json", SAMPLE.toString(), bad.toString(), SAMPLE.toString());
        assertEquals(2, r.code());
        String[] lines = r.out().trim().split("\n");
        assertEquals(2, lines.length);
        assertEquals("Muller^Maria", DicomJson.parse(lines[1]).getString(0x00100010));
        assertTrue(r.err().contains("garbage.dcm"), r.err());
        Run d = run("dump", SAMPLE.toString(), SAMPLE.toString());
        assertEquals(0, d.code());
        assertTrue(d.out().contains("# dicom-codec (2/2): "), d.out());
        assertTrue(d.out().contains("(0028,0010) US 64 "), d.out());
    }
}
