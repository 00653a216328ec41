package org.dicompipe.emulator.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tabledata.insertAll and tabledata.list through the official client, checked against the rows sent. */
class BigQueryStreamingTest {

    @TempDir
    Path dataDir;

    private LocalBigQuery local;
    private BigQuery bq;
    private final TableId table = TableId.of("ds", "patients");

    @BeforeEach
    void start() throws Exception {
        local = LocalBigQuery.start(dataDir);
        bq = local.client;
        bq.create(DatasetInfo.of("ds"));
        bq.create(TableInfo.of(table, StandardTableDefinition.of(BigQueryCatalogTest.NESTED)));
    }

    @AfterEach
    void stop() throws Exception {
        local.close();
    }

    private static Map<String, Object> patient(int id) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("name", "patient-" + id);
        row.put("tags", id % 3 == 0 ? List.of() : List.of("t" + (id % 5), "u" + (id % 2)));
        row.put("address", Map.of("city", "city-" + (id % 4), "lines", List.of("line " + id)));
        List<Map<String, Object>> visits = new ArrayList<>();
        for (int v = 0; v < id % 3; v++) {
            visits.add(Map.of("day", "2024-0" + (v + 1) + "-1" + v, "cost", id * 1.5 + v,
                    "codes", List.of(Map.of("system", "sys", "code", "c" + v))));
        }
        row.put("visits", visits);
        row.put("seen", "2024-05-06T07:08:09." + String.format("%06d", id) + "Z");
        return row;
    }

    @Test
    void insertIdsDeduplicateWithinAndAcrossRequests() {
        InsertAllResponse first = bq.insertAll(InsertAllRequest.newBuilder(table)
                .addRow("a", patient(1)).addRow("b", patient(2)).addRow("a", patient(1)).build());
        assertFalse(first.hasErrors());
        InsertAllResponse again = bq.insertAll(InsertAllRequest.newBuilder(table)
                .addRow("b", patient(2)).addRow("c", patient(3)).build());
        assertFalse(again.hasErrors());
        // rows without insertId are never de-duplicated
        bq.insertAll(InsertAllRequest.newBuilder(table).addRow(patient(4)).addRow(patient(4)).build());

        List<Long> ids = new ArrayList<>();
        bq.listTableData(table, BigQueryCatalogTest.NESTED).iterateAll()
                .forEach(r -> ids.add(r.get("id").getLongValue()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 4L), ids);
    }

    @Test
    void rowsThatDoNotFitAreReportedPerRowAndNothingIsWritten() {
        Map<String, Object> unknownField = new HashMap<>(patient(2));
        unknownField.put("colour", "red");
        Map<String, Object> badInteger = new HashMap<>(patient(3));
        badInteger.put("id", "three");
        Map<String, Object> missingRequired = new HashMap<>(patient(4));
        missingRequired.remove("id");
        InsertAllRequest.Builder builder = InsertAllRequest.newBuilder(table)
                .addRow(patient(1)).addRow(unknownField).addRow(badInteger).addRow(missingRequired);
        InsertAllRequest request = builder.build();

        InsertAllResponse response = bq.insertAll(request);
        Map<Long, List<BigQueryError>> errors = response.getInsertErrors();
        assertEquals(4, errors.size(), errors.toString());
        assertEquals("stopped", errors.get(0L).get(0).getReason());
        assertEquals("invalid", errors.get(1L).get(0).getReason());
        assertEquals("colour", errors.get(1L).get(0).getLocation());
        assertTrue(errors.get(1L).get(0).getMessage().contains("no such field"), errors.toString());
        assertEquals("id", errors.get(2L).get(0).getLocation());
        assertTrue(errors.get(3L).get(0).getMessage().contains("Missing required field: id"), errors.toString());
        assertEquals(0L, bq.listTableData(table).getTotalRows(), "a refused request writes nothing");

        InsertAllResponse skipping = bq.insertAll(builder.setSkipInvalidRows(true).build());
        assertEquals(3, skipping.getInsertErrors().size());
        assertNull(skipping.getErrorsFor(0));
        assertEquals(1L, bq.listTableData(table).getTotalRows());

        com.google.cloud.bigquery.BigQueryException missing = org.junit.jupiter.api.Assertions.assertThrows(
                com.google.cloud.bigquery.BigQueryException.class, () -> bq.insertAll(InsertAllRequest.newBuilder(
                        TableId.of("ds", "absent")).addRow(patient(1)).build()));
        assertEquals(404, missing.getCode());
        com.google.cloud.bigquery.BigQueryException badToken = org.junit.jupiter.api.Assertions.assertThrows(
                com.google.cloud.bigquery.BigQueryException.class, () -> bq.listTableData(table,
                        BigQuery.TableDataListOption.pageToken("not-a-token")));
        assertEquals(400, badToken.getCode());

        InsertAllResponse ignoring = bq.insertAll(InsertAllRequest.newBuilder(table).addRow(unknownField)
                .setIgnoreUnknownValues(true).build());
        assertFalse(ignoring.hasErrors());
        assertEquals(2L, bq.listTableData(table).getTotalRows());

        Map<String, Object> notAnArray = new HashMap<>(patient(5));
        notAnArray.put("tags", "single");
        Map<String, Object> nestedUnknown = new HashMap<>(patient(6));
        nestedUnknown.put("address", Map.of("city", "x", "planet", "earth"));
        InsertAllResponse nested = bq.insertAll(InsertAllRequest.newBuilder(table).addRow(notAnArray)
                .addRow(nestedUnknown).build());
        assertEquals("tags", nested.getErrorsFor(0).get(0).getLocation());
        assertEquals("address.planet", nested.getErrorsFor(1).get(0).getLocation());
        assertEquals(2L, bq.listTableData(table).getTotalRows());
    }

    @Test
    void listsValuesInBigQueryShapeWithPagingStartIndexAndSelectedFields() throws Exception {
        int count = 2500;
        for (int from = 1; from <= count; from += 500) {
            InsertAllRequest.Builder b = InsertAllRequest.newBuilder(table);
            for (int id = from; id < from + 500; id++) {
                b.addRow("row-" + id, patient(id));
            }
            assertFalse(bq.insertAll(b.build()).hasErrors());
        }

        TableResult page = bq.listTableData(table, BigQueryCatalogTest.NESTED, BigQuery.TableDataListOption.pageSize(1000));
        assertEquals(count, page.getTotalRows());
        assertEquals(1000, count(page));
        int pages = 0;
        int seen = 0;
        while (page != null) {
            pages++;
            for (FieldValueList row : page.getValues()) {
                seen++;
                assertPatient(seen, row);
            }
            page = page.hasNextPage() ? page.getNextPage() : null;
        }
        // the client asks for later pages without the page size, so the server picks their size
        assertTrue(pages >= 2, "pages: " + pages);
        assertEquals(count, seen);

        TableResult fromIndex = bq.listTableData(table, BigQueryCatalogTest.NESTED,
                BigQuery.TableDataListOption.startIndex(2490), BigQuery.TableDataListOption.pageSize(5));
        List<Long> ids = new ArrayList<>();
        fromIndex.getValues().forEach(r -> ids.add(r.get("id").getLongValue()));
        assertEquals(List.of(2491L, 2492L, 2493L, 2494L, 2495L), ids);

        // the raw wire shape: every scalar a string, records as {"f":[...]}, arrays of {"v":...},
        // TIMESTAMP as epoch seconds in scientific notation
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                local.server.baseUrl() + "bigquery/v2/projects/test-project/datasets/ds/tables/patients/data"
                        + "?maxResults=1&startIndex=1&selectedFields=id,address.city,visits,seen")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, raw.statusCode(), raw.body());
        JsonObject body = JsonParser.parseString(raw.body()).getAsJsonObject();
        assertEquals("2500", body.get("totalRows").getAsString());
        JsonArray f = body.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("f");
        assertEquals(4, f.size());
        assertEquals("2", f.get(0).getAsJsonObject().get("v").getAsString());
        JsonArray address = f.get(1).getAsJsonObject().getAsJsonObject("v").getAsJsonArray("f");
        assertEquals(1, address.size(), "only the selected sub-field");
        assertEquals("city-2", address.get(0).getAsJsonObject().get("v").getAsString());
        JsonArray visits = f.get(2).getAsJsonObject().getAsJsonArray("v");
        assertEquals(2, visits.size());
        JsonArray visit = visits.get(1).getAsJsonObject().getAsJsonObject("v").getAsJsonArray("f");
        assertEquals("2024-02-11", visit.get(0).getAsJsonObject().get("v").getAsString());
        assertEquals(Double.toString(2 * 1.5 + 1), visit.get(1).getAsJsonObject().get("v").getAsString());
        assertEquals("1.714979289000002E9", f.get(3).getAsJsonObject().get("v").getAsString());
    }

    private static int count(TableResult page) {
        int n = 0;
        for (FieldValueList ignored : page.getValues()) {
            n++;
        }
        return n;
    }

    private static void assertPatient(int id, FieldValueList row) {
        Map<String, Object> expected = patient(id);
        assertEquals(id, row.get("id").getLongValue());
        assertEquals(expected.get("name"), row.get("name").getStringValue());
        List<String> tags = new ArrayList<>();
        row.get("tags").getRepeatedValue().forEach(v -> tags.add(v.getStringValue()));
        assertEquals(expected.get("tags"), tags);
        FieldValueList address = row.get("address").getRecordValue();
        assertEquals("city-" + (id % 4), address.get("city").getStringValue());
        assertEquals("line " + id, address.get("lines").getRepeatedValue().get(0).getStringValue());
        List<FieldValue> visits = row.get("visits").getRepeatedValue();
        assertEquals(id % 3, visits.size());
        for (int v = 0; v < visits.size(); v++) {
            // the client keeps no field names for records inside arrays: by position (day, cost, codes)
            FieldValueList visit = visits.get(v).getRecordValue();
            assertEquals("2024-0" + (v + 1) + "-1" + v, visit.get(0).getStringValue());
            assertEquals(id * 1.5 + v, visit.get(1).getDoubleValue());
            FieldValueList code = visit.get(2).getRepeatedValue().get(0).getRecordValue();
            assertEquals("c" + v, code.get(1).getStringValue());
        }
        Instant seen = Instant.parse("2024-05-06T07:08:09Z").plusNanos(id * 1000L);
        assertEquals(seen, row.get("seen").getTimestampInstant());
    }

    @Test
    void bytesNumericDatesAndTimesRoundTrip() {
        TableId types = TableId.of("ds", "types");
        Schema schema = Schema.of(Field.of("b", StandardSQLTypeName.BYTES), Field.of("n", StandardSQLTypeName.NUMERIC),
                Field.of("d", StandardSQLTypeName.DATE), Field.of("t", StandardSQLTypeName.TIME),
                Field.of("dt", StandardSQLTypeName.DATETIME), Field.of("ok", StandardSQLTypeName.BOOL),
                Field.of("f", StandardSQLTypeName.FLOAT64), Field.of("ts", StandardSQLTypeName.TIMESTAMP));
        bq.create(TableInfo.of(types, StandardTableDefinition.of(schema)));
        byte[] bytes = {0, 1, (byte) 0xff, 42};
        Map<String, Object> row = new HashMap<>();
        row.put("b", Base64.getEncoder().encodeToString(bytes));
        row.put("n", "12345.678900000");
        row.put("d", "1999-12-31");
        row.put("t", "23:59:58.5");
        row.put("dt", "2020-02-29 10:11:12.000007");
        row.put("ok", true);
        row.put("f", "NaN");
        row.put("ts", 1.5);
        assertFalse(bq.insertAll(InsertAllRequest.newBuilder(types).addRow(row).build()).hasErrors());
        FieldValueList r = bq.listTableData(types, schema).getValues().iterator().next();
        assertEquals(List.of(0, 1, 0xff, 42), List.of(r.get("b").getBytesValue()[0] & 0xff,
                r.get("b").getBytesValue()[1] & 0xff, r.get("b").getBytesValue()[2] & 0xff,
                r.get("b").getBytesValue()[3] & 0xff));
        assertEquals(new java.math.BigDecimal("12345.6789"), r.get("n").getNumericValue());
        assertEquals("1999-12-31", r.get("d").getStringValue());
        assertEquals("23:59:58.500000", r.get("t").getStringValue());
        assertEquals("2020-02-29T10:11:12.000007", r.get("dt").getStringValue());
        assertTrue(r.get("ok").getBooleanValue());
        assertTrue(Double.isNaN(r.get("f").getDoubleValue()));
        assertEquals(1_500_000L, r.get("ts").getTimestampValue());
    }
}
