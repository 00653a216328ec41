package org.dicompipe.emulator.deid;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dicompipe.emulator.storage.DicomStoreStorage;

/**
 * Writes a new instance straight into a temporary file of the store that will keep it, computing the size and
 * SHA-256 the store needs on the way: no byte array holds the instance and nothing is copied a second time.
 */
final class StagedInstance {

    /** What goes into the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private StagedInstance() {
    }

    /**
     * @return the staged file, ready for {@link DicomStoreStorage#store}; it is deleted if writing fails
     */
    static DicomStoreStorage.Incoming write(DicomStoreStorage store, Content content) throws IOException {
        // The storage makes its temporary files only in receive(): an empty body gives one in the store's own
        // folder (the same file system, so the final rename is atomic; removed at start-up if a crash leaves it),
        // which the content then fills.
        DicomStoreStorage.Incoming empty = store.receive(InputStream.nullInputStream());
        try {
            HashingOutput out = new HashingOutput(Files.newOutputStream(empty.file(), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING));
            try (out) {
                content.writeTo(out);
            }
            return new DicomStoreStorage.Incoming(empty.file(), out.size, HexFormat.of().formatHex(out.sha.digest()));
        } catch (IOException | RuntimeException e) {
            store.discard(empty);
            throw e;
        }
    }

    /** Counts and hashes what passes through; the writers above it already buffer. */
    private static final class HashingOutput extends OutputStream {
        private final OutputStream file;
        private final MessageDigest sha;
        private long size;

        HashingOutput(OutputStream file) {
            this.file = file;
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            sha.update((byte) b);
            file.write(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sha.update(b, off, len);
            file.write(b, off, len);
            size += len;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
