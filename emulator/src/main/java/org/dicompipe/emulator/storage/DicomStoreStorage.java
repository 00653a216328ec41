package org.dicompipe.emulator.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dicompipe.emulator.http.GoogleError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of one DICOM store: files plus index, kept consistent. The order of every change is chosen so that a
 * crash at any point leaves something {@link #reconcile()} can repair: a file is complete at its final name before
 * its index row is committed (so an acknowledged instance always has both), and a file is removed before its row.
 */
public final class DicomStoreStorage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DicomStoreStorage.class);
    private static final String INDEX_FILE = "index.db";

    private final InstanceFiles files;
    private final InstanceIndex index;
    /** Striped locks so that two requests for the same instance never interleave their check-then-write. */
    private final Object[] locks = new Object[64];

    private DicomStoreStorage(InstanceFiles files, InstanceIndex index) {
        this.files = files;
        this.index = index;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Opens (creating if needed) the storage in {@code dir} and reconciles files and index. */
    public static DicomStoreStorage open(Path dir) throws IOException {
        Files.createDirectories(dir);
        InstanceFiles files = new InstanceFiles(dir);
        InstanceIndex index = new InstanceIndex(dir.resolve(INDEX_FILE));
        DicomStoreStorage storage = new DicomStoreStorage(files, index);
        try {
            storage.reconcile();
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    public InstanceIndex index() {
        return index;
    }

    /** How a store attempt ended. */
    public enum Outcome {
        STORED,
        /** The same bytes were stored before: nothing changed, reported as success. */
        ALREADY_STORED,
        /** An instance with these UIDs exists with different content. */
        CONFLICT,
        /** The instance's StudyInstanceUID is not the one the request was for. */
        STUDY_MISMATCH
    }

    public record StoreResult(Outcome outcome, InstanceKey key, String sopClassUid) {
    }

    /**
     * An incoming instance already written to a temporary file. Delete it with {@link #discard} if not stored.
     *
     * @param forced whether the file's content is already on disk (then storing it only has to force the rename)
     */
    public record Incoming(Path file, long size, String checksum, boolean forced) {
    }

    /** Writes an instance's bytes, e.g. one produced from another instance rather than received. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Copies {@code body} to a new temporary file, with its checksum. Memory use does not depend on size. */
    public Incoming receive(InputStream body) throws IOException {
        return receive(body, false);
    }

    /**
     * As {@link #receive(InputStream)}; with {@code force} the file is forced to disk before it is closed, through
     * the channel that wrote it, for a caller that will store it durably anyway.
     */
    public Incoming receive(InputStream body, boolean force) throws IOException {
        return write(out -> {
            // a large buffer: a multipart body is then read and written in few, large pieces
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = body.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        }, force);
    }

    /**
     * Writes new content straight into a temporary file of this store (so no copy of it is held in memory and the
     * rename that stores it stays on one file system), with its checksum; store it with {@link #store}.
     */
    public Incoming write(Content content, boolean force) throws IOException {
        Path temp = files.newTempFile();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ChecksummedOutput out = new ChecksummedOutput(channel);
            content.writeTo(out);
            out.flush();
            if (force) {
                channel.force(true);
            }
            return new Incoming(temp, out.size, out.checksum.value(), force);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Buffers small writes, passes large ones straight to the channel, and sums up what went through. */
    private static final class ChecksummedOutput extends OutputStream {
        private final FileChannel channel;
        private final Checksums.Running checksum = new Checksums.Running();
        private final byte[] buf = new byte[64 * 1024];
        private int buffered;
        private long size;

        ChecksummedOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            if (buffered == buf.length) {
                flush();
            }
            buf[buffered++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= buf.length) {
                flush();
                writeFully(b, off, len);
            } else {
                if (len > buf.length - buffered) {
                    flush();
                }
                System.arraycopy(b, off, buf, buffered, len);
                buffered += len;
            }
        }

        @Override
        public void flush() throws IOException {
            if (buffered > 0) {
                writeFully(buf, 0, buffered);
                buffered = 0;
            }
        }

        private void writeFully(byte[] b, int off, int len) throws IOException {
            checksum.update(b, off, len);
            ByteBuffer chunk = ByteBuffer.wrap(b, off, len);
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
            size += len;
        }
    }

    public void discard(Incoming incoming) {
        try {
            Files.deleteIfExists(incoming.file());
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}: {}", incoming.file(), e.toString());
        }
    }

    /**
     * Parses, validates and stores an incoming instance. The temporary file is consumed (moved into place or
     * deleted) in every case.
     *
     * @param requiredStudy the study UID of the request path, or null
     * @throws IOException  when the content is not DICOM (DicomParseException) or cannot be stored
     * @throws GoogleError  when a UID is missing or malformed
     */
    public StoreResult store(Incoming in, String requiredStudy) throws IOException {
        return store(in, requiredStudy, true);
    }

    /**
     * As {@link #store(Incoming, String)}; with {@code durable} false the file is not forced to disk before it is
     * renamed into place (a process crash loses nothing, a power loss may), for bulk imports that force everything
     * to disk once when they end instead of twice per instance.
     */
    public StoreResult store(Incoming in, String requiredStudy, boolean durable) throws IOException {
        try {
            InstanceRecord r = InstanceDescriber.describe(in.file(), in.size(), in.checksum(), System.currentTimeMillis());
            InstanceKey key = r.key();
            if (requiredStudy != null && !requiredStudy.equals(key.study())) {
                return new StoreResult(Outcome.STUDY_MISMATCH, key, r.sopClassUid());
            }
            synchronized (lockFor(key)) {
                Optional<StoredInstance> existing = index.find(key);
                if (existing.isPresent()) {
                    StoredInstance old = existing.get();
                    boolean same = Checksums.sameContent(files.path(key), old.size(), old.checksum(), in.file(),
                            in.size(), in.checksum());
                    Outcome o = same ? Outcome.ALREADY_STORED : Outcome.CONFLICT;
                    return new StoreResult(o, key, r.sopClassUid());
                }
                files.install(in.file(), key, durable, in.forced());
                try {
                    if (!index.insert(r)) {
                        throw new IOException("instance appeared in the index while it was being stored");
                    }
                } catch (IOException | RuntimeException e) {
                    // Without its row the file would be indexed again at the next start: remove it now.
                    files.delete(key);
                    throw e;
                }
                return new StoreResult(Outcome.STORED, key, r.sopClassUid());
            }
        } finally {
            discard(in);
        }
    }

    public Optional<StoredInstance> find(InstanceKey key) throws IOException {
        return index.find(key);
    }

    public Path file(InstanceKey key) {
        return files.path(key);
    }

    /** Deletes one instance: file first, then its row. Returns false when it did not exist. */
    public boolean delete(InstanceKey key) throws IOException {
        synchronized (lockFor(key)) {
            if (index.find(key).isEmpty()) {
                return false;
            }
            files.delete(key);
            index.delete(key);
            return true;
        }
    }

    /** Deletes every instance of a study, or of a series when {@code series} is not null; returns how many. */
    public int deleteAll(String study, String series) throws IOException {
        int n = 0;
        for (InstanceKey k : index.keys(study, series)) {
            if (delete(k)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Makes files and index agree after an unclean stop: leftover temporary files are deleted, rows whose file is
     * gone are removed, and complete files without a row (stored, then a crash before the commit) are indexed.
     * Files that cannot be read as the instance their path names are removed.
     */
    public void reconcile() throws IOException {
        int temps = files.deleteTempFiles();
        Set<InstanceKey> indexed = new HashSet<>(index.keys(null, null));
        Set<InstanceKey> onDisk = new HashSet<>();
        int added = 0;
        int removedFiles = 0;
        for (InstanceFiles.Located f : files.list()) {
            onDisk.add(f.key());
            if (indexed.contains(f.key())) {
                continue;
            }
            try {
                long size = Files.size(f.file());
                InstanceRecord r = InstanceDescriber.describe(f.file(), size, Checksums.of(f.file()), Files.getLastModifiedTime(f.file()).toMillis());
                if (!r.key().equals(f.key())) {
                    throw new IOException("file content is another instance than its path says");
                }
                index.insert(r);
                added++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("removing unreadable instance file {}: {}", f.file(), e.getMessage());
                files.delete(f.key());
                onDisk.remove(f.key());
                removedFiles++;
            }
        }
        int removedRows = 0;
        for (InstanceKey k : indexed) {
            if (!onDisk.contains(k)) {
                index.delete(k);
                removedRows++;
            }
        }
        if (temps + added + removedFiles + removedRows > 0) {
            LOG.info("reconciled {}: {} temporary files deleted, {} files indexed, {} unreadable files removed,"
                    + " {} rows without file removed", files.root(), temps, added, removedFiles, removedRows);
        }
    }

    private Object lockFor(InstanceKey key) {
        return locks[Math.floorMod(key.hashCode(), locks.length)];
    }

    /** Every key, for tests and store-wide operations. */
    public List<InstanceKey> keys() throws IOException {
        return index.keys(null, null);
    }

    @Override
    public void close() {
        index.close();
    }
}
