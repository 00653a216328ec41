package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes DuckDB values in BigQuery's row shape: {@code {"f":[{"v":...}]}} with every scalar as a
 * string, records as nested {@code {"f":[...]}}, repeated fields as arrays of {@code {"v":...}},
 * TIMESTAMP as epoch seconds in scientific notation (or as int64 micros when asked).
 */
final class CellWriter {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final boolean int64Timestamps;

    CellWriter(boolean int64Timestamps) {
        this.int64Timestamps = int64Timestamps;
    }

    JsonObject row(List<TableField> fields, List<Object> values) throws SQLException {
        JsonArray f = new JsonArray();
        for (int i = 0; i < fields.size(); i++) {
            JsonObject cell = new JsonObject();
            cell.add("v", value(fields.get(i), values.get(i)));
            f.add(cell);
        }
        JsonObject row = new JsonObject();
        row.add("f", f);
        return row;
    }

    private JsonElement value(TableField field, Object value) throws SQLException {
        if (field.isRepeated()) {
            JsonArray array = new JsonArray();
            if (value != null) {
                for (Object element : elements(value)) {
                    if (element == null) {
                        throw BigQueryError.invalidQuery("Array cannot have a null element; error in writing field "
                                + field.name());
                    }
                    JsonObject cell = new JsonObject();
                    cell.add("v", single(field, element));
                    array.add(cell);
                }
            }
            return array;
        }
        return value == null ? JsonNull.INSTANCE : single(field, value);
    }

    private static Object[] elements(Object value) throws SQLException {
        if (value instanceof Array array) {
            return (Object[]) array.getArray();
        }
        if (value instanceof List<?> list) {
            return list.toArray();
        }
        throw new IllegalStateException("not an array: " + value.getClass());
    }

    private JsonElement single(TableField field, Object value) throws SQLException {
        if (field.isRecord()) {
            Map<String, Object> members = members(value);
            JsonArray f = new JsonArray();
            for (TableField sub : field.fields()) {
                JsonObject cell = new JsonObject();
                cell.add("v", value(sub, lookup(members, sub.name())));
                f.add(cell);
            }
            JsonObject record = new JsonObject();
            record.add("f", f);
            return record;
        }
        return new JsonPrimitive(scalar(field.type(), value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> members(Object value) throws SQLException {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        if (value instanceof Struct struct) {
            try {
                Object map = struct.getClass().getMethod("getMap").invoke(struct);
                return (Map<String, Object>) map;
            } catch (ReflectiveOperationException e) {
                throw new SQLException("cannot read struct " + struct.getSQLTypeName(), e);
            }
        }
        throw new IllegalStateException("not a struct: " + value.getClass());
    }

    private static Object lookup(Map<String, Object> members, String name) {
        if (members.containsKey(name)) {
            return members.get(name);
        }
        for (Map.Entry<String, Object> e : members.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private String scalar(String type, Object value) throws SQLException {
        return switch (type) {
            case "STRING" -> value.toString();
            case "INTEGER" -> int64(value);
            case "FLOAT" -> float64(((Number) value).doubleValue());
            case "NUMERIC" -> {
                BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
                d = d.stripTrailingZeros();
                yield d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
            }
            case "BOOLEAN" -> value.toString();
            case "BYTES" -> Base64.getEncoder().encodeToString(bytes(value));
            case "TIMESTAMP" -> timestamp(micros(value));
            case "DATETIME" -> datetime(value);
            case "DATE" -> value instanceof java.sql.Date d ? d.toLocalDate().toString() : value.toString();
            case "TIME" -> time(value);
            default -> throw new IllegalStateException(type);
        };
    }

    private static String int64(Object value) {
        if (value instanceof BigInteger big) {
            if (big.compareTo(INT64_MIN) < 0 || big.compareTo(INT64_MAX) > 0) {
                throw BigQueryError.invalidQuery("Int64 overflow: " + big);
            }
            return big.toString();
        }
        if (value instanceof BigDecimal dec) {
            return dec.toBigIntegerExact().toString();
        }
        return Long.toString(((Number) value).longValue());
    }

    static String float64(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(d);
    }

    private static byte[] bytes(Object value) throws SQLException {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return out;
        }
        throw new IllegalStateException("not bytes: " + value.getClass());
    }

    static long micros(Object value) {
        Instant instant;
        if (value instanceof OffsetDateTime odt) {
            instant = odt.toInstant();
        } else if (value instanceof ZonedDateTime zdt) {
            instant = zdt.toInstant();
        } else if (value instanceof java.sql.Timestamp ts) {
            instant = ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
        } else if (value instanceof LocalDateTime ldt) {
            instant = ldt.toInstant(ZoneOffset.UTC);
        } else if (value instanceof Instant i) {
            instant = i;
        } else {
            throw new IllegalStateException("not a timestamp: " + value.getClass());
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private String timestamp(long micros) {
        if (int64Timestamps) {
            return Long.toString(micros);
        }
        return scientificSeconds(micros);
    }

    /** Epoch seconds the way BigQuery prints them, e.g. {@code 1.408452095220E9}. */
    static String scientificSeconds(long micros) {
        BigDecimal seconds = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        if (seconds.signum() == 0) {
            return "0.0";
        }
        BigDecimal abs = seconds.abs();
        int exponent = abs.precision() - abs.scale() - 1;
        BigDecimal mantissa = seconds.movePointLeft(exponent);
        String digits = mantissa.toPlainString();
        if (!digits.contains(".")) {
            digits += ".0";
        }
        return digits + "E" + exponent;
    }

    private static String datetime(Object value) {
        LocalDateTime ldt;
        if (value instanceof java.sql.Timestamp ts) {
            ldt = ts.toLocalDateTime();
        } else if (value instanceof LocalDateTime l) {
            ldt = l;
        } else if (value instanceof OffsetDateTime odt) {
            ldt = odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } else {
            throw new IllegalStateException("not a datetime: " + value.getClass());
        }
        return DATETIME.format(ldt) + fraction(ldt.getNano());
    }

    private static String time(Object value) {
        LocalTime t;
        if (value instanceof java.sql.Time st) {
            t = st.toLocalTime();
        } else if (value instanceof LocalTime lt) {
            t = lt;
        } else {
            t = LocalTime.parse(value.toString());
        }
        return String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond())
                + fraction(t.getNano());
    }

    private static String fraction(int nanos) {
        int micros = nanos / 1000;
        return micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros);
    }
}
