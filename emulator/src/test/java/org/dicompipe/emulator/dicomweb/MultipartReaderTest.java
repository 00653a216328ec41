package org.dicompipe.emulator.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart parser against bodies written by {@link MultipartWriter}, read in awkward chunk sizes. */
class MultipartReaderTest {

    /** Hands out at most {@code max} bytes per read, so delimiters straddle reads. */
    private static final class Trickle extends InputStream {
        private final InputStream in;
        private final Random random;
        private final int max;

        Trickle(byte[] data, long seed, int max) {
            this.in = new ByteArrayInputStream(data);
            this.random = new Random(seed);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, 1 + random.nextInt(max)));
        }
    }

    private static byte[] body(String[] boundaryHolder, List<byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartWriter w = new MultipartWriter(out);
        boundaryHolder[0] = w.boundary();
        for (byte[] p : parts) {
            w.part("application/dicom", new ByteArrayInputStream(p));
        }
        w.finish();
        return out.toByteArray();
    }

    private static List<byte[]> read(InputStream in, String boundary) throws IOException {
        MultipartReader r = new MultipartReader(in, boundary);
        List<byte[]> out = new ArrayList<>();
        MultipartReader.Part p;
        while ((p = r.next()) != null) {
            assertEquals("application/dicom", p.contentType());
            out.add(p.body().readAllBytes());
        }
        return out;
    }

    @Test
    void partsSurviveAnySplitOfTheInput() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<byte[]> parts = new ArrayList<>();
            for (int i = 0, n = random.nextInt(4); i <= n; i++) {
                byte[] b = new byte[random.nextInt(round % 10 == 0 ? 200_000 : 300)];
                random.nextBytes(b);
                // bytes that look like the start of a delimiter inside the content
                if (b.length > 10) {
                    b[3] = '\r';
                    b[4] = '\n';
                    b[5] = '-';
                    b[6] = '-';
                }
                parts.add(b);
            }
            String[] boundary = new String[1];
            byte[] body = body(boundary, parts);
            List<byte[]> got = read(new Trickle(body, round, 1 + random.nextInt(100)), boundary[0]);
            assertEquals(parts.size(), got.size());
            for (int i = 0; i < parts.size(); i++) {
                assertArrayEquals(parts.get(i), got.get(i), "round " + round + " part " + i);
            }
        }
    }

    @Test
    void preambleEpilogueAndSkippedPartsAreHandled() throws IOException {
        String body = "preamble text\r\n--B\r\nContent-Type: application/dicom\r\n\r\nfirst\r\n--B  \r\n"
                + "Content-Type: application/dicom\r\n\r\nsecond part\r\n--B--\r\nepilogue";
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), "B");
        MultipartReader.Part first = r.next();
        assertEquals("application/dicom", first.headers().get("content-type"));
        // first part not read: next() skips it
        MultipartReader.Part second = r.next();
        assertEquals("second part", new String(second.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        assertNull(r.next());
    }

    @Test
    void truncatedBodiesAreMalformed() {
        for (String body : List.of("--B\r\nContent-Type: application/dicom\r\n\r\nno end",
                "--B\r\nContent-Type: application/dicom", "nothing", "--B\r\nbroken header line\r\n\r\nx\r\n--B--")) {
            assertThrows(MultipartReader.MalformedMultipartException.class, () -> read(
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), "B"), body);
        }
    }
}
