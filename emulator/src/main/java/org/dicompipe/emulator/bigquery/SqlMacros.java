package org.dicompipe.emulator.bigquery;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * DuckDB macros that give BigQuery's semantics where DuckDB's built-ins differ (errors on division
 * by zero and out-of-range offsets, NULL-propagating GREATEST, string casts). Temporary, so they
 * live with the connection and never in the database file.
 */
final class SqlMacros {

    private SqlMacros() {
    }

    static void install(Statement s) throws SQLException {
        s.execute("CREATE OR REPLACE TEMP MACRO bq_div(a, b) AS CASE WHEN b = 0 THEN"
                + " error('division by zero: ' || CAST(a AS VARCHAR) || ' / ' || CAST(b AS VARCHAR))"
                + " ELSE CAST(a AS DOUBLE) / CAST(b AS DOUBLE) END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_safe_div(a, b) AS CASE WHEN b = 0 THEN NULL"
                + " ELSE CAST(a AS DOUBLE) / CAST(b AS DOUBLE) END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_mod(a, b) AS CASE WHEN b = 0 THEN"
                + " error('division by zero: MOD(' || CAST(a AS VARCHAR) || ', ' || CAST(b AS VARCHAR) || ')')"
                + " ELSE a % b END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_intdiv(a, b) AS CASE WHEN b = 0 THEN"
                + " error('division by zero: DIV(' || CAST(a AS VARCHAR) || ', ' || CAST(b AS VARCHAR) || ')')"
                + " ELSE a // b END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_offset(arr, i) AS CASE WHEN i < 0 OR i >= len(arr) THEN"
                + " error('Array index ' || CAST(i AS VARCHAR) || ' is out of bounds (array length '"
                + " || CAST(len(arr) AS VARCHAR) || ')') ELSE arr[i + 1] END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_safe_offset(arr, i) AS CASE WHEN i < 0 OR i >= len(arr) THEN NULL"
                + " ELSE arr[i + 1] END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_substr(s, p) AS CASE WHEN p = 0 THEN substring(s, 1)"
                + " WHEN p < 0 AND -p > length(s) THEN substring(s, 1) ELSE substring(s, p) END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_substr3(s, p, l) AS CASE WHEN l < 0 THEN"
                + " error('Third argument in SUBSTR() cannot be negative') WHEN p = 0 THEN substring(s, 1, l)"
                + " WHEN p < 0 AND -p > length(s) THEN substring(s, 1, l) ELSE substring(s, p, l) END");
        // BigQuery rounds half away from zero when casting to INT64; DuckDB rounds half to even
        s.execute("CREATE OR REPLACE TEMP MACRO bq_to_int64(x) AS CASE"
                + " WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN CAST(round(CAST(x AS DOUBLE)) AS BIGINT)"
                + " WHEN typeof(x) LIKE 'DECIMAL%' THEN CAST(round(CAST(x AS DECIMAL(38,9))) AS BIGINT)"
                + " WHEN typeof(x) = 'VARCHAR' THEN CASE WHEN regexp_full_match(trim(CAST(x AS VARCHAR)), '[+-]?[0-9]+')"
                + " THEN CAST(trim(CAST(x AS VARCHAR)) AS BIGINT)"
                + " ELSE error('Bad int64 value: ' || CAST(x AS VARCHAR)) END"
                + " ELSE CAST(x AS BIGINT) END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_split(s, d) AS CASE WHEN s = '' THEN [''] ELSE string_split(s, d) END");
        s.execute("CREATE OR REPLACE TEMP MACRO bq_to_string(x) AS CASE"
                + " WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN"
                + " error('CAST of FLOAT64 to STRING is not supported by the emulator')"
                + " WHEN typeof(x) = 'BLOB' THEN error('CAST of BYTES to STRING is not supported by the emulator')"
                + " WHEN typeof(x) LIKE 'DECIMAL%' THEN"
                + " regexp_replace(regexp_replace(CAST(x AS VARCHAR), '(\\.[0-9]*?)0+$', '\\1'), '\\.$', '')"
                + " WHEN typeof(x) LIKE '%[]' OR typeof(x) LIKE 'STRUCT%' THEN"
                + " error('Invalid cast from ' || typeof(x) || ' to STRING')"
                + " ELSE CAST(x AS VARCHAR) END");
    }
}
