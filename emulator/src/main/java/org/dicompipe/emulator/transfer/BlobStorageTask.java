package org.dicompipe.emulator.transfer;

import com.google.api.services.healthcare.v1.model.SetBlobStorageSettingsResponse;
import java.util.List;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.operations.OperationProgress;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.OperationTask;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * setBlobStorageSettings: records the storage class of every selected instance (in batches, each one transaction)
 * and announces each instance whose class changed. Every selected instance counts as a success, also when it already
 * had that class.
 */
final class BlobStorageTask implements OperationTask {

    static final String RESPONSE_TYPE =
            "type.googleapis.com/google.cloud.healthcare.v1.dicom.SetBlobStorageSettingsResponse";
    private static final int BATCH = 200;

    private final DicomStoreName store;
    private final DicomStoreStorage storage;
    private final List<InstanceKey> keys;
    private final String storageClass;
    private final TransferEvents events;

    BlobStorageTask(DicomStoreName store, DicomStoreStorage storage, List<InstanceKey> keys, String storageClass,
            TransferEvents events) {
        this.store = store;
        this.storage = storage;
        this.keys = keys;
        this.storageClass = storageClass;
        this.events = events;
    }

    @Override
    public OperationResult run(OperationProgress progress) throws Exception {
        progress.setPending(keys.size());
        for (int from = 0; from < keys.size(); from += BATCH) {
            if (progress.isCancelled()) {
                return null;
            }
            List<InstanceKey> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            var changed = storage.index().setStorageClass(batch, storageClass, System.currentTimeMillis());
            changed.forEach((k, previous) -> events.storageClassChanged(store, k, previous, storageClass));
            progress.add(batch.size(), 0);
        }
        return OperationResult.success(RESPONSE_TYPE, new SetBlobStorageSettingsResponse());
    }
}
