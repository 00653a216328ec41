package org.dicompipe.emulator.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets and tables through the official client: create, get, list, delete, schema updates, errors. */
class BigQueryCatalogTest {

    @TempDir
    Path dataDir;

    private LocalBigQuery local;
    private BigQuery bq;

    static final Schema NESTED = Schema.of(
            Field.newBuilder("id", StandardSQLTypeName.INT64).setMode(Field.Mode.REQUIRED).build(),
            Field.of("name", StandardSQLTypeName.STRING),
            Field.newBuilder("tags", StandardSQLTypeName.STRING).setMode(Field.Mode.REPEATED).build(),
            Field.newBuilder("address", StandardSQLTypeName.STRUCT,
                    Field.of("city", StandardSQLTypeName.STRING),
                    Field.newBuilder("lines", StandardSQLTypeName.STRING).setMode(Field.Mode.REPEATED).build())
                    .build(),
            Field.newBuilder("visits", StandardSQLTypeName.STRUCT,
                    Field.of("day", StandardSQLTypeName.DATE),
                    Field.of("cost", StandardSQLTypeName.FLOAT64),
                    Field.newBuilder("codes", StandardSQLTypeName.STRUCT,
                            Field.of("system", StandardSQLTypeName.STRING),
                            Field.of("code", StandardSQLTypeName.STRING)).setMode(Field.Mode.REPEATED).build())
                    .setMode(Field.Mode.REPEATED).build(),
            Field.of("seen", StandardSQLTypeName.TIMESTAMP));

    @BeforeEach
    void start() throws Exception {
        local = LocalBigQuery.start(dataDir);
        bq = local.client;
    }

    @AfterEach
    void stop() throws Exception {
        local.close();
    }

    @Test
    void createsAndReadsBackANestedRepeatedSchema() {
        Dataset dataset = bq.create(DatasetInfo.newBuilder("clinic").setDescription("test data").build());
        assertEquals("clinic", dataset.getDatasetId().getDataset());
        assertEquals(LocalBigQuery.PROJECT, dataset.getDatasetId().getProject());

        bq.create(TableInfo.of(TableId.of("clinic", "patients"), StandardTableDefinition.of(NESTED)));
        Table table = bq.getTable(TableId.of("clinic", "patients"));
        Schema schema = table.getDefinition().getSchema();

        assertEquals(6, schema.getFields().size());
        assertEquals(LegacySQLTypeName.INTEGER, schema.getFields().get("id").getType());
        assertEquals(Field.Mode.REQUIRED, schema.getFields().get("id").getMode());
        assertEquals(Field.Mode.REPEATED, schema.getFields().get("tags").getMode());
        Field visits = schema.getFields().get("visits");
        assertEquals(LegacySQLTypeName.RECORD, visits.getType());
        assertEquals(Field.Mode.REPEATED, visits.getMode());
        Field codes = visits.getSubFields().get("codes");
        assertEquals(Field.Mode.REPEATED, codes.getMode());
        assertEquals(List.of("system", "code"), codes.getSubFields().stream().map(Field::getName).toList());
        assertEquals(LegacySQLTypeName.TIMESTAMP, schema.getFields().get("seen").getType());
        assertEquals(0L, ((StandardTableDefinition) table.getDefinition()).getNumRows());

        List<String> tables = new ArrayList<>();
        bq.listTables("clinic").iterateAll().forEach(t -> tables.add(t.getTableId().getTable()));
        assertEquals(List.of("patients"), tables);
        List<String> datasets = new ArrayList<>();
        bq.listDatasets().iterateAll().forEach(d -> datasets.add(d.getDatasetId().getDataset()));
        assertEquals(List.of("clinic"), datasets);
    }

    @Test
    void missingResourcesAreNotFoundAndDuplicatesConflict() throws Exception {
        assertNull(bq.getDataset("nope"));
        assertNull(bq.getTable(TableId.of("nope", "t")));
        assertFalse(bq.delete(TableId.of("nope", "t")));

        bq.create(DatasetInfo.of("ds"));
        BigQueryException dup = assertThrows(BigQueryException.class, () -> bq.create(DatasetInfo.of("ds")));
        assertEquals(409, dup.getCode());
        assertEquals("duplicate", dup.getReason());

        bq.create(TableInfo.of(TableId.of("ds", "t"), StandardTableDefinition.of(NESTED)));
        BigQueryException dupTable = assertThrows(BigQueryException.class,
                () -> bq.create(TableInfo.of(TableId.of("ds", "t"), StandardTableDefinition.of(NESTED))));
        assertEquals(409, dupTable.getCode());

        BigQueryException missingDataset = assertThrows(BigQueryException.class,
                () -> bq.create(TableInfo.of(TableId.of("absent", "t"), StandardTableDefinition.of(NESTED))));
        assertEquals(404, missingDataset.getCode());
        assertEquals("notFound", missingDataset.getReason());

        // the raw error body has BigQuery's shape: code, message, errors[].reason, status
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(local.server.baseUrl() + "bigquery/v2/projects/test-project/datasets/ds/tables/missing"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, raw.statusCode());
        JsonObject error = JsonParser.parseString(raw.body()).getAsJsonObject().getAsJsonObject("error");
        assertEquals(404, error.get("code").getAsInt());
        assertEquals("NOT_FOUND", error.get("status").getAsString());
        assertEquals("notFound", error.getAsJsonArray("errors").get(0).getAsJsonObject().get("reason").getAsString());
        assertTrue(error.get("message").getAsString().contains("test-project:ds.missing"), error.toString());
    }

