package org.dicompipe.emulator.storage;

import org.dicompipe.emulator.healthcare.DicomStoreName;

/**
 * Told about instances that were stored or deleted through DICOMweb, after the change is committed (for Pub/Sub
 * notifications, BigQuery streaming...). A listener that throws never fails the request; the error is logged.
 */
public interface InstanceListener {

    /** A new instance was stored (not called when identical bytes were stored again). */
    default void instanceStored(DicomStoreName store, InstanceKey key, DicomStoreStorage storage) {
    }

    /** An instance was deleted (once per instance, also for study and series deletes). */
    default void instanceDeleted(DicomStoreName store, InstanceKey key) {
    }

    /**
     * The same delete, with what the index held about the instance just before and its storage class then (what a
     * notification of the delete describes). By default it calls {@link #instanceDeleted(DicomStoreName, InstanceKey)}.
     */
    default void instanceDeleted(DicomStoreName store, StoredInstance before, String storageClass) {
        instanceDeleted(store, before.key());
    }
}
