package org.dicompipe.emulator.deid;

import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DeidentifyDeidentifyDicomStoreSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dicompipe.emulator.healthcare.operations.OperationProgress;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.OperationTask;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.transfer.DiskSync;
import org.dicompipe.emulator.transfer.ParallelWork;
import org.dicompipe.emulator.transfer.ResourceSelection;

/**
 * The work of one dicomStores.deidentify operation: every selected instance of the source store is read,
 * de-identified straight into a temporary file of the destination store and stored there, which makes each instance
 * appear whole or not at all. As in an import, instances are not forced to disk one by one: the file system is
 * synced once at the end, before the operation reports done. An instance that fails is counted and logged (the
 * operation's logsUrl) and the others go on; cancelling stops handing out instances.
 */
final class DeidentifyTask implements OperationTask {

    static final String RESPONSE_TYPE =
            "type.googleapis.com/google.cloud.healthcare.v1.deidentify.DeidentifyDicomStoreSummary";

    private final DicomStoreStorage source;
    private final DicomStoreStorage destination;
    private final ResourceSelection selection;
    private final Deidentifier deidentifier;
    private final int parallelism;

    DeidentifyTask(DicomStoreStorage source, DicomStoreStorage destination, ResourceSelection selection,
            Deidentifier deidentifier, int parallelism) {
        this.source = source;
        this.destination = destination;
        this.selection = selection;
        this.deidentifier = deidentifier;
        this.parallelism = parallelism;
    }

    @Override
    public OperationResult run(OperationProgress progress) throws Exception {
        List<InstanceKey> keys = selection.select(source);
        progress.setPending(keys.size());
        Queue<Path> written = new ConcurrentLinkedQueue<>();
        try {
            ParallelWork.forEach(keys, parallelism, progress, "deidentify", key -> {
                String failure = process(key, written);
                if (failure == null) {
                    progress.add(1, 0);
                } else {
                    progress.addFailure("/studies/" + key.study() + "/series/" + key.series() + "/instances/"
                            + key.instance(), failure);
                }
            });
        } finally {
            // also when cancelled: what was stored and counted is made durable before the operation ends
            if (!written.isEmpty()) {
                DiskSync.sync(written.peek(), written);
            }
        }
        return OperationResult.success(RESPONSE_TYPE,
                new GoogleCloudHealthcareV1DeidentifyDeidentifyDicomStoreSummary());
    }

    /** @return null when the de-identified copy is stored, else why not */
    private String process(InstanceKey key, Queue<Path> written) {
        try {
            Path file = source.file(key);
            DicomStoreStorage.Incoming staged = destination.write(out -> deidentifier.rewrite(file, out), false);
            DicomStoreStorage.StoreResult stored = destination.store(staged, null, false);
            return switch (stored.outcome()) {
                case STORED -> {
                    written.add(destination.file(stored.key()));
                    yield null;
                }
                case ALREADY_STORED -> null;
                default -> "the destination refused the de-identified instance: " + stored.outcome();
            };
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
