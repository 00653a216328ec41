package org.dicompipe.emulator.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/** MD5 and CRC32C of object content, base64-encoded the way the JSON API reports them. */
public record ContentHashes(long size, String md5Hash, String crc32c) {

    /** Hashes a file. */
    public static ContentHashes of(Path file) throws IOException {
        Hasher hasher = new Hasher();
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(hasher.sink(OutputStream.nullOutputStream()));
        }
        return hasher.result();
    }

    /** Hashes bytes as they are copied; {@link #result()} once the copy is done. */
    public static final class Hasher {
        private final MessageDigest md5;
        private final CRC32C crc = new CRC32C();
        private long size;

        public Hasher() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is required of every JDK", e);
            }
        }

        public void update(byte[] b, int off, int len) {
            md5.update(b, off, len);
            crc.update(b, off, len);
            size += len;
        }

        public long size() {
            return size;
        }

        /** An output stream that hashes everything written through it into {@code target}. */
        public OutputStream sink(OutputStream target) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    target.write(b, off, len);
                    update(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    target.flush();
                }

                @Override
                public void close() throws IOException {
                    target.close();
                }
            };
        }

        public ContentHashes result() {
            byte[] crcBytes = ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            return new ContentHashes(size, Base64.getEncoder().encodeToString(md5.digest()),
                    Base64.getEncoder().encodeToString(crcBytes));
        }
    }
}
