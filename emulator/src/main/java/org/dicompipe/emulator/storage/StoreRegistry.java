package org.dicompipe.emulator.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The open {@link DicomStoreStorage} of each DICOM store, opened (and reconciled) on first use. Keyed by folder,
 * because a store deleted and created again under the same name gets a new folder.
 */
public final class StoreRegistry implements AutoCloseable {

    private final Function<DicomStoreName, Path> folderOf;
    private final Map<Path, DicomStoreStorage> open = new ConcurrentHashMap<>();
    private final Map<DicomStoreName, Path> folders = new ConcurrentHashMap<>();

    /** @param folderOf the store's folder; throws NOT_FOUND for a store that does not exist */
    public StoreRegistry(Function<DicomStoreName, Path> folderOf) {
        this.folderOf = folderOf;
    }

    public DicomStoreStorage get(DicomStoreName store) {
        Path dir = folderOf.apply(store);
        folders.put(store, dir);
        return open.computeIfAbsent(dir, d -> {
            try {
                return DicomStoreStorage.open(d);
            } catch (IOException e) {
                throw GoogleError.internal("cannot open the instances of " + store + ": " + e.getMessage());
            }
        });
    }

    /** Closes the store's index so that its folder can be removed. */
    public void forget(DicomStoreName store) {
        Path dir = folders.remove(store);
        if (dir != null) {
            DicomStoreStorage s = open.remove(dir);
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public void close() {
        open.values().forEach(DicomStoreStorage::close);
        open.clear();
        folders.clear();
    }
}
