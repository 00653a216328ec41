package org.dicompipe.emulator.dicomweb;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.InstanceListener;
import org.dicompipe.emulator.storage.StoredInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered {@link InstanceListener}s, each called in turn and isolated from the others' failures. */
final class InstanceEvents {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceEvents.class);

    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();

    void add(InstanceListener l) {
        listeners.add(l);
    }

    void stored(DicomStoreName store, InstanceKey key, DicomStoreStorage storage) {
        for (InstanceListener l : listeners) {
            try {
                l.instanceStored(store, key, storage);
            } catch (RuntimeException e) {
                LOG.warn("instance listener {} failed on a stored instance", l.getClass().getName(), e);
            }
        }
    }

    void deleted(DicomStoreName store, StoredInstance before, String storageClass) {
        for (InstanceListener l : listeners) {
            try {
                l.instanceDeleted(store, before, storageClass);
            } catch (RuntimeException e) {
                LOG.warn("instance listener {} failed on a deleted instance", l.getClass().getName(), e);
            }
        }
    }
}
