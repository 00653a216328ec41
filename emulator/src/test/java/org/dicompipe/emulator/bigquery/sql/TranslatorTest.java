package org.dicompipe.emulator.bigquery.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.dicompipe.emulator.bigquery.BigQueryError;
import org.dicompipe.emulator.bigquery.TableRef;
import org.junit.jupiter.api.Test;

/**
 * The translator on its own: it refuses by name what it does not support, and any text (here every
 * prefix of supported statements) yields a translation or a BigQuery error, never another failure.
 * The catalog is a plain map from table names to storage names; the end-to-end tests use the real one.
 */
class TranslatorTest {

    private static final Translator.Catalog CATALOG = ref -> {
        if (!ref.dataset().equals("ds")) {
            throw BigQueryError.notFound("Not found: Dataset " + ref.project() + ":" + ref.dataset());
        }
        return "bq_data.\"t_" + ref.table() + "\"";
    };

    private static Translator.Statement translate(String sql) {
        return Translator.translate(sql, new Translator.Context("p", null, CATALOG, Map.of("x", "CAST(1 AS BIGINT)"),
                List.of()));
    }

    private static final List<String> SUPPORTED = List.of(
            "SELECT a, COUNT(*) AS n FROM `p.ds.t` WHERE b > 1 AND c LIKE 'x%' GROUP BY a HAVING n > 2 ORDER BY n DESC LIMIT 10",
            "WITH w AS (SELECT id FROM ds.t) SELECT w.id FROM w JOIN ds.u AS u USING (id) WHERE u.x IN (1, 2, @x)",
            "SELECT t.id, v.day, o FROM ds.t AS t LEFT JOIN UNNEST(t.visits) AS v WITH OFFSET AS o ORDER BY 1, 3",
            "SELECT ARRAY_AGG(DISTINCT name IGNORE NULLS ORDER BY name LIMIT 3), STRING_AGG(name, ',') FROM ds.t",
            "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM ds.t",
            "SELECT CASE WHEN a IS NULL THEN 'x' ELSE CAST(a AS STRING) END, DATE_ADD(d, INTERVAL 2 DAY) FROM ds.t",
            "SELECT * EXCEPT (a) REPLACE (b + 1 AS b) FROM ds.t WHERE NOT EXISTS (SELECT 1 FROM UNNEST(arr) AS e WHERE e = 'q')",
            "INSERT INTO ds.t (a, b) VALUES (1, 'x'), (2, @x)",
            "UPDATE ds.t SET a = a + 1 WHERE b = 'x'",
            "DELETE FROM ds.t WHERE a BETWEEN 1 AND 3",
            "SELECT STRUCT(a AS k, b).k, [1, 2][OFFSET(0)], r'raw\\d', b'bytes', 1.5e3, 0x1F FROM ds.t");

    @Test
    void everyPrefixOfASupportedStatementIsTranslatedOrRefusedCleanly() {
        int refused = 0;
        for (String sql : SUPPORTED) {
            translate(sql); // the whole statement is supported
            for (int end = 0; end < sql.length(); end++) {
                try {
                    translate(sql.substring(0, end));
                } catch (BigQueryError e) {
                    assertTrue(e.reason().equals("invalidQuery") || e.reason().equals("notFound"),
                            sql.substring(0, end) + " -> " + e.reason());
                    refused++;
                } catch (RuntimeException e) {
                    fail("prefix '" + sql.substring(0, end) + "' failed with " + e);
                }
            }
        }
        assertTrue(refused > 100);
    }

    @Test
    void unsupportedConstructsAreRefusedByName() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("SELECT SESSION_USER()", "SESSION_USER"),
                Map.entry("SELECT JSON_VALUE(j, '$.a') FROM ds.t", "JSON_VALUE"),
                Map.entry("SELECT a FROM ds.t WINDOW w AS (ORDER BY a)", "WINDOW"),
                Map.entry("SELECT SUM(a) OVER w FROM ds.t", "Named windows"),
                Map.entry("SELECT a FROM ds.t GROUP BY ROLLUP (a)", "ROLLUP"),
                Map.entry("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "WITH RECURSIVE"),
                Map.entry("SELECT a FROM ds.t TABLESAMPLE SYSTEM (10 PERCENT)", "TABLESAMPLE"),
                Map.entry("SELECT CAST(a AS ARRAY<INT64>) FROM ds.t", "ARRAY"),
                Map.entry("SELECT DATE_TRUNC(d, WEEK) FROM ds.t", "WEEK"),
                Map.entry("SELECT FORMAT_DATE('%Q', d) FROM ds.t", "%Q"),
                Map.entry("SELECT EXTRACT(WEEK FROM d) FROM ds.t", "WEEK"),
                Map.entry("SELECT (1, 2)", "Tuple"),
                Map.entry("SELECT a % 2 FROM ds.t", "MOD"),
                Map.entry("DECLARE x INT64", "DECLARE"),
                Map.entry("TRUNCATE TABLE ds.t", "TRUNCATE"),
                Map.entry("SELECT ds.my_udf(a) FROM ds.t", "user-defined"),
                Map.entry("SELECT a FROM ds.t WHERE a LIKE ANY ('a', 'b')", "LIKE ANY"),
                Map.entry("#legacySQL\nSELECT a FROM [p:ds.t]", "Legacy SQL"),
                Map.entry("SELECT @@project_id", "System variables"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            BigQueryError e = assertThrows(BigQueryError.class, () -> translate(c.getKey()), c.getKey());
            assertEquals("invalidQuery", e.reason(), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
    }

    @Test
    void tableNamesResolveAgainstTheProjectAndDefaultDataset() {
        assertTrue(translate("SELECT 1 FROM `p.ds.t`").sql().contains("bq_data.\"t_t\" AS \"t\""));
        assertTrue(translate("SELECT 1 FROM my-project.ds.t2").sql().contains("\"t_t2\""));
        assertTrue(translate("SELECT 1 FROM ds.`t3` AS x").sql().contains("\"t_t3\" AS \"x\""));
        Translator.Statement withDefault = Translator.translate("SELECT 1 FROM t4", new Translator.Context("p",
                new TableRef("p", "ds", "_"), CATALOG, Map.of(), List.of()));
        assertTrue(withDefault.sql().contains("\"t_t4\""));
        BigQueryError missing = assertThrows(BigQueryError.class, () -> translate("SELECT 1 FROM other.t"));
        assertEquals("notFound", missing.reason());
        assertEquals("INSERT", translate("INSERT ds.t (a) SELECT 1").kind());
    }

    @Test
    void literalsKeepBigQueryMeaning() {
        String sql = translate("SELECT 'it\\'s', \"dq\", '''tri'ple''', 'a\\nb', r'a\\nb', 1.5, 2").sql();
        assertTrue(sql.contains("'it''s'"), sql);
        assertTrue(sql.contains("'dq'"), "double quotes are strings in BigQuery, identifiers in DuckDB: " + sql);
        assertTrue(sql.contains("'tri''ple'"), sql);
        assertTrue(sql.contains("'a\nb'"), "escape decoded: " + sql);
        assertTrue(sql.contains("'a\\nb'"), "raw string kept: " + sql);
        assertTrue(sql.contains("CAST(1.5 AS DOUBLE)"), "FLOAT64, not DECIMAL: " + sql);
    }
}
