package org.dicompipe.emulator.transfer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands events to every registered listener; a listener's failure is logged, never passed on. */
final class EventHub implements TransferEvents {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final List<TransferEvents> listeners = new CopyOnWriteArrayList<>();

    void add(TransferEvents listener) {
        listeners.add(listener);
    }

    @Override
    public void instanceImported(DicomStoreName store, InstanceKey instance) {
        for (TransferEvents l : listeners) {
            try {
                l.instanceImported(store, instance);
            } catch (RuntimeException e) {
                LOG.warn("an import listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public void storageClassChanged(DicomStoreName store, InstanceKey instance, String previous, String storageClass) {
        for (TransferEvents l : listeners) {
            try {
                l.storageClassChanged(store, instance, previous, storageClass);
            } catch (RuntimeException e) {
                LOG.warn("a blob storage listener failed: {}", e.toString());
            }
        }
    }
}
