package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import org.duckdb.DuckDBAppender;

/**
 * Streamed rows checked against the schema and turned into Java values DuckDB's appender takes:
 * one value per column, records as positional lists, repeated fields as lists. Checking happens
 * entirely before anything is appended, so a bad row never leaves part of a request behind.
 */
final class RowValues {

    private RowValues() {
    }

    /** The row's column values in schema order; throws {@link SqlLiterals.InvalidValue} naming the field. */
    static List<Object> of(JsonObject json, List<TableField> schema, boolean ignoreUnknownValues) {
        return members(json, schema, "", ignoreUnknownValues);
    }

    /** Field names match case-insensitively, as in BigQuery; one map per object keeps wide rows linear. */
    private static List<Object> members(JsonObject json, List<TableField> fields, String prefix, boolean ignoreUnknown) {
        Map<String, JsonElement> byName = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            byName.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        if (!ignoreUnknown && byName.size() > 0) {
            Set<String> known = new HashSet<>();
            fields.forEach(f -> known.add(f.name().toLowerCase(Locale.ROOT)));
            for (String key : json.keySet()) {
                if (!known.contains(key.toLowerCase(Locale.ROOT))) {
                    throw new SqlLiterals.InvalidValue(prefix + key, "no such field: " + prefix + key + ".");
                }
            }
        }
        List<Object> values = new ArrayList<>(fields.size());
        for (TableField field : fields) {
            values.add(field(byName.get(field.name().toLowerCase(Locale.ROOT)), field, prefix + field.name(),
                    ignoreUnknown));
        }
        return values;
    }

    private static Object field(JsonElement value, TableField field, String path, boolean ignoreUnknown) {
        boolean missing = value == null || value.isJsonNull();
        if (field.isRepeated()) {
            List<Object> list = new ArrayList<>();
            if (missing) {
                return list;
            }
            if (!value.isJsonArray()) {
                throw new SqlLiterals.InvalidValue(path, "Field " + path + " is repeated but the value is not an array.");
            }
            JsonArray array = value.getAsJsonArray();
            for (JsonElement element : array) {
                if (element == null || element.isJsonNull()) {
                    throw new SqlLiterals.InvalidValue(path, "Array specified for field " + path + " has a null element.");
                }
                list.add(single(element, field, path, ignoreUnknown));
            }
            return list;
        }
        if (missing) {
            if (field.mode().equals("REQUIRED")) {
                throw new SqlLiterals.InvalidValue(path, "Missing required field: " + path + ".");
            }
            return null;
        }
        if (value.isJsonArray()) {
            throw new SqlLiterals.InvalidValue(path, "Array specified for non-repeated field: " + path + ".");
        }
        return single(value, field, path, ignoreUnknown);
    }

    private static Object single(JsonElement value, TableField field, String path, boolean ignoreUnknown) {
        if (field.isRecord()) {
            if (!value.isJsonObject()) {
                throw new SqlLiterals.InvalidValue(path, "Cannot convert value to a record for field " + path + ".");
            }
            return members(value.getAsJsonObject(), field.fields(), path + ".", ignoreUnknown);
        }
        if (!value.isJsonPrimitive()) {
            throw new SqlLiterals.InvalidValue(path, "This field: " + path + " is not a record.");
        }
        try {
            return scalar(value.getAsJsonPrimitive(), field.type());
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw new SqlLiterals.InvalidValue(path, "Cannot convert value to " + field.type().toLowerCase(Locale.ROOT)
                    + " for field " + path + ": " + e.getMessage());
        }
    }

    private static Object scalar(JsonPrimitive value, String type) {
        String text = value.getAsString();
        return switch (type) {
            case "STRING" -> {
                if (!value.isString()) {
                    throw new IllegalArgumentException("expected a string, got " + text);
                }
                yield text;
            }
            case "INTEGER" -> SqlLiterals.int64(value);
            case "FLOAT" -> Double.parseDouble(SqlLiterals.float64(value));
            case "NUMERIC" -> SqlLiterals.numeric(text).setScale(9, RoundingMode.UNNECESSARY);
            case "BOOLEAN" -> SqlLiterals.bool(value);
            case "BYTES" -> SqlLiterals.base64(text);
            case "TIMESTAMP" -> {
                long micros = SqlLiterals.timestampMicros(value);
                yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                        .atOffset(ZoneOffset.UTC);
            }
            case "DATETIME" -> {
                long micros = SqlLiterals.datetimeMicros(text);
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        (int) (Math.floorMod(micros, 1_000_000L) * 1000L), ZoneOffset.UTC);
            }
            case "DATE" -> LocalDate.parse(SqlLiterals.normaliseDate(text));
            case "TIME" -> SqlLiterals.time(text);
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }

    /** Appends one checked row (from {@link #of}). */
    static void append(DuckDBAppender appender, List<TableField> schema, List<Object> values) throws SQLException {
        appender.beginRow();
        for (int k = 0; k < schema.size(); k++) {
            appendValue(appender, schema.get(k), values.get(k));
        }
        appender.endRow();
    }

    @SuppressWarnings("unchecked")
    private static void appendValue(DuckDBAppender appender, TableField field, Object value) throws SQLException {
        if (field.isRepeated()) {
            appender.append((List<Object>) value);
            return;
        }
        if (value == null) {
            appender.appendNull();
            return;
        }
        if (field.isRecord()) {
            List<Object> members = (List<Object>) value;
            appender.beginStruct();
            for (int k = 0; k < field.fields().size(); k++) {
                appendValue(appender, field.fields().get(k), members.get(k));
            }
            appender.endStruct();
            return;
        }
        if (value instanceof String s) {
            appender.append(s);
        } else if (value instanceof Long l) {
            appender.append(l.longValue());
        } else if (value instanceof Double d) {
            appender.append(d.doubleValue());
        } else if (value instanceof BigDecimal d) {
            appender.append(d);
        } else if (value instanceof Boolean b) {
            appender.append(b.booleanValue());
        } else if (value instanceof byte[] bytes) {
            appender.append(bytes);
        } else if (value instanceof java.time.OffsetDateTime t) {
            appender.append(t);
        } else if (value instanceof LocalDateTime t) {
            appender.append(t);
        } else if (value instanceof LocalDate d) {
            appender.append(d);
        } else if (value instanceof java.time.LocalTime t) {
            appender.append(t);
        } else {
            throw new IllegalStateException("unexpected value " + value.getClass());
        }
    }
}
