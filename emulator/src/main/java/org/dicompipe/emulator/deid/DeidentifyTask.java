package org.dicompipe.emulator.deid;

import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DeidentifyDeidentifyDicomStoreSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dicompipe.emulator.healthcare.operations.OperationProgress;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.OperationTask;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * The work of one dicomStores.deidentify operation: every selected instance of the source store is read,
 * de-identified and stored in the destination store through its storage, which makes each instance appear whole or
 * not at all. An instance that fails is counted and logged and the others go on; cancelling stops the loop.
 */
final class DeidentifyTask implements OperationTask {

    static final String RESPONSE_TYPE =
            "type.googleapis.com/google.cloud.healthcare.v1.deidentify.DeidentifyDicomStoreSummary";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DicomStoreStorage source;
    private final DicomStoreStorage destination;
    private final ResourcePathFilter paths;
    private final Deidentifier deidentifier;
    private final Path logDir;
    private final int parallelism;

    /** @param paths the instances to include, or null for all */
    DeidentifyTask(DicomStoreStorage source, DicomStoreStorage destination, ResourcePathFilter paths,
            Deidentifier deidentifier, Path logDir, int parallelism) {
        this.source = source;
        this.destination = destination;
        this.paths = paths;
        this.deidentifier = deidentifier;
        this.logDir = logDir;
        this.parallelism = Math.max(1, parallelism);
    }

    @Override
    public OperationResult run(OperationProgress progress) throws Exception {
        List<InstanceKey> keys = source.keys();
        if (paths != null) {
            keys = paths.select(keys);
        }
        progress.setPending(keys.size());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "deidentify-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // a bounded window keeps memory flat: at most this many instances are held at once
        Semaphore window = new Semaphore(parallelism * 2);
        try (FailureLog failures = new FailureLog(logDir, progress.operationName())) {
            try {
                for (InstanceKey key : keys) {
                    if (progress.isCancelled()) {
                        break;
                    }
                    window.acquire();
                    pool.execute(() -> {
                        try {
                            if (!progress.isCancelled()) {
                                process(key, progress, failures);
                            }
                        } finally {
                            window.release();
                        }
                    });
                }
            } finally {
                pool.shutdown();
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // the instances in flight finish; each is stored whole or not at all
                }
            }
        }
        return OperationResult.success(RESPONSE_TYPE,
                new GoogleCloudHealthcareV1DeidentifyDeidentifyDicomStoreSummary());
    }

    private void process(InstanceKey key, OperationProgress progress, FailureLog failures) {
        try {
            Path file = source.file(key);
            Output out = new Output((int) Math.min(Files.size(file) + 4096, Integer.MAX_VALUE - 16));
            deidentifier.rewrite(file, out);
            DicomStoreStorage.Incoming incoming = destination.receive(out.asInput());
            DicomStoreStorage.StoreResult stored = destination.store(incoming, null);
            switch (stored.outcome()) {
                case STORED, ALREADY_STORED -> progress.add(1, 0);
                default -> fail(key, "the destination refused the de-identified instance: " + stored.outcome(),
                        progress, failures);
            }
        } catch (IOException | RuntimeException e) {
            fail(key, e.getClass().getSimpleName() + ": " + e.getMessage(), progress, failures);
        }
    }

    private static void fail(InstanceKey key, String error, OperationProgress progress, FailureLog failures) {
        failures.record("/studies/" + key.study() + "/series/" + key.series() + "/instances/" + key.instance(), error);
        progress.add(0, 1);
    }

    /** A byte buffer handed to the store without another copy. */
    private static final class Output extends ByteArrayOutputStream {
        Output(int size) {
            super(size);
        }

        ByteArrayInputStream asInput() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
