package org.dicompipe.emulator.healthcare.dicomstores;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The stores' folders: {@code {root}/stores/{key}}, named by the store's numeric database key so that no
 * client-chosen text ever becomes a path, case-insensitive file systems cannot merge two stores, and a store
 * re-created under an old name starts empty. Folders are removed by first renaming them into
 * {@code {root}/trash} (atomic), then deleting the trash, which is emptied again at every start.
 */
public final class StoreFolders {

    private final Path stores;
    private final Path trash;

    public StoreFolders(Path root) throws IOException {
        this.stores = root.resolve("stores");
        this.trash = root.resolve("trash");
        Files.createDirectories(stores);
        Files.createDirectories(trash);
    }

    /** The folder of the store with this key, created if missing. */
    public Path folder(long key) throws IOException {
        Path dir = stores.resolve(Long.toString(key));
        Files.createDirectories(dir);
        return dir;
    }

    /** Removes a store's folder; a folder that does not exist is fine. */
    public void remove(long key) throws IOException {
        Path dir = stores.resolve(Long.toString(key));
        if (!Files.exists(dir)) {
            return;
        }
        Path target = trash.resolve(key + "-" + System.nanoTime());
        try {
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            target = dir;
        } catch (NoSuchFileException e) {
            return;
        }
        deleteTree(target);
    }

    /** Empties the trash and removes folders whose key the database does not know (left by a crash). */
    public void reconcile(Collection<Long> knownKeys) throws IOException {
        deleteChildren(trash);
        Set<String> known = new HashSet<>();
        knownKeys.forEach(k -> known.add(Long.toString(k)));
        try (Stream<Path> children = Files.list(stores)) {
            for (Path child : children.toList()) {
                if (!known.contains(child.getFileName().toString())) {
                    deleteTree(child);
                }
            }
        }
    }

    private static void deleteChildren(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                deleteTree(child);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
