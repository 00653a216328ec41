package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns JSON values (streamed rows, query parameters) into DuckDB SQL literals of a BigQuery type,
 * checking each value the way BigQuery's streaming API does. Values never reach DuckDB as text
 * to be parsed by DuckDB's own rules: they are checked and normalised here first.
 */
public final class SqlLiterals {

    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
                    + "\\s*(Z|z|UTC|[+-]\\d{1,2}(?::?\\d{2})?)?");
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern EPOCH = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");

    private SqlLiterals() {
    }

    /** A value that does not fit its field; {@link #location} names the field path. */
    public static final class InvalidValue extends RuntimeException {
        private final String location;

        InvalidValue(String location, String message) {
            super(message);
            this.location = location;
        }

        public String location() {
            return location;
        }
    }

    /**
     * One row of {@code insertAll} as a parenthesised SQL tuple in the column order of {@code schema};
     * {@code columnTypes} are the columns' {@link TableField#duckType()}s, computed once per request.
     *
     * @throws InvalidValue when a value does not fit (unknown fields only when not ignored)
     */
    public static String row(JsonObject json, List<TableField> schema, List<String> columnTypes,
                             boolean ignoreUnknownValues) {
        StringBuilder sb = new StringBuilder("(");
        checkUnknown(json, schema, "", ignoreUnknownValues);
        for (int i = 0; i < schema.size(); i++) {
            TableField field = schema.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            String value = fieldValue(member(json, field.name()), field, field.name(), ignoreUnknownValues);
            // scalar literals are typed already; records and arrays need their exact shape
            if (field.isRecord() || field.isRepeated()) {
                sb.append("CAST(").append(value).append(" AS ").append(columnTypes.get(i)).append(')');
            } else {
                sb.append(value);
            }
        }
        return sb.append(')').toString();
    }

    private static void checkUnknown(JsonObject json, List<TableField> schema, String prefix, boolean ignore) {
        if (ignore) {
            return;
        }
        for (String key : json.keySet()) {
            if (TableField.find(schema, key) == null) {
                throw new InvalidValue(prefix + key, "no such field: " + prefix + key + ".");
            }
        }
    }

    private static JsonElement member(JsonObject json, String name) {
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String fieldValue(JsonElement value, TableField field, String path, boolean ignoreUnknown) {
        boolean missing = value == null || value.isJsonNull();
        if (field.isRepeated()) {
            if (missing) {
                return "[]";
            }
            if (!value.isJsonArray()) {
                throw new InvalidValue(path, "Field " + path + " is repeated but the value is not an array.");
            }
            StringBuilder sb = new StringBuilder("[");
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                JsonElement element = array.get(i);
                if (element == null || element.isJsonNull()) {
                    throw new InvalidValue(path, "Array specified for field " + path + " has a null element.");
                }
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(single(element, field, path, ignoreUnknown));
            }
            return sb.append(']').toString();
        }
        if (missing) {
            if (field.mode().equals("REQUIRED")) {
                throw new InvalidValue(path, "Missing required field: " + path + ".");
            }
            return "NULL";
        }
        if (value.isJsonArray()) {
            throw new InvalidValue(path, "Array specified for non-repeated field: " + path + ".");
        }
        return single(value, field, path, ignoreUnknown);
    }

    private static String single(JsonElement value, TableField field, String path, boolean ignoreUnknown) {
        if (field.isRecord()) {
            if (!value.isJsonObject()) {
                throw new InvalidValue(path, "Cannot convert value to a record for field " + path + ".");
            }
            JsonObject object = value.getAsJsonObject();
            checkUnknown(object, field.fields(), path + ".", ignoreUnknown);
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < field.fields().size(); i++) {
                TableField sub = field.fields().get(i);
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(string(sub.name())).append(": ")
                        .append(fieldValue(member(object, sub.name()), sub, path + "." + sub.name(), ignoreUnknown));
            }
            return sb.append('}').toString();
        }
        if (!value.isJsonPrimitive()) {
            throw new InvalidValue(path, "This field: " + path + " is not a record.");
        }
        try {
            return scalar(value.getAsJsonPrimitive(), field.type());
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw new InvalidValue(path, "Cannot convert value to " + field.type().toLowerCase(Locale.ROOT)
                    + " for field " + path + ": " + e.getMessage());
        }
    }

    /** A scalar JSON value (or query parameter value) of a BigQuery type as a typed DuckDB literal. */
    public static String scalar(JsonPrimitive value, String type) {
        String text = value.getAsString();
        return switch (type) {
            case "STRING" -> {
                if (!value.isString()) {
                    throw new IllegalArgumentException("expected a string, got " + text);
                }
                yield string(text);
            }
            case "INTEGER" -> "CAST(" + int64(value) + " AS BIGINT)";
            case "FLOAT" -> "CAST(" + string(float64(value)) + " AS DOUBLE)";
            case "NUMERIC" -> "CAST(" + string(numeric(text).toPlainString()) + " AS DECIMAL(38,9))";
            case "BOOLEAN" -> bool(value) ? "TRUE" : "FALSE";
            case "BYTES" -> "from_base64(" + string(Base64.getEncoder().encodeToString(base64(text))) + ")";
            case "TIMESTAMP" -> "CAST(make_timestamp(CAST(" + timestampMicros(value) + " AS BIGINT)) AS TIMESTAMPTZ)";
            case "DATETIME" -> "make_timestamp(CAST(" + datetimeMicros(text) + " AS BIGINT))";
            case "DATE" -> "CAST(" + string(LocalDate.parse(normaliseDate(text)).toString()) + " AS DATE)";
            case "TIME" -> "CAST(" + string(time(text).toString()) + " AS TIME)";
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }

    /** A SQL string literal; DuckDB only treats the quote itself as special. */
    public static String string(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("strings with NUL characters are not supported by the emulator");
        }
        return "'" + text.replace("'", "''") + "'";
    }

    static long int64(JsonPrimitive value) {
        String text = value.getAsString().trim();
        BigInteger n;
        if (value.isNumber() && (text.contains(".") || text.contains("e") || text.contains("E"))) {
            BigDecimal d = new BigDecimal(text);
            n = d.toBigIntegerExact();
        } else {
            try {
                n = new BigInteger(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer: " + text);
            }
        }
        if (n.compareTo(INT64_MIN) < 0 || n.compareTo(INT64_MAX) > 0) {
            throw new IllegalArgumentException("integer out of range: " + text);
        }
        return n.longValue();
    }

    static String float64(JsonPrimitive value) {
        String text = value.getAsString().trim();
        switch (text) {
            case "NaN", "nan":
                return "NaN";
            case "Infinity", "inf", "+inf", "+Infinity":
                return "Infinity";
            case "-Infinity", "-inf":
                return "-Infinity";
            default:
                break;
        }
        try {
            return Double.toString(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text);
        }
    }

    static BigDecimal numeric(String text) {
        BigDecimal d;
        try {
            d = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a NUMERIC: " + text);
        }
        if (d.scale() > 9 && d.stripTrailingZeros().scale() > 9) {
            throw new IllegalArgumentException("NUMERIC has more than 9 fractional digits: " + text);
        }
        if (d.precision() - d.scale() > 29) {
            throw new IllegalArgumentException("NUMERIC out of range: " + text);
        }
        return d;
    }

    static boolean bool(JsonPrimitive value) {
        if (value.isBoolean()) {
            return value.getAsBoolean();
        }
        String text = value.getAsString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + value.getAsString());
        };
    }

    static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(text.trim());
            } catch (IllegalArgumentException e2) {
                throw new IllegalArgumentException("not base64: " + text);
            }
        }
    }

    /** Epoch microseconds of a TIMESTAMP given as epoch seconds or as a date-time string (UTC unless zoned). */
    public static long timestampMicros(JsonPrimitive value) {
        String text = value.getAsString().trim();
        if (value.isNumber() || EPOCH.matcher(text).matches()) {
            return new BigDecimal(text).movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        }
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timestamp: " + text);
        }
        LocalDateTime local = localDateTime(m);
        ZoneOffset offset = ZoneOffset.UTC;
        String zone = m.group(8);
        if (zone != null && !zone.equalsIgnoreCase("Z") && !zone.equals("UTC")) {
            String z = zone;
            if (z.matches("[+-]\\d")) {
                z = z.charAt(0) + "0" + z.charAt(1);
            }
            if (z.matches("[+-]\\d{4}")) {
                z = z.substring(0, 3) + ":" + z.substring(3);
            }
            offset = ZoneOffset.of(z);
        }
        OffsetDateTime odt = local.atOffset(offset);
        return Math.addExact(Math.multiplyExact(odt.toEpochSecond(), 1_000_000L), odt.getNano() / 1000);
    }

    static long datetimeMicros(String text) {
        Matcher m = TIMESTAMP.matcher(text.trim());
        if (!m.matches() || m.group(8) != null) {
            throw new IllegalArgumentException("not a datetime: " + text);
        }
        LocalDateTime local = localDateTime(m);
        long seconds = local.toEpochSecond(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), local.getNano() / 1000);
    }

    private static LocalDateTime localDateTime(Matcher m) {
        LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
        int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
        // BigQuery keeps microseconds: finer digits are truncated
        nanos = nanos / 1000 * 1000;
        return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
    }

    private static String normaliseDate(String text) {
        Matcher m = DATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a date: " + text);
        }
        return String.format(Locale.ROOT, "%s-%02d-%02d", m.group(1), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    private static LocalTime time(String text) {
        Matcher m = TIME.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time: " + text);
        }
        int nanos = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "000000000").substring(0, 9)) / 1000 * 1000;
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), nanos);
    }
}
