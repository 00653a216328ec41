package org.dicompipe.emulator.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The instance files of one DICOM store: {@code {root}/{study}/{series}/{instance}.dcm}. A new instance is first written
 * to {@code {root}/.tmp/}, forced to disk and then renamed into place atomically, so after a crash a file at its final
 * name is always complete.
 */
public final class InstanceFiles {

    static final String TEMP_DIR = ".tmp";
    private static final String SUFFIX = ".dcm";

    private final Path root;
    private final Path tempDir;

    public InstanceFiles(Path root) throws IOException {
        this.root = root;
        this.tempDir = root.resolve(TEMP_DIR);
        Files.createDirectories(tempDir);
    }

    public Path root() {
        return root;
    }

    /** A fresh, empty file for an incoming instance; the caller deletes it unless it is installed. */
    public Path newTempFile() throws IOException {
        while (true) {
            // cheaper than Files.createTempFile's secure random names; the folder is private to this store
            Path p = tempDir.resolve("incoming-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".part");
            try {
                Files.createFile(p);
                return p;
            } catch (FileAlreadyExistsException e) {
                // drawn twice: draw again
            }
        }
    }

    public Path path(InstanceKey key) {
        return root.resolve(key.study()).resolve(key.series()).resolve(key.instance() + SUFFIX);
    }

    /**
     * Renames {@code temp} to the instance's name; with {@code durable} the file (unless {@code alreadyForced}) and
     * then the folder entry are forced to disk too. Without it the caller makes the files durable later (a bulk
     * import syncs once at its end).
     */
    public void install(Path temp, InstanceKey key, boolean durable, boolean alreadyForced) throws IOException {
        if (durable && !alreadyForced) {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        Path target = path(key);
        if (!Files.isDirectory(target.getParent())) {
            // createDirectories on an existing folder fails internally first, and that exception is not free
            Files.createDirectories(target.getParent());
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            forceDirectory(target.getParent());
        }
    }

    /** Removes the instance file and the series and study folders it leaves empty. */
    public void delete(InstanceKey key) throws IOException {
        Path file = path(key);
        Files.deleteIfExists(file);
        removeIfEmpty(file.getParent());
        removeIfEmpty(file.getParent().getParent());
    }

    /** Deletes every leftover temporary file (they belong to requests that never finished). */
    public int deleteTempFiles() throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(tempDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
                n++;
            }
        }
        return n;
    }

    /** Every file that sits where an instance would, with the key its path spells; other files are ignored. */
    public List<Located> list() throws IOException {
        List<Located> out = new ArrayList<>();
        try (Stream<Path> studies = Files.list(root)) {
            for (Path study : (Iterable<Path>) studies::iterator) {
                if (!Files.isDirectory(study) || !InstanceKey.isValidUid(study.getFileName().toString())) {
                    continue;
                }
                try (Stream<Path> seriesDirs = Files.list(study)) {
                    for (Path series : (Iterable<Path>) seriesDirs::iterator) {
                        if (!Files.isDirectory(series) || !InstanceKey.isValidUid(series.getFileName().toString())) {
                            continue;
                        }
                        try (Stream<Path> files = Files.list(series)) {
                            for (Path f : (Iterable<Path>) files::iterator) {
                                String name = f.getFileName().toString();
                                if (!name.endsWith(SUFFIX)) {
                                    continue;
                                }
                                String sop = name.substring(0, name.length() - SUFFIX.length());
                                if (InstanceKey.isValidUid(sop)) {
                                    out.add(new Located(new InstanceKey(study.getFileName().toString(),
                                            series.getFileName().toString(), sop), f));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A file found on disk and the key its location gives it. */
    public record Located(InstanceKey key, Path file) {
    }

    private void removeIfEmpty(Path dir) throws IOException {
        if (dir.equals(root)) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException | NoSuchFileException ignored) {
            // still holds other instances, or a concurrent delete got there first
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename itself durable; not every file system lets a directory be opened, which is harmless.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
