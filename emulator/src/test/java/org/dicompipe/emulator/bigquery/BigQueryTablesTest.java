package org.dicompipe.emulator.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API other features use, observed through the official client. */
class BigQueryTablesTest {

    @TempDir
    Path dataDir;

    @Test
    void ensureTableMergesSchemasAndInsertRowsIsAllOrNothing() throws Exception {
        try (LocalBigQuery local = LocalBigQuery.start(dataDir)) {
            BigQueryTables tables = local.tables();
            TableRef ref = TableRef.fromUri("bq://test-project.dicom.metadata");
            BigQueryError noDataset = assertThrows(BigQueryError.class,
                    () -> tables.ensureTable(ref, List.of(TableField.of("StudyInstanceUID", "STRING"))));
            assertEquals(404, noDataset.httpCode());

            tables.ensureDataset("test-project", "dicom");
            tables.ensureDataset("test-project", "dicom"); // idempotent
            List<TableField> v1 = List.of(TableField.of("StudyInstanceUID", "STRING"),
                    TableField.record("ReferencedSeriesSequence", "REPEATED",
                            List.of(TableField.of("SeriesInstanceUID", "STRING"))),
                    TableField.of("LastUpdated", "TIMESTAMP"));
            assertEquals(v1, tables.ensureTable(ref, v1));

            Map<String, Object> row = new HashMap<>();
            row.put("StudyInstanceUID", "1.2.3");
            row.put("ReferencedSeriesSequence", List.of(Map.of("SeriesInstanceUID", "1.2.3.4"),
                    Map.of("SeriesInstanceUID", "1.2.3.5")));
            row.put("LastUpdated", Instant.parse("2025-01-02T03:04:05.678901Z"));
            assertEquals(1, tables.insertRows(ref, List.of(row)));

            // a later instance brings a new attribute and a new nested one: the table grows, old rows stay
            List<TableField> v2 = List.of(TableField.of("StudyInstanceUID", "STRING"),
                    TableField.of("Modality", "STRING"),
                    TableField.record("ReferencedSeriesSequence", "REPEATED",
                            List.of(TableField.of("SeriesInstanceUID", "STRING"), TableField.of("SeriesDate", "DATE"))));
            List<TableField> merged = tables.ensureTable(ref, v2);
            assertEquals(List.of("StudyInstanceUID", "ReferencedSeriesSequence", "LastUpdated", "Modality"),
                    merged.stream().map(TableField::name).toList());
            assertEquals(2, merged.get(1).fields().size());
            Map<String, Object> second = new HashMap<>();
            second.put("StudyInstanceUID", "9.8.7");
            second.put("Modality", "CT");
            second.put("ReferencedSeriesSequence", List.of(Map.of("SeriesInstanceUID", "9.8.7.6",
                    "SeriesDate", LocalDate.of(2020, 5, 6))));
            tables.insertRows(ref, List.of(second));

            Map<String, Object> bad = new HashMap<>();
            bad.put("StudyInstanceUID", "5.5.5");
            bad.put("NoSuchColumn", "x");
            BigQueryError refused = assertThrows(BigQueryError.class, () -> tables.insertRows(ref, List.of(second, bad)));
            assertEquals(400, refused.httpCode());
            assertTrue(refused.getMessage().contains("NoSuchColumn"), refused.getMessage());
            assertEquals(2, tables.rowCount(ref), "nothing of a refused batch is written");

            List<FieldValueList> rows = new java.util.ArrayList<>();
            local.client.query(QueryJobConfiguration.newBuilder(
                    "SELECT StudyInstanceUID, Modality, s.SeriesInstanceUID, s.SeriesDate, LastUpdated"
                            + " FROM dicom.metadata, UNNEST(ReferencedSeriesSequence) AS s ORDER BY s.SeriesInstanceUID")
                    .build()).iterateAll().forEach(rows::add);
            assertEquals(3, rows.size());
            assertEquals("1.2.3.4", rows.get(0).get("SeriesInstanceUID").getStringValue());
            assertTrue(rows.get(0).get("Modality").isNull());
            assertEquals(Instant.parse("2025-01-02T03:04:05.678901Z"), rows.get(0).get("LastUpdated").getTimestampInstant());
            assertEquals("2020-05-06", rows.get(2).get("SeriesDate").getStringValue());
            assertEquals("CT", rows.get(2).get("Modality").getStringValue());

            tables.truncate(ref);
            assertEquals(0, local.client.listTableData(TableId.of("dicom", "metadata")).getTotalRows());
            assertEquals(4, local.client.getTable(TableId.of("dicom", "metadata")).getDefinition().getSchema()
                    .getFields().size());
        }
    }
}
