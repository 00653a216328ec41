package org.dicompipe.emulator.storeevents;

import com.google.api.services.healthcare.v1.model.DicomStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.StoreChangeListener;

/**
 * The settings of the stores instances are stored into, kept between changes instead of read from the datasets
 * database for every stored instance. Dropped when the Healthcare feature reports that the store was patched,
 * deleted or created (a store deleted and created again under its name starts from its new settings).
 */
final class StoreConfigCache implements Function<DicomStoreName, Optional<DicomStore>>, StoreChangeListener {

    private final Function<DicomStoreName, Optional<DicomStore>> source;
    private final Map<DicomStoreName, Optional<DicomStore>> known = new HashMap<>();
    /** Counts changes, so that settings read before a change are not kept after it. */
    private long changes;

    StoreConfigCache(Function<DicomStoreName, Optional<DicomStore>> source) {
        this.source = source;
    }

    /** The store's settings (empty when it does not exist); callers must not modify them. */
    @Override
    public Optional<DicomStore> apply(DicomStoreName store) {
        long seen;
        synchronized (this) {
            Optional<DicomStore> cached = known.get(store);
            if (cached != null) {
                return cached;
            }
            seen = changes;
        }
        // read outside the lock: the database may be busy with a write
        Optional<DicomStore> read = source.apply(store);
        synchronized (this) {
            if (seen == changes) {
                known.put(store, read);
            }
        }
        return read;
    }

    @Override
    public synchronized void storeChanged(DicomStoreName store) {
        changes++;
        known.remove(store);
    }
}
