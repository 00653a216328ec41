package org.dicompipe.emulator.transfer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dicompipe.emulator.gcs.ContentHashes;
import org.dicompipe.emulator.gcs.GcsObject;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.gcs.ObjectAttributes;
import org.dicompipe.emulator.gcs.Preconditions;
import org.dicompipe.emulator.rendering.RenderingException;

/**
 * Writes the per-frame objects of one exported instance all or nothing: {@code {name}{extension}} for a single
 * frame, {@code {name}/{frame}{extension}} (frames from 1) for several. Every frame is staged in a temporary file
 * before the first is committed, so a frame that cannot be produced leaves no object of the instance; a commit
 * that fails removes the objects already committed.
 */
final class FrameObjects {

    /** Writes frame {@code frame} (1-based) to {@code out}. */
    @FunctionalInterface
    interface Content {
        void writeTo(int frame, OutputStream out) throws IOException, RenderingException;
    }

    private record Staged(String name, Path file, ContentHashes hashes) {
    }

    private final GcsStore gcs;
    private final String bucket;
    private final ObjectAttributes attributes;

    FrameObjects(GcsStore gcs, String bucket, ObjectAttributes attributes) {
        this.gcs = gcs;
        this.bucket = bucket;
        this.attributes = attributes;
    }

    void write(String name, int frames, String extension, Content content) throws IOException, RenderingException {
        List<Path> files = new ArrayList<>(frames);
        try {
            List<Staged> staged = new ArrayList<>(frames);
            for (int f = 1; f <= frames; f++) {
                Path tmp = gcs.newTempFile();
                files.add(tmp);
                ContentHashes.Hasher hasher = new ContentHashes.Hasher();
                try (OutputStream out = hasher.sink(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    content.writeTo(f, out);
                }
                staged.add(new Staged((frames == 1 ? name : name + "/" + f) + extension, tmp, hasher.result()));
            }
            commitAll(staged);
        } finally {
            for (Path tmp : files) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private void commitAll(List<Staged> staged) throws IOException {
        List<GcsObject> committed = new ArrayList<>(staged.size());
        try {
            for (Staged s : staged) {
                committed.add(gcs.commit(bucket, s.name(), s.file(), s.hashes(), attributes, Preconditions.NONE));
            }
        } catch (IOException | RuntimeException e) {
            for (GcsObject o : committed) {
                try {
                    gcs.delete(o.bucket(), o.name(), o.generation(), Preconditions.NONE);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }
}
