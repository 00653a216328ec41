package org.dicompipe.emulator.storeevents;

import java.time.Instant;
import org.dicompipe.codec.Attributes;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * One change to one instance, as notifications and streaming describe it.
 *
 * @param metadata             the instance's DICOM metadata, or null when it is no longer known (after a delete)
 * @param blobStorageSize      size of the instance file, or -1 when unknown
 * @param structuredStorageSize size of the metadata the store keeps, or -1 when unknown
 * @param storageClass         the instance's storage class after the change, or null when unknown
 * @param previousStorageClass the class before a storage class change, otherwise null
 */
record StoreEvent(DicomStoreName store, InstanceKey key, Action action, Instant time, Attributes metadata,
                  long blobStorageSize, long structuredStorageSize, String storageClass, String previousStorageClass) {

    /** What happened, named as the {@code action} attribute of Google's DICOM notifications names it. */
    enum Action {
        STORE("StoreInstances"),
        IMPORT("ImportDicomData"),
        SET_BLOB_SETTINGS("SetBlobSettings"),
        DELETE("DeleteInstances");

        final String attribute;

        Action(String attribute) {
            this.attribute = attribute;
        }
    }

    /** {@code projects/.../dicomStores/s/dicomWeb/studies/x/series/y/instances/z}: the notification's data. */
    String instanceName() {
        return store + "/dicomWeb/studies/" + key.study() + "/series/" + key.series() + "/instances/" + key.instance();
    }
}
