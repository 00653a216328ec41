package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local BigQuery as a Java API for the other emulator features (DICOM store streamConfigs,
 * export to BigQuery). Same catalog and rules as the REST API: what is written here is what
 * {@code tabledata.list} and queries see. Errors are {@link BigQueryError}s (404 for a missing
 * dataset or table, 400 for rows that do not fit the schema).
 */
public final class BigQueryTables {

    /** Rows that were refused, by index in the request, with BigQuery's message. */
    public record InsertResult(int inserted, Map<Integer, String> errors, Map<Integer, String> locations) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final BigQueryStore store;
    private final InsertIds insertIds;

    BigQueryTables(BigQueryStore store, InsertIds insertIds) {
        this.store = store;
        this.insertIds = insertIds;
    }

    /** Creates the dataset unless it exists. */
    public void ensureDataset(String project, String dataset) {
        TableRef.checkProject(project);
        TableRef.checkDataset(dataset);
        sql(() -> {
            synchronized (store) {
                if (store.dataset(project, dataset).isEmpty()) {
                    store.insertDataset(project, dataset, Resources.dataset(project, dataset, new JsonObject(), null),
                            false);
                }
            }
            return null;
        });
    }

    public boolean exists(TableRef table) {
        return sql(() -> store.table(table).isPresent());
    }

    public Optional<List<TableField>> schema(TableRef table) {
        return sql(() -> store.table(table).map(BigQueryStore.StoredTable::schema));
    }

    /**
     * Creates the table with this schema if absent (its dataset must exist), otherwise adds the
     * fields it lacks (also inside records), as BigQuery's schema update allows. Returns the schema in force.
     */
    public List<TableField> ensureTable(TableRef table, List<TableField> schema) {
        return sql(() -> {
            synchronized (store) {
                Optional<BigQueryStore.StoredTable> existing = store.table(table);
                if (existing.isEmpty()) {
                    JsonObject resource = Resources.table(table, new JsonObject(), null);
                    JsonObject schemaJson = new JsonObject();
                    schemaJson.add("fields", TableField.toJson(schema));
                    resource.add("schema", schemaJson);
                    store.createTable(table, resource, schema);
                    return schema;
                }
                BigQueryStore.StoredTable stored = existing.get();
                List<TableField> merged = merge(stored.schema(), schema);
                if (!merged.equals(stored.schema())) {
                    JsonObject resource = stored.resource().deepCopy();
                    JsonObject schemaJson = new JsonObject();
                    schemaJson.add("fields", TableField.toJson(merged));
                    resource.add("schema", schemaJson);
                    resource.addProperty("lastModifiedTime", Long.toString(System.currentTimeMillis()));
                    store.updateTable(stored, resource, merged);
                }
                return merged;
            }
        });
    }

    /** The old fields, then the new fields the old schema lacks (added fields become NULLABLE/REPEATED). */
    static List<TableField> merge(List<TableField> old, List<TableField> wanted) {
        List<TableField> result = new ArrayList<>();
        for (TableField f : old) {
            TableField w = TableField.find(wanted, f.name());
            if (w != null && f.isRecord() && w.isRecord()) {
                result.add(new TableField(f.name(), f.type(), f.mode(), merge(f.fields(), w.fields())));
            } else {
                result.add(f);
            }
        }
        for (TableField w : wanted) {
            if (TableField.find(old, w.name()) == null) {
                result.add(w.mode().equals("REQUIRED") ? new TableField(w.name(), w.type(), "NULLABLE", w.fields()) : w);
            }
        }
        return result;
    }

    /**
     * Appends rows all-or-nothing: if one row does not fit the schema nothing is written and a 400
     * {@link BigQueryError} names the first problem. Values may be String, Number, Boolean,
     * byte[], Instant/OffsetDateTime (TIMESTAMP), LocalDate, LocalDateTime, LocalTime, BigDecimal,
     * Map (RECORD) and List (REPEATED).
     */
    public int insertRows(TableRef table, List<Map<String, Object>> rows) {
        return insertRows(table, rows, null);
    }

