package org.dicompipe.emulator.storeevents;

import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomStreamConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dicompipe.emulator.bigquery.BigQueryError;
import org.dicompipe.emulator.bigquery.BigQueryTables;
import org.dicompipe.emulator.bigquery.TableField;
import org.dicompipe.emulator.bigquery.TableRef;
import org.dicompipe.emulator.dicombq.DicomBigQueryRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code streamConfigs}: every change to an instance appends one row to each configured table, as "Stream DICOM
 * metadata to BigQuery" describes. The row is the instance's metadata in the export schema
 * ({@link DicomBigQueryRows}) plus the columns the service adds; {@code Type} is INSERT for a store, an import or a
 * storage class change and DELETE for a delete (deleted instances' rows are never removed). The table is created on
 * first use in an existing dataset and its schema widened when an instance brings attributes it lacks. Each row
 * has an insertId (instance and version), so a change is never written twice. A failure is logged and never fails
 * the change that caused it.
 */
final class BigQueryStreaming {

    private static final Logger LOG = LoggerFactory.getLogger(BigQueryStreaming.class);

    private final BigQueryTables tables;

    /** @param tables the local BigQuery, or null when it is not served (every stream then fails, logged) */
    BigQueryStreaming(BigQueryTables tables) {
        this.tables = tables;
    }

    static boolean wanted(DicomStore store) {
        return store.getStreamConfigs() != null && !store.getStreamConfigs().isEmpty();
    }

    void stream(DicomStore store, StoreEvent event) {
        if (!wanted(store)) {
            return;
        }
        Map<String, Object> row = row(event);
        List<TableField> schema = schema(event);
        String insertId = event.instanceName() + "/" + DicomNotifications.versionId(event.time()) + "/" + rowType(event);
        for (GoogleCloudHealthcareV1DicomStreamConfig config : store.getStreamConfigs()) {
            String uri = config.getBigqueryDestination() == null ? null : config.getBigqueryDestination().getTableUri();
            try {
                if (tables == null) {
                    throw BigQueryError.internal("the local BigQuery is not part of this emulator");
                }
                TableRef table = TableRef.fromUri(String.valueOf(uri));
                tables.ensureTable(table, schema);
                tables.insertRows(table, List.of(row), List.of(insertId));
            } catch (BigQueryError e) {
                // 400s about rows can quote values, which may describe patients: only their reason at WARN
                LOG.warn("could not stream an instance of {} to {}: {} {}", event.store(), uri, e.httpCode(),
                        e.httpCode() == 400 ? e.reason() : e.getMessage());
                LOG.debug("streaming to {} failed", uri, e);
            } catch (RuntimeException e) {
                LOG.warn("could not stream an instance of {} to {}: {}", event.store(), uri, e.getClass().getName());
                LOG.debug("streaming to {} failed", uri, e);
            }
        }
    }

    private static String rowType(StoreEvent event) {
        return event.action() == StoreEvent.Action.DELETE ? DicomBigQueryRows.TYPE_DELETE : DicomBigQueryRows.TYPE_INSERT;
    }

    static Map<String, Object> row(StoreEvent event) {
        DicomBigQueryRows.InstanceFacts facts = new DicomBigQueryRows.InstanceFacts(event.time(), rowType(event),
                event.blobStorageSize(), event.structuredStorageSize(), event.storageClass());
        Map<String, Object> row;
        if (event.metadata() != null) {
            row = DicomBigQueryRows.row(event.metadata(), facts);
        } else {
            row = new LinkedHashMap<>(identity(event));
            row.putAll(DicomBigQueryRows.row(new org.dicompipe.codec.Attributes(), facts));
        }
        if (event.blobStorageSize() < 0) {
            row.put("BlobStorageSize", null);
        }
        if (event.structuredStorageSize() < 0) {
            row.put("StructuredStorageSize", null);
        }
        return row;
    }

    /** The UIDs of an instance whose metadata is gone: enough to tell which instance a DELETE row is about. */
    private static Map<String, Object> identity(StoreEvent event) {
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("StudyInstanceUID", event.key().study());
        ids.put("SeriesInstanceUID", event.key().series());
        ids.put("SOPInstanceUID", event.key().instance());
        return ids;
    }

    static List<TableField> schema(StoreEvent event) {
        if (event.metadata() != null) {
            return DicomBigQueryRows.schema(event.metadata());
        }
        List<TableField> fields = new ArrayList<>();
        for (String name : identity(event).keySet()) {
            fields.add(TableField.of(name, "STRING"));
        }
        fields.addAll(DicomBigQueryRows.serviceFields());
        return fields;
    }
}
