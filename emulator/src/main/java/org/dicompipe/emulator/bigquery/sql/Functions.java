package org.dicompipe.emulator.bigquery.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The BigQuery functions the emulator translates, each with its DuckDB form. A function missing
 * here is refused by name: a DuckDB function with the same name may mean something else.
 */
final class Functions {

    enum Kind { SCALAR, AGGREGATE, WINDOW }

    /** How one function is written in DuckDB, given its translated arguments. */
    record Spec(Kind kind, int minArgs, int maxArgs, Function<List<String>, String> emit) {
    }

    private static final Map<String, Spec> SPECS = new HashMap<>();

    static {
        // aggregates (DISTINCT, ORDER BY, LIMIT and IGNORE NULLS are handled by the translator)
        aggregate("COUNT", 1, 1, a -> "count(" + a.get(0) + ")");
        aggregate("SUM", 1, 1, a -> "sum(" + a.get(0) + ")");
        aggregate("AVG", 1, 1, a -> "avg(" + a.get(0) + ")");
        aggregate("MIN", 1, 1, a -> "min(" + a.get(0) + ")");
        aggregate("MAX", 1, 1, a -> "max(" + a.get(0) + ")");
        aggregate("ARRAY_AGG", 1, 1, a -> "list(" + a.get(0) + ")");
        aggregate("STRING_AGG", 1, 2, a -> "string_agg(" + a.get(0) + ", " + (a.size() > 1 ? a.get(1) : "','") + ")");
        aggregate("COUNTIF", 1, 1, a -> "count_if(" + a.get(0) + ")");
        aggregate("LOGICAL_AND", 1, 1, a -> "bool_and(" + a.get(0) + ")");
        aggregate("LOGICAL_OR", 1, 1, a -> "bool_or(" + a.get(0) + ")");
        aggregate("ANY_VALUE", 1, 1, a -> "any_value(" + a.get(0) + ")");
        aggregate("APPROX_COUNT_DISTINCT", 1, 1, a -> "count(DISTINCT " + a.get(0) + ")");
        aggregate("STDDEV", 1, 1, a -> "stddev_samp(" + a.get(0) + ")");
        aggregate("STDDEV_SAMP", 1, 1, a -> "stddev_samp(" + a.get(0) + ")");
        aggregate("STDDEV_POP", 1, 1, a -> "stddev_pop(" + a.get(0) + ")");
        aggregate("VARIANCE", 1, 1, a -> "var_samp(" + a.get(0) + ")");
        aggregate("VAR_SAMP", 1, 1, a -> "var_samp(" + a.get(0) + ")");
        aggregate("VAR_POP", 1, 1, a -> "var_pop(" + a.get(0) + ")");

        // window-only functions
        window("ROW_NUMBER", 0, 0, a -> "row_number()");
        window("RANK", 0, 0, a -> "rank()");
        window("DENSE_RANK", 0, 0, a -> "dense_rank()");
        window("PERCENT_RANK", 0, 0, a -> "percent_rank()");
        window("CUME_DIST", 0, 0, a -> "cume_dist()");
        window("NTILE", 1, 1, a -> "ntile(" + a.get(0) + ")");
        window("LAG", 1, 3, a -> "lag(" + String.join(", ", a) + ")");
        window("LEAD", 1, 3, a -> "lead(" + String.join(", ", a) + ")");
        window("FIRST_VALUE", 1, 1, a -> "first_value(" + a.get(0) + ")");
        window("LAST_VALUE", 1, 1, a -> "last_value(" + a.get(0) + ")");
        window("NTH_VALUE", 2, 2, a -> "nth_value(" + a.get(0) + ", " + a.get(1) + ")");

        // conditional
        scalar("IF", 3, 3, a -> "(CASE WHEN " + a.get(0) + " THEN " + a.get(1) + " ELSE " + a.get(2) + " END)");
        scalar("IFNULL", 2, 2, a -> "coalesce(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("COALESCE", 1, 99, a -> "coalesce(" + String.join(", ", a) + ")");
        scalar("NULLIF", 2, 2, a -> "nullif(" + a.get(0) + ", " + a.get(1) + ")");

        // strings
        scalar("CONCAT", 1, 99, a -> "(" + String.join(" || ", a) + ")");
        scalar("LOWER", 1, 1, a -> "lower(" + a.get(0) + ")");
        scalar("UPPER", 1, 1, a -> "upper(" + a.get(0) + ")");
        scalar("LENGTH", 1, 1, a -> "length(" + a.get(0) + ")");
        scalar("CHAR_LENGTH", 1, 1, a -> "length(" + a.get(0) + ")");
        scalar("CHARACTER_LENGTH", 1, 1, a -> "length(" + a.get(0) + ")");
        scalar("SUBSTR", 2, 3, Functions::substr);
        scalar("SUBSTRING", 2, 3, Functions::substr);
        scalar("TRIM", 1, 2, a -> "trim(" + String.join(", ", a) + ")");
        scalar("LTRIM", 1, 2, a -> "ltrim(" + String.join(", ", a) + ")");
        scalar("RTRIM", 1, 2, a -> "rtrim(" + String.join(", ", a) + ")");
        scalar("REPLACE", 3, 3, a -> "replace(" + String.join(", ", a) + ")");
        scalar("STARTS_WITH", 2, 2, a -> "starts_with(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("ENDS_WITH", 2, 2, a -> "suffix(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("STRPOS", 2, 2, a -> "strpos(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("REVERSE", 1, 1, a -> "reverse(" + a.get(0) + ")");
        scalar("REPEAT", 2, 2, a -> "repeat(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("LPAD", 2, 3, a -> "lpad(" + a.get(0) + ", " + a.get(1) + ", " + (a.size() > 2 ? a.get(2) : "' '") + ")");
        scalar("RPAD", 2, 3, a -> "rpad(" + a.get(0) + ", " + a.get(1) + ", " + (a.size() > 2 ? a.get(2) : "' '") + ")");
        scalar("SPLIT", 1, 2, a -> "bq_split(" + a.get(0) + ", " + (a.size() > 1 ? a.get(1) : "','") + ")");
        scalar("REGEXP_CONTAINS", 2, 2, a -> "regexp_matches(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("REGEXP_REPLACE", 3, 3, a -> "regexp_replace(" + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ", 'g')");
        scalar("TO_BASE64", 1, 1, a -> "to_base64(" + a.get(0) + ")");
        scalar("FROM_BASE64", 1, 1, a -> "from_base64(" + a.get(0) + ")");
        scalar("TO_HEX", 1, 1, a -> "lower(hex(" + a.get(0) + "))");
        scalar("GENERATE_UUID", 0, 0, a -> "CAST(uuid() AS VARCHAR)");

        // arrays
        scalar("ARRAY_LENGTH", 1, 1, a -> "len(" + a.get(0) + ")");
        scalar("ARRAY_CONCAT", 1, 99, a -> "(" + String.join(" || ", a) + ")");
        scalar("ARRAY_REVERSE", 1, 1, a -> "list_reverse(" + a.get(0) + ")");
        scalar("ARRAY_TO_STRING", 2, 2, a -> "array_to_string(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("GENERATE_ARRAY", 2, 3, a -> "generate_series(" + String.join(", ", a) + ")");

        // math
        scalar("ABS", 1, 1, a -> "abs(" + a.get(0) + ")");
        scalar("SIGN", 1, 1, a -> "sign(" + a.get(0) + ")");
        scalar("ROUND", 1, 2, a -> "round(" + String.join(", ", a) + ")");
        scalar("CEIL", 1, 1, a -> "ceil(" + a.get(0) + ")");
        scalar("CEILING", 1, 1, a -> "ceil(" + a.get(0) + ")");
        scalar("FLOOR", 1, 1, a -> "floor(" + a.get(0) + ")");
        scalar("TRUNC", 1, 2, a -> "trunc(" + String.join(", ", a) + ")");
        scalar("MOD", 2, 2, a -> "bq_mod(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("DIV", 2, 2, a -> "bq_intdiv(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("SAFE_DIVIDE", 2, 2, a -> "bq_safe_div(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("SQRT", 1, 1, a -> "sqrt(" + a.get(0) + ")");
        scalar("POW", 2, 2, a -> "pow(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("POWER", 2, 2, a -> "pow(" + a.get(0) + ", " + a.get(1) + ")");
        scalar("EXP", 1, 1, a -> "exp(" + a.get(0) + ")");
        scalar("LN", 1, 1, a -> "ln(" + a.get(0) + ")");
        scalar("LOG", 1, 2, a -> a.size() == 1 ? "ln(" + a.get(0) + ")" : "(ln(" + a.get(0) + ") / ln(" + a.get(1) + "))");
        scalar("LOG10", 1, 1, a -> "log10(" + a.get(0) + ")");
        scalar("GREATEST", 1, 99, a -> nullPropagating("greatest", a));
        scalar("LEAST", 1, 99, a -> nullPropagating("least", a));
        scalar("IS_NAN", 1, 1, a -> "isnan(" + a.get(0) + ")");
        scalar("IS_INF", 1, 1, a -> "isinf(" + a.get(0) + ")");
        scalar("RAND", 0, 0, a -> "random()");

        // dates and times (TIMESTAMP is DuckDB TIMESTAMPTZ in a UTC session, DATETIME is TIMESTAMP)
        scalar("CURRENT_TIMESTAMP", 0, 0, a -> "CAST(current_timestamp AS TIMESTAMPTZ)");
        scalar("CURRENT_DATE", 0, 0, a -> "current_date");
        scalar("CURRENT_DATETIME", 0, 0, a -> "CAST(current_timestamp AS TIMESTAMP)");
        scalar("DATE", 1, 3, a -> a.size() == 3 ? "make_date(" + String.join(", ", a) + ")"
                : a.size() == 1 ? "CAST(" + a.get(0) + " AS DATE)" : unsupported("DATE with a time zone"));
        scalar("TIMESTAMP", 1, 1, a -> "CAST(" + a.get(0) + " AS TIMESTAMPTZ)");
        scalar("DATETIME", 1, 1, a -> "CAST(" + a.get(0) + " AS TIMESTAMP)");
        scalar("TIMESTAMP_SECONDS", 1, 1, a -> "CAST(make_timestamp(CAST(" + a.get(0) + " AS BIGINT) * 1000000) AS TIMESTAMPTZ)");
        scalar("TIMESTAMP_MILLIS", 1, 1, a -> "CAST(make_timestamp(CAST(" + a.get(0) + " AS BIGINT) * 1000) AS TIMESTAMPTZ)");
        scalar("TIMESTAMP_MICROS", 1, 1, a -> "CAST(make_timestamp(CAST(" + a.get(0) + " AS BIGINT)) AS TIMESTAMPTZ)");
        scalar("UNIX_SECONDS", 1, 1, a -> "CAST(floor(epoch_us(" + a.get(0) + ") / 1000000) AS BIGINT)");
        scalar("UNIX_MILLIS", 1, 1, a -> "CAST(floor(epoch_us(" + a.get(0) + ") / 1000) AS BIGINT)");
        scalar("UNIX_MICROS", 1, 1, a -> "epoch_us(" + a.get(0) + ")");
        scalar("UNIX_DATE", 1, 1, a -> "(CAST(" + a.get(0) + " AS DATE) - DATE '1970-01-01')");
    }

    private Functions() {
    }

    static Spec lookup(String name) {
        return SPECS.get(name.toUpperCase(Locale.ROOT));
    }

    private static void aggregate(String name, int min, int max, Function<List<String>, String> emit) {
        SPECS.put(name, new Spec(Kind.AGGREGATE, min, max, emit));
    }

    private static void window(String name, int min, int max, Function<List<String>, String> emit) {
        SPECS.put(name, new Spec(Kind.WINDOW, min, max, emit));
    }

    private static void scalar(String name, int min, int max, Function<List<String>, String> emit) {
        SPECS.put(name, new Spec(Kind.SCALAR, min, max, emit));
    }

    private static String substr(List<String> a) {
        return a.size() == 2 ? "bq_substr(" + a.get(0) + ", " + a.get(1) + ")"
                : "bq_substr3(" + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ")";
    }

    private static String nullPropagating(String fn, List<String> a) {
        StringBuilder anyNull = new StringBuilder();
        for (String arg : a) {
            if (!anyNull.isEmpty()) {
                anyNull.append(" OR ");
            }
            anyNull.append('(').append(arg).append(") IS NULL");
        }
        return "(CASE WHEN " + anyNull + " THEN NULL ELSE " + fn + "(" + String.join(", ", a) + ") END)";
    }

    private static String unsupported(String what) {
        throw Translator.unsupported(what);
    }
}
