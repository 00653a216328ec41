package org.dicompipe.emulator.transfer;

import com.google.api.services.healthcare.v1.model.ExportDicomDataResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.emulator.bigquery.BigQueryError;
import org.dicompipe.emulator.bigquery.BigQueryTables;
import org.dicompipe.emulator.bigquery.TableField;
import org.dicompipe.emulator.dicombq.DicomBigQueryRows;
import org.dicompipe.emulator.healthcare.operations.OperationProgress;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.OperationTask;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceIndex;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.StoredInstance;

/**
 * dicomStores.export to BigQuery: one row per instance ({@link DicomBigQueryRows}), from the metadata the index
 * keeps (no instance file is opened). Every row is built and the destination checked before the table is touched;
 * the table is created or its schema widened, emptied for WRITE_TRUNCATE, and the rows appended. A missing
 * dataset or a non-empty table under WRITE_EMPTY fails the operation with nothing written.
 */
final class ExportBigQueryTask implements OperationTask {

    private static final int BATCH = 500;

    private final DicomStoreStorage storage;
    private final BigQueryTables tables;
    private final BigQueryExport destination;

    ExportBigQueryTask(DicomStoreStorage storage, BigQueryTables tables, BigQueryExport destination) {
        this.storage = storage;
        this.tables = tables;
        this.destination = destination;
    }

    @Override
    public OperationResult run(OperationProgress progress) throws Exception {
        List<InstanceKey> keys = storage.keys();
        progress.setPending(keys.size());
        List<Map<String, Object>> rows = new ArrayList<>(keys.size());
        List<TableField> schema = List.of();
        long failed = 0;
        for (InstanceKey key : keys) {
            if (progress.isCancelled()) {
                return null;
            }
            try {
                Optional<StoredInstance> si = storage.find(key);
                if (si.isEmpty()) {
                    failed++;
                    continue;
                }
                Attributes metadata = DicomJson.parse(si.get().metadata());
                InstanceIndex.StorageClass blob = storage.index().storageClass(key).orElse(null);
                Instant updated = blob != null ? Instant.ofEpochMilli(blob.updatedAtMillis())
                        : Files.getLastModifiedTime(storage.file(key)).toInstant();
                rows.add(DicomBigQueryRows.row(metadata, new DicomBigQueryRows.InstanceFacts(updated,
                        DicomBigQueryRows.TYPE_INSERT, si.get().size(), si.get().metadata().length(),
                        blob != null ? blob.storageClass() : StorageClasses.STANDARD)));
                schema = DicomBigQueryRows.merge(schema, DicomBigQueryRows.schema(metadata));
            } catch (IOException | RuntimeException e) {
                failed++;
            }
        }
        schema = DicomBigQueryRows.merge(schema, DicomBigQueryRows.serviceFields());
        try {
            writeRows(rows, schema);
        } catch (BigQueryError e) {
            throw asGoogleError(e);
        }
        progress.add(rows.size(), failed);
        return OperationResult.success(ExportGcsTask.RESPONSE_TYPE, new ExportDicomDataResponse());
    }

    private void writeRows(List<Map<String, Object>> rows, List<TableField> schema) {
        boolean existed = tables.exists(destination.table());
        if (existed && destination.disposition() == BigQueryExport.Disposition.WRITE_EMPTY
                && tables.rowCount(destination.table()) > 0) {
            throw GoogleError.failedPrecondition("bigqueryDestination: table " + destination.table()
                    + " is not empty; set writeDisposition WRITE_TRUNCATE or WRITE_APPEND (or force)");
        }
        // 404 here when the BigQuery dataset does not exist: nothing has been written yet
        tables.ensureTable(destination.table(), schema);
        if (existed && destination.disposition() == BigQueryExport.Disposition.WRITE_TRUNCATE) {
            tables.truncate(destination.table());
        }
        for (int from = 0; from < rows.size(); from += BATCH) {
            tables.insertRows(destination.table(), rows.subList(from, Math.min(rows.size(), from + BATCH)));
        }
    }

    private static GoogleError asGoogleError(BigQueryError e) {
        String message = "bigqueryDestination: " + e.getMessage();
        return switch (e.httpCode()) {
            case 404 -> GoogleError.notFound(message);
            case 400 -> GoogleError.invalidArgument(message);
            case 409 -> GoogleError.alreadyExists(message);
            default -> GoogleError.internal(message);
        };
    }
}
