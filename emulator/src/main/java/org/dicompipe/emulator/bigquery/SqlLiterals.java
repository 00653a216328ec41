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
 * Parses BigQuery's JSON value forms (as streamed rows and query parameters carry them) by BigQuery's
 * rules and writes typed DuckDB SQL literals for query parameters and typed literals in queries.
 * Values never reach DuckDB as text to be parsed by DuckDB's own rules.
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

        public InvalidValue(String location, String message) {
            super(message);
            this.location = location;
        }

        public String location() {
            return location;
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

    static String normaliseDate(String text) {
        Matcher m = DATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a date: " + text);
        }
        return String.format(Locale.ROOT, "%s-%02d-%02d", m.group(1), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    static LocalTime time(String text) {
        Matcher m = TIME.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time: " + text);
        }
        int nanos = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "000000000").substring(0, 9)) / 1000 * 1000;
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), nanos);
    }
}