    @Test
    void invalidSchemasAndNamesAreRejectedWithoutCreatingAnything() {
        bq.create(DatasetInfo.of("ds"));
        Schema badField = Schema.of(Field.of("bad-name", StandardSQLTypeName.STRING));
        BigQueryException e = assertThrows(BigQueryException.class,
                () -> bq.create(TableInfo.of(TableId.of("ds", "t"), StandardTableDefinition.of(badField))));
        assertEquals(400, e.getCode());
        assertEquals("invalid", e.getReason());
        Schema duplicate = Schema.of(Field.of("a", StandardSQLTypeName.STRING), Field.of("A", StandardSQLTypeName.INT64));
        assertEquals(400, assertThrows(BigQueryException.class,
                () -> bq.create(TableInfo.of(TableId.of("ds", "t"), StandardTableDefinition.of(duplicate)))).getCode());
        assertNull(bq.getTable(TableId.of("ds", "t")));
        assertEquals(400, assertThrows(BigQueryException.class, () -> bq.create(DatasetInfo.of("bad-dataset"))).getCode());
        BigQueryException noSchema = assertThrows(BigQueryException.class,
                () -> bq.create(TableInfo.of(TableId.of("ds", "empty"), StandardTableDefinition.newBuilder().build())));
        assertEquals(400, noSchema.getCode());
        assertTrue(noSchema.getMessage().contains("without a schema"), noSchema.getMessage());
        Schema bigNumeric = Schema.of(Field.of("n", StandardSQLTypeName.BIGNUMERIC));
        BigQueryException unsupportedType = assertThrows(BigQueryException.class,
                () -> bq.create(TableInfo.of(TableId.of("ds", "big"), StandardTableDefinition.of(bigNumeric))));
        assertTrue(unsupportedType.getMessage().contains("BIGNUMERIC"), unsupportedType.getMessage());
    }

    @Test
    void deletingADatasetNeedsDeleteContentsWhenItHasTables() {
        bq.create(DatasetInfo.of("ds"));
        bq.create(TableInfo.of(TableId.of("ds", "t"), StandardTableDefinition.of(NESTED)));
        BigQueryException inUse = assertThrows(BigQueryException.class, () -> bq.delete(DatasetId.of("ds")));
        assertEquals(400, inUse.getCode());
        assertEquals("resourceInUse", inUse.getReason());
        assertTrue(bq.getTable(TableId.of("ds", "t")) != null, "nothing deleted after the refusal");

        assertTrue(bq.delete(DatasetId.of("ds"), BigQuery.DatasetDeleteOption.deleteContents()));
        assertNull(bq.getDataset("ds"));
        assertNull(bq.getTable(TableId.of("ds", "t")));
        // the name can be reused, and the new table starts empty
        bq.create(DatasetInfo.of("ds"));
        bq.create(TableInfo.of(TableId.of("ds", "t"), StandardTableDefinition.of(NESTED)));
        assertEquals(0L, bq.listTableData(TableId.of("ds", "t")).getTotalRows());
    }

    @Test
    void schemaUpdateAddsColumnsAndNestedFieldsKeepingRows() {
        bq.create(DatasetInfo.of("ds"));
        TableId id = TableId.of("ds", "t");
        Schema v1 = Schema.of(Field.of("id", StandardSQLTypeName.INT64),
                Field.newBuilder("rec", StandardSQLTypeName.STRUCT, Field.of("a", StandardSQLTypeName.STRING))
                        .setMode(Field.Mode.REPEATED).build());
        bq.create(TableInfo.of(id, StandardTableDefinition.of(v1)));
        bq.insertAll(InsertAllRequest.newBuilder(id)
                .addRow(Map.of("id", 1, "rec", List.of(Map.of("a", "x"), Map.of("a", "y")))).build());

        Schema v2 = Schema.of(Field.of("id", StandardSQLTypeName.INT64),
                Field.newBuilder("rec", StandardSQLTypeName.STRUCT, Field.of("a", StandardSQLTypeName.STRING),
                        Field.of("b", StandardSQLTypeName.INT64)).setMode(Field.Mode.REPEATED).build(),
                Field.of("note", StandardSQLTypeName.STRING));
        Table updated = bq.getTable(id).toBuilder().setDefinition(StandardTableDefinition.of(v2)).build().update();
        assertEquals(3, updated.getDefinition().getSchema().getFields().size());

        bq.insertAll(InsertAllRequest.newBuilder(id)
                .addRow(Map.of("id", 2, "rec", List.of(Map.of("a", "z", "b", 7)), "note", "new")).build());
        TableResult rows = bq.listTableData(id, v2);
        List<FieldValueList> list = new ArrayList<>();
        rows.iterateAll().forEach(list::add);
        assertEquals(2, list.size());
        FieldValueList first = list.get(0);
        assertEquals(1L, first.get("id").getLongValue());
        assertTrue(first.get("note").isNull());
        assertEquals("y", first.get("rec").getRepeatedValue().get(1).getRecordValue().get(0).getStringValue());
        assertTrue(first.get("rec").getRepeatedValue().get(1).getRecordValue().get(1).isNull());
        FieldValueList second = list.get(1);
        assertEquals(7L, second.get("rec").getRepeatedValue().get(0).getRecordValue().get(1).getLongValue());
        assertEquals("new", second.get("note").getStringValue());

        Schema changedType = Schema.of(Field.of("id", StandardSQLTypeName.STRING));
        BigQueryException e = assertThrows(BigQueryException.class,
                () -> bq.getTable(id).toBuilder().setDefinition(StandardTableDefinition.of(changedType)).build().update());
        assertEquals(400, e.getCode());
        assertEquals(3, bq.getTable(id).getDefinition().getSchema().getFields().size(), "schema unchanged after refusal");
    }
}
