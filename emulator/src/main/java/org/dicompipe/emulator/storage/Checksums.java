package org.dicompipe.emulator.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The checksum kept with each instance, and the content comparison it stands in for. Its only use is telling an
 * instance sent again unchanged (success, nothing changes) from a different one under the same UIDs (a conflict):
 * different checksums prove a difference, equal ones are confirmed byte by byte. That makes a fast CRC-32C as good as
 * a cryptographic hash here, at a fraction of the CPU per stored instance.
 */
public final class Checksums {

    private static final String CRC32C_PREFIX = "crc32c:";

    private Checksums() {
    }

    /** Accumulates the checksum of a stream written piece by piece. */
    public static final class Running {
        private final CRC32C crc = new CRC32C();

        public void update(byte[] b, int off, int len) {
            crc.update(b, off, len);
        }

        public String value() {
            return CRC32C_PREFIX + String.format("%08x", crc.getValue());
        }
    }

    /** The checksum of a file. */
    public static String of(Path file) throws IOException {
        Running r = new Running();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                r.update(buf, 0, n);
            }
        }
        return r.value();
    }

    /**
     * Whether two files hold the same bytes, given what is known of them. A stored checksum of another kind (an index
     * written by an older version kept SHA-256 digests) decides nothing, and the bytes are compared.
     */
    public static boolean sameContent(Path a, long sizeA, String checksumA, Path b, long sizeB, String checksumB)
            throws IOException {
        if (sizeA != sizeB) {
            return false;
        }
        boolean comparable = checksumA.startsWith(CRC32C_PREFIX) && checksumB.startsWith(CRC32C_PREFIX);
        if (comparable && !checksumA.equals(checksumB)) {
            return false;
        }
        return sameBytes(a, b);
    }

    private static boolean sameBytes(Path a, Path b) throws IOException {
        byte[] bufA = new byte[64 * 1024];
        byte[] bufB = new byte[64 * 1024];
        try (InputStream inA = Files.newInputStream(a); InputStream inB = Files.newInputStream(b)) {
            while (true) {
                int n = inA.readNBytes(bufA, 0, bufA.length);
                int m = inB.readNBytes(bufB, 0, bufB.length);
                if (n != m || !Arrays.equals(bufA, 0, n, bufB, 0, m)) {
                    return false;
                }
                if (n < bufA.length) {
                    return true;
                }
            }
        }
    }
}
