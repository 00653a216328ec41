package org.dicompipe.emulator.storeevents;

import com.google.api.services.healthcare.v1.model.DicomStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceIndex;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.InstanceListener;
import org.dicompipe.emulator.storage.StoredInstance;
import org.dicompipe.emulator.transfer.TransferEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the committed changes announced by DICOMweb (store, delete) and by the transfer operations (import, storage
 * class change) into {@link StoreEvent}s and hands them, in order, to one background thread that publishes and
 * streams them. What is known about the instance and the store's configs are read when the change is announced, so
 * a later change cannot alter what an event says; publishing and streaming happen after the request has been
 * answered, like the service's near-real-time delivery, and never make it fail.
 */
final class StoreEventDispatcher implements InstanceListener, TransferEvents, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreEventDispatcher.class);
    private static final String STANDARD = "STANDARD";

    private final Function<DicomStoreName, Optional<DicomStore>> stores;
    private final Function<DicomStoreName, DicomStoreStorage> storages;
    private final DicomNotifications notifications;
    private final BigQueryStreaming streaming;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dicom-store-events");
        t.setDaemon(true);
        return t;
    });

    StoreEventDispatcher(Function<DicomStoreName, Optional<DicomStore>> stores,
            Function<DicomStoreName, DicomStoreStorage> storages, DicomNotifications notifications,
            BigQueryStreaming streaming) {
        this.stores = stores;
        this.storages = storages;
        this.notifications = notifications;
        this.streaming = streaming;
    }

    @Override
    public void instanceStored(DicomStoreName store, InstanceKey key, DicomStoreStorage storage) {
        announce(store, key, StoreEvent.Action.STORE, storage, null);
    }

    @Override
    public void instanceImported(DicomStoreName store, InstanceKey instance) {
        announce(store, instance, StoreEvent.Action.IMPORT, null, null);
    }

    @Override
    public void storageClassChanged(DicomStoreName store, InstanceKey instance, String previous, String storageClass) {
        announce(store, instance, StoreEvent.Action.SET_BLOB_SETTINGS, null, previous);
    }

    @Override
    public void instanceDeleted(DicomStoreName store, StoredInstance before, String storageClass) {
        Optional<DicomStore> settings = configs(store);
        if (settings.isEmpty()) {
            return;
        }
        try {
            submit(settings.get(), new StoreEvent(store, before.key(), StoreEvent.Action.DELETE, Instant.now(),
                    DicomJson.parse(before.metadata()), before.size(), before.metadata().length(), storageClass, null));
        } catch (RuntimeException e) {
            // the error may quote metadata values: its type only at WARN
            LOG.warn("cannot describe a deleted instance of {} for its notifications: {}", store,
                    e.getClass().getName());
            LOG.debug("describing a deleted instance failed", e);
        }
    }

    private void announce(DicomStoreName store, InstanceKey key, StoreEvent.Action action, DicomStoreStorage storage,
            String previousStorageClass) {
        Optional<DicomStore> settings = configs(store);
        if (settings.isEmpty()) {
            return;
        }
        try {
            DicomStoreStorage s = storage != null ? storage : storages.apply(store);
            Optional<StoredInstance> found = s.find(key);
            if (found.isEmpty()) {
                return; // deleted again before we got here: its delete is announced on its own
            }
            StoredInstance si = found.get();
            Optional<InstanceIndex.StorageClass> blob = s.index().storageClass(key);
            Instant time = action == StoreEvent.Action.SET_BLOB_SETTINGS && blob.isPresent()
                    ? Instant.ofEpochMilli(blob.get().updatedAtMillis()) : Instant.now();
            submit(settings.get(), new StoreEvent(store, key, action, time, DicomJson.parse(si.metadata()), si.size(),
                    si.metadata().length(), blob.map(InstanceIndex.StorageClass::storageClass).orElse(STANDARD),
                    previousStorageClass));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot describe a changed instance of {} for its notifications: {}", store,
                    e.getClass().getName());
            LOG.debug("describing a changed instance failed", e);
        }
    }

    /** The store's settings when it has anything to deliver to. */
    private Optional<DicomStore> configs(DicomStoreName store) {
        return stores.apply(store).filter(s -> DicomNotifications.wanted(s) || BigQueryStreaming.wanted(s));
    }

    private void submit(DicomStore settings, StoreEvent event) {
        try {
            worker.execute(() -> deliver(settings, event));
        } catch (RejectedExecutionException e) {
            LOG.warn("emulator stopping: a notification of {} was not sent", event.store());
        }
    }

    private void deliver(DicomStore settings, StoreEvent event) {
        try {
            notifications.publish(settings, event);
        } catch (RuntimeException e) {
            LOG.warn("notifications of {} failed: {}", event.store(), e.getClass().getName());
        }
        try {
            streaming.stream(settings, event);
        } catch (RuntimeException e) {
            LOG.warn("streaming of {} failed: {}", event.store(), e.getClass().getName());
        }
    }

    /** Delivers what is queued (for up to 10 s), then stops. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("store events still queued at shutdown were dropped");
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
