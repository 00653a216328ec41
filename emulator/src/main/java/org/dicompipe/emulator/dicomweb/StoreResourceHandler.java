package org.dicompipe.emulator.dicomweb;

import com.google.api.services.healthcare.v1.model.BlobStorageInfo;
import com.google.api.services.healthcare.v1.model.DicomStoreMetrics;
import com.google.api.services.healthcare.v1.model.Empty;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.api.services.healthcare.v1.model.SeriesMetrics;
import com.google.api.services.healthcare.v1.model.StorageInfo;
import com.google.api.services.healthcare.v1.model.StructuredStorageInfo;
import com.google.api.services.healthcare.v1.model.StudyMetrics;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.dicompipe.emulator.healthcare.ApiJson;
import org.dicompipe.emulator.healthcare.DatasetName;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.Operations;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceIndex;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.StoredInstance;
import org.dicompipe.emulator.storage.UsageTotals;

/**
 * The non-DICOMweb methods on DICOMweb resources: deletes (study and series deletes are long-running operations in
 * v1, instance delete answers Empty) and the metrics and storage info methods, answered with Google's models.
 */
final class StoreResourceHandler {

    private static final String DELETE_STUDY = "google.cloud.healthcare.v1.dicomweb.service.DeleteStudy";
    private static final String DELETE_SERIES = "google.cloud.healthcare.v1.dicomweb.service.DeleteSeries";

    private StoreResourceHandler() {
    }

    static void storeMetrics(DicomStoreName store, DicomStoreStorage storage, HttpServletResponse resp)
            throws IOException {
        UsageTotals t = storage.index().totals(null, null);
        ApiJson.write(resp, new DicomStoreMetrics().setName(store.toString()).setStudyCount(t.studies())
                .setSeriesCount(t.series()).setInstanceCount(t.instances()).setBlobStorageSizeBytes(t.blobBytes())
                .setStructuredStorageSizeBytes(t.structuredBytes()));
    }

    static void studyMetrics(DicomStoreName store, DicomStoreStorage storage, String study, HttpServletResponse resp)
            throws IOException {
        UsageTotals t = storage.index().totals(study, null);
        if (t.instances() == 0) {
            throw GoogleError.notFound("study not found: " + study);
        }
        ApiJson.write(resp, new StudyMetrics().setStudy(store + "/dicomWeb/studies/" + study)
                .setSeriesCount(t.series()).setInstanceCount(t.instances()).setBlobStorageSizeBytes(t.blobBytes())
                .setStructuredStorageSizeBytes(t.structuredBytes()));
    }

    static void seriesMetrics(DicomStoreName store, DicomStoreStorage storage, String study, String series,
            HttpServletResponse resp) throws IOException {
        UsageTotals t = storage.index().totals(study, series);
        if (t.instances() == 0) {
            throw GoogleError.notFound("series not found: " + series);
        }
        ApiJson.write(resp, new SeriesMetrics().setSeries(store + "/dicomWeb/studies/" + study + "/series/" + series)
                .setInstanceCount(t.instances()).setBlobStorageSizeBytes(t.blobBytes())
                .setStructuredStorageSizeBytes(t.structuredBytes()));
    }

    static void storageInfo(DicomStoreName store, DicomStoreStorage storage, InstanceKey key, HttpServletResponse resp)
            throws IOException {
        StoredInstance si = storage.find(key).orElseThrow(() -> GoogleError.notFound("instance not found: " + key.instance()));
        FileTime modified = Files.getLastModifiedTime(storage.file(key));
        // setBlobStorageSettings records a class; without one the instance is STANDARD since it was stored
        InstanceIndex.StorageClass blob = storage.index().storageClass(key)
                .orElse(new InstanceIndex.StorageClass("STANDARD", modified.toMillis()));
        ApiJson.write(resp, new StorageInfo()
                .setReferencedResource(store + "/dicomWeb/studies/" + key.study() + "/series/" + key.series()
                        + "/instances/" + key.instance())
                .setBlobStorageInfo(new BlobStorageInfo().setSizeBytes(si.size()).setStorageClass(blob.storageClass())
                        .setStorageClassUpdateTime(Instant.ofEpochMilli(blob.updatedAtMillis()).toString()))
                .setStructuredStorageInfo(new StructuredStorageInfo().setSizeBytes((long) si.metadata().length())));
    }

    static void deleteInstance(DicomStoreStorage storage, InstanceKey key, HttpServletResponse resp,
            BiConsumer<StoredInstance, String> onDeleted) throws IOException {
        if (!deleteAndTell(storage, key, onDeleted)) {
            throw GoogleError.notFound("instance not found: " + key.instance());
        }
        ApiJson.write(resp, new Empty());
    }

    /** Deletes one instance and tells {@code onDeleted} what it was (metadata, storage class) just before. */
    private static boolean deleteAndTell(DicomStoreStorage storage, InstanceKey key,
            BiConsumer<StoredInstance, String> onDeleted) throws IOException {
        StoredInstance before = storage.find(key).orElse(null);
        String storageClass = storage.index().storageClass(key).map(InstanceIndex.StorageClass::storageClass)
                .orElse("STANDARD");
        if (before == null || !storage.delete(key)) {
            return false;
        }
        onDeleted.accept(before, storageClass);
        return true;
    }

    /**
     * Deletes a study or series. The deletion itself is done before answering, so that a client that does not wait
     * for the operation still never sees a half-deleted study; the operation is returned done.
     */
    static void deleteStudyOrSeries(DicomStoreName store, DicomStoreStorage storage, Operations operations,
            String study, String series, HttpServletResponse resp, BiConsumer<StoredInstance, String> onDeleted)
            throws IOException {
        List<InstanceKey> keys = storage.index().keys(study, series);
        if (keys.isEmpty()) {
            throw GoogleError.notFound(series == null ? "study not found: " + study : "series not found: " + series);
        }
        for (InstanceKey k : keys) {
            deleteAndTell(storage, k, onDeleted);
        }
        DatasetName dataset = DatasetName.parse(store.datasetName());
        Operation op = operations.completed(dataset, series == null ? DELETE_STUDY : DELETE_SERIES,
                OperationResult.success("type.googleapis.com/google.protobuf.Empty", new Empty()));
        ApiJson.write(resp, op);
    }
}
