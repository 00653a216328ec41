package org.dicompipe.emulator.transfer;

import com.google.api.services.healthcare.v1.model.ImportDicomDataResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.operations.OperationProgress;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.OperationTask;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;

/**
 * One dicomStores.import: every object the source URI matches is streamed into the store's storage, which parses it
 * once and makes it appear whole or not at all. An object that is not DICOM, is truncated, or conflicts with a
 * different instance stored under the same UIDs counts as a failure and the others go on; an identical instance that
 * is already stored counts as a success and changes nothing. Each failure is in the operation's error log (logsUrl)
 * with the object's URI and the reason.
 */
final class ImportTask implements OperationTask {

    static final String RESPONSE_TYPE = "type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse";

    private final DicomStoreName store;
    private final DicomStoreStorage storage;
    private final GcsStore gcs;
    private final GcsLocation source;
    private final ObjectPattern pattern;
    private final String storageClass;
    private final int parallelism;
    private final TransferEvents events;

    ImportTask(DicomStoreName store, DicomStoreStorage storage, GcsStore gcs, GcsLocation source, ObjectPattern pattern,
            String storageClass, int parallelism, TransferEvents events) {
        this.store = store;
        this.storage = storage;
        this.gcs = gcs;
        this.source = source;
        this.pattern = pattern;
        this.storageClass = storageClass;
        this.parallelism = parallelism;
        this.events = events;
    }

    @Override
    public OperationResult run(OperationProgress progress) throws Exception {
        List<String> names = matchingObjects();
        progress.setPending(names.size());
        Path bucketDir = gcs.root().resolve(source.bucket());
        Queue<Path> written = new ConcurrentLinkedQueue<>();
        try {
            ParallelWork.forEach(names, parallelism, progress, "dicom-import", name -> {
                String failure = importOne(bucketDir, name, written);
                if (failure == null) {
                    progress.add(1, 0);
                } else {
                    progress.addFailure("gs://" + source.bucket() + "/" + name, failure);
                }
            });
        } finally {
            // the instances were stored without forcing each to disk; the operation is done once they are durable
            if (!written.isEmpty()) {
                DiskSync.sync(written.peek(), written);
            }
        }
        return OperationResult.success(RESPONSE_TYPE, new ImportDicomDataResponse());
    }

    /** @throws GoogleError NOT_FOUND for a missing bucket or when nothing matches */
    private List<String> matchingObjects() throws IOException {
        if (gcs.bucket(source.bucket()).isEmpty()) {
            throw GoogleError.notFound("gcsSource.uri: bucket " + source.bucket() + " does not exist");
        }
        List<String> names = new ArrayList<>();
        for (String name : gcs.objectNames(source.bucket(), pattern.prefix())) {
            if (pattern.matches(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw GoogleError.notFound("gcsSource.uri: no objects match " + GcsLocation.printable(source.toString()));
        }
        return names;
    }

    /** @return null when the object is now stored (newly or as an identical instance already there), else why not */
    private String importOne(Path bucketDir, String name, Queue<Path> written) {
        Path file = bucketDir.resolve(name).normalize();
        if (!file.startsWith(bucketDir)) {
            return "the object name leads out of the bucket";
        }
        try {
            DicomStoreStorage.StoreResult result;
            // a symbolic link in the bucket folder is not an object: do not follow it out of the bucket
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                result = storage.store(storage.receive(in), null, false);
            }
            switch (result.outcome()) {
                case STORED -> {
                    written.add(storage.file(result.key()));
                    if (storageClass != null && !storageClass.equals(StorageClasses.STANDARD)) {
                        storage.index().setStorageClass(List.of(result.key()), storageClass, System.currentTimeMillis());
                    }
                    events.instanceImported(store, result.key());
                    return null;
                }
                case ALREADY_STORED -> {
                    return null;
                }
                case CONFLICT -> {
                    return "another instance with the same study, series and SOP instance UIDs is already stored";
                }
                default -> {
                    return "not stored: " + result.outcome();
                }
            }
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