    /**
     * As {@link #insertRows(TableRef, List)}, with an insertId per row (null for none): a row whose insertId was
     * seen for this table within the de-duplication window is dropped, as in {@code tabledata.insertAll}.
     */
    public int insertRows(TableRef table, List<Map<String, Object>> rows, List<String> insertIds) {
        JsonArray jsonRows = new JsonArray();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = new JsonObject();
            if (insertIds != null && insertIds.get(i) != null) {
                r.addProperty("insertId", insertIds.get(i));
            }
            r.add("json", toJson(rows.get(i)));
            jsonRows.add(r);
        }
        InsertResult result = insertAll(table, jsonRows, false, false);
        if (!result.ok()) {
            Map.Entry<Integer, String> first = result.errors().entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty()).findFirst().orElseThrow();
            throw BigQueryError.invalid("Row " + first.getKey() + ": " + first.getValue());
        }
        return result.inserted();
    }

    public long rowCount(TableRef table) {
        return sql(() -> store.rowCount(store.requireTable(table)));
    }

    /** Removes all rows, keeping the table and its schema (WRITE_TRUNCATE). */
    public void truncate(TableRef table) {
        sql(() -> {
            BigQueryStore.StoredTable t = store.requireTable(table);
            store.truncate(t);
            insertIds.forget(t.storage());
            return null;
        });
    }

    public void deleteTable(TableRef table) {
        sql(() -> {
            store.deleteTable(table);
            return null;
        });
    }

    /** {@code tabledata.insertAll}: rows as {@code {"insertId":..,"json":{..}}}. */
    InsertResult insertAll(TableRef table, JsonArray rows, boolean skipInvalidRows, boolean ignoreUnknownValues) {
        return sql(() -> {
            synchronized (store) {
                BigQueryStore.StoredTable t = store.requireTable(table);
                List<TableField> schema = t.schema();
                Map<Integer, String> errors = new LinkedHashMap<>();
                Map<Integer, String> locations = new LinkedHashMap<>();
                List<List<Object>> tuples = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                java.util.Set<String> inRequest = new java.util.HashSet<>();
                for (int k = 0; k < rows.size(); k++) {
                    JsonElement element = rows.get(k);
                    if (!element.isJsonObject() || !element.getAsJsonObject().has("json")
                            || !element.getAsJsonObject().get("json").isJsonObject()) {
                        errors.put(k, "Row " + k + " has no json object");
                        continue;
                    }
                    JsonObject row = element.getAsJsonObject();
                    String insertId = row.has("insertId") && !row.get("insertId").isJsonNull()
                            ? row.get("insertId").getAsString() : "";
                    if (!insertId.isEmpty() && (inRequest.contains(insertId) || insertIds.seen(t.storage(), insertId))) {
                        continue;
                    }
                    try {
                        tuples.add(RowValues.of(row.getAsJsonObject("json"), schema, ignoreUnknownValues));
                        if (!insertId.isEmpty()) {
                            inRequest.add(insertId);
                            ids.add(insertId);
                        }
                    } catch (SqlLiterals.InvalidValue e) {
                        errors.put(k, e.getMessage());
                        locations.put(k, e.location());
                    } catch (IllegalArgumentException e) {
                        errors.put(k, e.getMessage());
                    }
                }
                if (!errors.isEmpty() && !skipInvalidRows) {
                    Map<Integer, String> all = new LinkedHashMap<>();
                    for (int k = 0; k < rows.size(); k++) {
                        all.put(k, errors.getOrDefault(k, ""));
                    }
                    return new InsertResult(0, all, locations);
                }
                store.appendRows(t, schema, tuples);
                ids.forEach(id -> insertIds.remember(t.storage(), id));
                return new InsertResult(tuples.size(), errors, locations);
            }
        });
    }

    static JsonElement toJson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof JsonElement e) {
            return e;
        }
        if (value instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof BigDecimal d) {
            return new JsonPrimitive(d.toPlainString());
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof byte[] bytes) {
            return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
            long micros = CellWriter.micros(value);
            return new JsonPrimitive(java.math.BigDecimal.valueOf(micros, 6).toPlainString());
        }
        if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof LocalTime) {
            return new JsonPrimitive(value.toString());
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            map.forEach((k, v) -> o.add(String.valueOf(k), toJson(v)));
            return o;
        }
        if (value instanceof Iterable<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(v -> a.add(toJson(v)));
            return a;
        }
        throw new IllegalArgumentException("Unsupported value type for BigQuery: " + value.getClass().getName());
    }

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw BigQueryError.internal("local BigQuery storage failed: " + e.getMessage());
        }
    }
}
