package org.dicompipe.emulator.transfer;

import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * What import and setBlobStorageSettings did, for features that react to it (Pub/Sub notifications, BigQuery
 * streaming). Called on the operation's worker threads after the change is committed; an exception thrown here is
 * logged and does not fail the operation.
 */
public interface TransferEvents {

    /** An instance was stored by dicomStores.import (not called for instances that were already there). */
    default void instanceImported(DicomStoreName store, InstanceKey instance) {
    }

    /** setBlobStorageSettings changed the storage class of an instance from {@code previous}. */
    default void storageClassChanged(DicomStoreName store, InstanceKey instance, String previous, String storageClass) {
    }
}
