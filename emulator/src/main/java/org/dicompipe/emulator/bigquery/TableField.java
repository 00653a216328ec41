package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One field of a BigQuery table schema ({@code TableFieldSchema}). Types are kept in BigQuery's
 * legacy spelling (INTEGER, FLOAT, BOOLEAN, RECORD...), which is what the API returns.
 *
 * @param name   column name
 * @param type   STRING, BYTES, INTEGER, FLOAT, NUMERIC, BOOLEAN, TIMESTAMP, DATE, TIME, DATETIME or RECORD
 * @param mode   NULLABLE, REQUIRED or REPEATED
 * @param fields sub-fields of a RECORD, empty otherwise
 */
public record TableField(String name, String type, String mode, List<TableField> fields) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,299}");

    public TableField {
        Objects.requireNonNull(name, "name");
        type = canonicalType(type);
        mode = mode == null || mode.isBlank() ? "NULLABLE" : mode.toUpperCase(Locale.ROOT);
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (!NAME.matcher(name).matches()) {
            throw BigQueryError.invalid("Invalid field name \"" + name + "\". Fields must contain only letters,"
                    + " numbers, and underscores, start with a letter or underscore, and be at most 300 characters long.");
        }
        if (!Set.of("NULLABLE", "REQUIRED", "REPEATED").contains(mode)) {
            throw BigQueryError.invalid("Invalid mode " + mode + " for field " + name);
        }
        if (type.equals("RECORD") && fields.isEmpty()) {
            throw BigQueryError.invalid("Field " + name + " is type RECORD but has no schema");
        }
        if (!type.equals("RECORD") && !fields.isEmpty()) {
            throw BigQueryError.invalid("Field " + name + " has sub-fields but is not of type RECORD");
        }
        checkUniqueNames(fields, name);
    }

    public static TableField of(String name, String type) {
        return new TableField(name, type, "NULLABLE", List.of());
    }

    public static TableField required(String name, String type) {
        return new TableField(name, type, "REQUIRED", List.of());
    }

    public static TableField repeated(String name, String type) {
        return new TableField(name, type, "REPEATED", List.of());
    }

    public static TableField record(String name, String mode, List<TableField> fields) {
        return new TableField(name, "RECORD", mode, fields);
    }

    public boolean isRepeated() {
        return mode.equals("REPEATED");
    }

    public boolean isRecord() {
        return type.equals("RECORD");
    }

    /** The sub-field with this name, compared as BigQuery does (case-insensitively), or null. */
    public TableField field(String fieldName) {
        return find(fields, fieldName);
    }

    static TableField find(List<TableField> fields, String fieldName) {
        for (TableField f : fields) {
            if (f.name.equalsIgnoreCase(fieldName)) {
                return f;
            }
        }
        return null;
    }

    static void checkUniqueNames(List<TableField> fields, String where) {
        Set<String> seen = new HashSet<>();
        for (TableField f : fields) {
            if (!seen.add(f.name.toLowerCase(Locale.ROOT))) {
                throw BigQueryError.invalid("Field " + f.name + " already exists in schema"
                        + (where == null ? "" : " of " + where));
            }
        }
    }

    static String canonicalType(String type) {
        if (type == null || type.isBlank()) {
            throw BigQueryError.invalid("Field type is required");
        }
        String upper = type.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "STRING", "BYTES", "NUMERIC", "TIMESTAMP", "DATE", "TIME", "DATETIME" -> upper;
            case "INTEGER", "INT64" -> "INTEGER";
            case "FLOAT", "FLOAT64" -> "FLOAT";
            case "BOOLEAN", "BOOL" -> "BOOLEAN";
            case "RECORD", "STRUCT" -> "RECORD";
            case "BIGNUMERIC", "BIGDECIMAL", "GEOGRAPHY", "JSON", "INTERVAL", "RANGE" ->
                    throw BigQueryError.invalid("Field type " + upper + " is not supported by the local BigQuery emulator");
            default -> throw BigQueryError.invalid("Invalid field type: " + type);
        };
    }

    /** DuckDB column type that holds this field. */
    public String duckType() {
        String base = switch (type) {
            case "STRING" -> "VARCHAR";
            case "BYTES" -> "BLOB";
            case "INTEGER" -> "BIGINT";
            case "FLOAT" -> "DOUBLE";
            case "NUMERIC" -> "DECIMAL(38,9)";
            case "BOOLEAN" -> "BOOLEAN";
            case "TIMESTAMP" -> "TIMESTAMPTZ";
            case "DATE" -> "DATE";
            case "TIME" -> "TIME";
            case "DATETIME" -> "TIMESTAMP";
            case "RECORD" -> {
                StringBuilder sb = new StringBuilder("STRUCT(");
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(quote(fields.get(i).name)).append(' ').append(fields.get(i).duckType());
                }
                yield sb.append(')').toString();
            }
            default -> throw new IllegalStateException(type);
        };
        return isRepeated() ? base + "[]" : base;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("type", type);
        o.addProperty("mode", mode);
        if (!fields.isEmpty()) {
            o.add("fields", toJson(fields));
        }
        return o;
    }

    public static JsonArray toJson(List<TableField> fields) {
        JsonArray array = new JsonArray();
        fields.forEach(f -> array.add(f.toJson()));
        return array;
    }

    /** Parses {@code TableSchema.fields}. */
    public static List<TableField> fromJson(JsonArray array) {
        List<TableField> list = new ArrayList<>();
        if (array == null) {
            return list;
        }
        for (JsonElement e : array) {
            if (!e.isJsonObject()) {
                throw BigQueryError.invalid("Invalid schema: each field must be an object");
            }
            JsonObject o = e.getAsJsonObject();
            String name = o.has("name") && !o.get("name").isJsonNull() ? o.get("name").getAsString() : null;
            if (name == null) {
                throw BigQueryError.invalid("Invalid schema: a field has no name");
            }
            String type = o.has("type") && !o.get("type").isJsonNull() ? o.get("type").getAsString() : null;
            String mode = o.has("mode") && !o.get("mode").isJsonNull() ? o.get("mode").getAsString() : null;
            List<TableField> sub = o.has("fields") && o.get("fields").isJsonArray()
                    ? fromJson(o.getAsJsonArray("fields")) : List.of();
            list.add(new TableField(name, type, mode, sub));
        }
        checkUniqueNames(list, null);
        return list;
    }
}
