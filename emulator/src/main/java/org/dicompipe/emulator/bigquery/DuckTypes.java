package org.dicompipe.emulator.bigquery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads DuckDB type names ({@code STRUCT(a BIGINT, "b c" VARCHAR[])[]}) back into BigQuery fields,
 * so that query results carry a BigQuery schema. Types BigQuery cannot express are refused.
 */
final class DuckTypes {

    private final String text;
    private int pos;

    private DuckTypes(String text) {
        this.text = text;
    }

    static TableField field(String name, String duckType) {
        DuckTypes parser = new DuckTypes(duckType);
        TableField f = parser.parse(name);
        parser.skipSpace();
        if (parser.pos != parser.text.length()) {
            throw unsupported(duckType);
        }
        return f;
    }

    private TableField parse(String name) {
        skipSpace();
        TableField base;
        if (text.startsWith("STRUCT(", pos)) {
            pos += "STRUCT(".length();
            List<TableField> fields = new ArrayList<>();
            while (true) {
                skipSpace();
                String fieldName = name();
                fields.add(parse(fieldName));
                skipSpace();
                char c = text.charAt(pos++);
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    throw unsupported(text);
                }
            }
            base = TableField.record(name, "NULLABLE", fields);
        } else {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != '[' && text.charAt(pos) != ','
                    && text.charAt(pos) != ')') {
                if (text.charAt(pos) == '(') {
                    pos = text.indexOf(')', pos) + 1;
                } else {
                    pos++;
                }
            }
            base = TableField.of(name, scalar(text.substring(start, pos).trim()));
        }
        if (text.startsWith("[]", pos)) {
            pos += 2;
            if (base.isRepeated()) {
                throw BigQueryError.invalidQuery("Cannot return an array of arrays: column " + name);
            }
            return new TableField(name, base.type(), "REPEATED", base.fields());
        }
        return base;
    }

    private String name() {
        if (text.charAt(pos) == '"') {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (true) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        sb.append('"');
                        pos++;
                    } else {
                        break;
                    }
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int start = pos;
        while (text.charAt(pos) != ' ') {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private static String scalar(String duck) {
        String upper = duck.toUpperCase(Locale.ROOT);
        if (upper.startsWith("DECIMAL")) {
            return "NUMERIC";
        }
        return switch (upper) {
            case "BOOLEAN" -> "BOOLEAN";
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT" -> "INTEGER";
            case "FLOAT", "DOUBLE" -> "FLOAT";
            case "VARCHAR" -> "STRING";
            case "BLOB" -> "BYTES";
            case "DATE" -> "DATE";
            case "TIME" -> "TIME";
            case "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S" -> "DATETIME";
            case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP";
            // an untyped NULL (SELECT NULL) is INT64 in BigQuery
            case "\"NULL\"", "NULL" -> "INTEGER";
            default -> throw unsupported(duck);
        };
    }

    private static BigQueryError unsupported(String duck) {
        return BigQueryError.invalidQuery("Result type " + duck + " has no BigQuery equivalent in the emulator");
    }
}
