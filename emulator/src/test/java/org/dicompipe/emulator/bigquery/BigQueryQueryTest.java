package org.dicompipe.emulator.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.TableResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard SQL through the official client (jobs.query, jobs.insert, jobs.getQueryResults, paging
 * through the result table), checked against values computed in Java from the inserted rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigQueryQueryTest {

    private LocalBigQuery local;
    private BigQuery bq;
    private final Patients patients = Patients.generate(300);

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        local = LocalBigQuery.startWith(dataDir, patients);
        bq = local.client;
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
    }

    private List<FieldValueList> rows(String sql) throws InterruptedException {
        return local.rows(sql);
    }

    private List<FieldValueList> rows(QueryJobConfiguration config) throws InterruptedException {
        return local.rows(config);
    }

    @Test
    void whereGroupByOrderByAndAggregates() throws Exception {
        TableResult result = bq.query(QueryJobConfiguration.newBuilder(
                "SELECT address.city AS city, COUNT(*) AS n, SUM(age) AS total, MIN(age) AS youngest,"
                        + " MAX(age) AS oldest, AVG(age) AS mean, COUNT(DISTINCT age) AS ages"
                        + " FROM `test-project.clinic.patients` WHERE age >= 30 AND name LIKE 'p%'"
                        + " GROUP BY city ORDER BY city DESC").build());
        Schema schema = result.getSchema();
        assertEquals(List.of("city", "n", "total", "youngest", "oldest", "mean", "ages"),
                schema.getFields().stream().map(Field::getName).toList());
        assertEquals(LegacySQLTypeName.STRING, schema.getFields().get("city").getType());
        assertEquals(LegacySQLTypeName.INTEGER, schema.getFields().get("total").getType());
        assertEquals(LegacySQLTypeName.FLOAT, schema.getFields().get("mean").getType());

        Map<String, List<Patients.Patient>> byCity = new TreeMap<>(Comparator.reverseOrder());
        for (Patients.Patient p : patients.rows()) {
            if (p.age() >= 30 && p.name().startsWith("p")) {
                byCity.computeIfAbsent(p.city(), c -> new ArrayList<>()).add(p);
            }
        }
        List<FieldValueList> rows = new ArrayList<>();
        result.iterateAll().forEach(rows::add);
        assertEquals(byCity.size(), rows.size());
        int k = 0;
        for (Map.Entry<String, List<Patients.Patient>> e : byCity.entrySet()) {
            FieldValueList row = rows.get(k++);
            List<Patients.Patient> ps = e.getValue();
            assertEquals(e.getKey(), row.get("city").getStringValue());
            assertEquals(ps.size(), row.get("n").getLongValue());
            assertEquals(ps.stream().mapToLong(Patients.Patient::age).sum(), row.get("total").getLongValue());
            assertEquals(ps.stream().mapToLong(Patients.Patient::age).min().orElseThrow(), row.get("youngest").getLongValue());
            assertEquals(ps.stream().mapToLong(Patients.Patient::age).max().orElseThrow(), row.get("oldest").getLongValue());
            assertEquals(ps.stream().mapToLong(Patients.Patient::age).average().orElseThrow(),
                    row.get("mean").getDoubleValue(), 1e-9);
            assertEquals(ps.stream().map(Patients.Patient::age).distinct().count(), row.get("ages").getLongValue());
        }
    }

    @Test
    void unnestOverRepeatedFieldsAndStructAccess() throws Exception {
        Map<String, Long> tagCounts = new TreeMap<>();
        patients.rows().forEach(p -> p.tags().forEach(t -> tagCounts.merge(t, 1L, Long::sum)));
        List<Map.Entry<String, Long>> expected = tagCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        List<FieldValueList> rows = rows("SELECT tag, COUNT(*) AS n FROM clinic.patients, UNNEST(tags) AS tag"
                + " GROUP BY tag ORDER BY n DESC, tag");
        assertEquals(expected.size(), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            assertEquals(expected.get(k).getKey(), rows.get(k).get("tag").getStringValue());
            assertEquals(expected.get(k).getValue(), rows.get(k).get("n").getLongValue());
        }
        // the same through the implicit correlated join
        List<FieldValueList> implicit = rows("SELECT tag, COUNT(*) AS n FROM clinic.patients AS p, p.tags AS tag"
                + " GROUP BY tag ORDER BY n DESC, tag");
        assertEquals(rows.stream().map(r -> r.get("n").getLongValue()).toList(),
                implicit.stream().map(r -> r.get("n").getLongValue()).toList());

        Map<Long, double[]> spent = new TreeMap<>();
        for (Patients.Patient p : patients.rows()) {
            for (Patients.Visit v : p.visits()) {
                if (v.cost() > 10) {
                    double[] acc = spent.computeIfAbsent(p.id(), id -> new double[2]);
                    acc[0] += v.cost();
                    acc[1]++;
                }
            }
        }
        List<FieldValueList> visits = rows("SELECT p.id, SUM(v.cost) AS spent, COUNT(v.day) AS n"
                + " FROM clinic.patients AS p CROSS JOIN UNNEST(p.visits) AS v WHERE v.cost > 10"
                + " GROUP BY p.id ORDER BY p.id");
        assertEquals(spent.size(), visits.size());
        int k = 0;
        for (Map.Entry<Long, double[]> e : spent.entrySet()) {
            FieldValueList row = visits.get(k++);
            assertEquals(e.getKey(), row.get("id").getLongValue());
            assertEquals(e.getValue()[0], row.get("spent").getDoubleValue(), 1e-9);
            assertEquals((long) e.getValue()[1], row.get("n").getLongValue());
        }

        Map<String, List<String>> firstNames = patients.rows().stream().collect(Collectors.groupingBy(
                Patients.Patient::city, TreeMap::new,
                Collectors.collectingAndThen(Collectors.mapping(Patients.Patient::name, Collectors.toList()),
                        l -> l.stream().sorted().limit(3).toList())));
        List<FieldValueList> agg = rows("SELECT address.city AS city, ARRAY_AGG(name ORDER BY name LIMIT 3) AS first"
                + " FROM clinic.patients GROUP BY city ORDER BY city");
        assertEquals(firstNames.size(), agg.size());
        k = 0;
        for (Map.Entry<String, List<String>> e : firstNames.entrySet()) {
            FieldValueList row = agg.get(k++);
            assertEquals(e.getKey(), row.get("city").getStringValue());
            assertEquals(e.getValue(), row.get("first").getRepeatedValue().stream().map(FieldValue::getStringValue).toList());
        }

        List<FieldValueList> perRow = rows("SELECT id, ARRAY_LENGTH(tags) AS n, 'x1' IN UNNEST(tags) AS has_x1,"
                + " (SELECT COUNT(*) FROM UNNEST(visits) AS v WHERE v.cost > 20) AS expensive,"
                + " EXISTS(SELECT 1 FROM UNNEST(tags) AS t WHERE t = 'x2') AS has_x2"
                + " FROM clinic.patients WHERE id <= 40 ORDER BY id");
        assertEquals(40, perRow.size());
        for (FieldValueList row : perRow) {
            Patients.Patient p = patients.rows().get((int) row.get("id").getLongValue() - 1);
            assertEquals(p.tags().size(), row.get("n").getLongValue());
            assertEquals(p.tags().contains("x1"), row.get("has_x1").getBooleanValue());
            assertEquals(p.tags().contains("x2"), row.get("has_x2").getBooleanValue());
            assertEquals(p.visits().stream().filter(v -> v.cost() > 20).count(), row.get("expensive").getLongValue());
        }
    }

    @Test
    void recordsAndRepeatedFieldsComeBackNested() throws Exception {
        TableResult result = bq.query(QueryJobConfiguration.newBuilder(
                "SELECT id, address, visits, seen FROM clinic.patients WHERE id = 9").build());
        Field address = result.getSchema().getFields().get("address");
        assertEquals(LegacySQLTypeName.RECORD, address.getType());
        Field visits = result.getSchema().getFields().get("visits");
        assertEquals(Field.Mode.REPEATED, visits.getMode());
        assertEquals(LegacySQLTypeName.TIMESTAMP, result.getSchema().getFields().get("seen").getType());
        FieldValueList row = result.getValues().iterator().next();
        Patients.Patient p = patients.rows().get(8);
        assertEquals(p.city(), row.get("address").getRecordValue().get("city").getStringValue());
        List<FieldValue> vs = row.get("visits").getRepeatedValue();
        assertEquals(p.visits().size(), vs.size());
        for (int k = 0; k < vs.size(); k++) {
            assertEquals(p.visits().get(k).day(), vs.get(k).getRecordValue().get(0).getStringValue());
            assertEquals(p.visits().get(k).cost(), vs.get(k).getRecordValue().get(1).getDoubleValue());
        }
        assertEquals(p.seen(), row.get("seen").getTimestampInstant());
    }

    @Test
    void namedAndPositionalParameters() throws Exception {
        Instant since = Instant.parse("2024-01-03T00:00:00Z");
        List<FieldValueList> named = rows(QueryJobConfiguration.newBuilder(
                "SELECT id FROM clinic.patients WHERE address.city = @city AND age BETWEEN @lo AND @hi"
                        + " AND seen >= @since AND id IN UNNEST(@ids) ORDER BY id")
                .addNamedParameter("city", QueryParameterValue.string("Berlin"))
                .addNamedParameter("lo", QueryParameterValue.int64(20))
                .addNamedParameter("hi", QueryParameterValue.int64(60))
                .addNamedParameter("since", QueryParameterValue.timestamp(since.toEpochMilli() * 1000))
                .addNamedParameter("ids", QueryParameterValue.array(new Long[] {6L, 11L, 16L, 21L, 26L, 31L, 36L,
                        41L, 46L, 51L, 56L, 61L, 96L, 101L, 106L, 111L}, Long.class))
                .build());
        List<Long> expected = patients.rows().stream()
                .filter(p -> p.city().equals("Berlin") && p.age() >= 20 && p.age() <= 60 && !p.seen().isBefore(since)
                        && List.of(6L, 11L, 16L, 21L, 26L, 31L, 36L, 41L, 46L, 51L, 56L, 61L, 96L, 101L, 106L, 111L)
                        .contains(p.id()))
                .map(Patients.Patient::id).toList();
        assertTrue(expected.size() >= 2, expected.toString());
        assertEquals(expected, named.stream().map(r -> r.get("id").getLongValue()).toList());

        List<FieldValueList> positional = rows(QueryJobConfiguration.newBuilder(
                "SELECT COUNT(*) AS n FROM clinic.patients WHERE age > ? AND name LIKE ?")
                .addPositionalParameter(QueryParameterValue.int64(50))
                .addPositionalParameter(QueryParameterValue.string("q%")).build());
        assertEquals(patients.rows().stream().filter(p -> p.age() > 50 && p.name().startsWith("q")).count(),
                positional.get(0).get("n").getLongValue());

        BigQueryException missing = assertThrows(BigQueryException.class, () -> rows(
                QueryJobConfiguration.newBuilder("SELECT @nope AS x").build()));
        assertEquals(400, missing.getCode());
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }

    @Test
    void largeResultsArePagedThroughQueryAndJobPaths() throws Exception {
        String sql = "SELECT p.id, n FROM clinic.patients AS p CROSS JOIN UNNEST(GENERATE_ARRAY(1, 20)) AS n"
                + " ORDER BY p.id, n";
        int expected = patients.rows().size() * 20;

        TableResult fast = bq.query(QueryJobConfiguration.newBuilder(sql).setMaxResults(700L).build());
        assertEquals(expected, fast.getTotalRows());
        assertNotNull(fast.getNextPageToken(), "the first page is limited by maxResults");
        assertSequence(fast, expected);

        Job job = bq.create(JobInfo.of(QueryJobConfiguration.newBuilder(sql).build()));
        TableResult paged = job.getQueryResults(BigQuery.QueryResultsOption.pageSize(1000));
        assertEquals(expected, paged.getTotalRows());
        int firstPage = 0;
        for (FieldValueList ignored : paged.getValues()) {
            firstPage++;
        }
        assertEquals(1000, firstPage);
        assertSequence(paged, expected);

        // the same job, fetched again by id, still has its results
        Job again = bq.getJob(job.getJobId());
        assertTrue(again.isDone());
        assertEquals(expected, again.getQueryResults(BigQuery.QueryResultsOption.pageSize(5000)).getTotalRows());
    }

    private static void assertSequence(TableResult result, int expected) {
        int seen = 0;
        for (FieldValueList row : result.iterateAll()) {
            long id = seen / 20 + 1;
            long n = seen % 20 + 1;
            assertEquals(id, row.get(0).getLongValue(), "row " + seen);
            assertEquals(n, row.get(1).getLongValue(), "row " + seen);
            seen++;
        }
        assertEquals(expected, seen);
    }

    @Test
    void scalarFunctionsFollowBigQuerySemantics() throws Exception {
        FieldValueList row = rows("SELECT UPPER('abc') AS up, LENGTH('héllo') AS len, SUBSTR('hello', 2, 3) AS sub,"
                + " SUBSTR('hello', -3) AS tail, CONCAT('a', '-', CAST(12 AS STRING)) AS cat,"
                + " CONCAT('a', NULL) AS null_cat, IF(2 > 1, 'yes', 'no') AS cond, COALESCE(NULL, 'z') AS co,"
                + " DATE_DIFF(DATE '2024-03-01', DATE '2024-01-01', DAY) AS days,"
                + " EXTRACT(YEAR FROM TIMESTAMP '2023-07-08 09:10:11+00') AS yr,"
                + " EXTRACT(DAYOFWEEK FROM DATE '2024-06-02') AS dow,"
                + " TIMESTAMP_DIFF(TIMESTAMP '2024-01-02 00:00:00+00', TIMESTAMP '2024-01-01 12:30:00+00', HOUR) AS hrs,"
                + " FORMAT_DATE('%Y/%m/%d', DATE '2024-03-05') AS fmt, SAFE_DIVIDE(1, 0) AS safe,"
                + " MOD(17, 5) AS m, DIV(-7, 2) AS d, 7 / 2 AS q, ROUND(2.5) AS r1, ROUND(-2.5) AS r2,"
                + " GREATEST(1, NULL, 3) AS g, LEAST(4, 2, 3) AS l, REGEXP_EXTRACT('id=42;', r'id=(\\d+)') AS re,"
                + " REGEXP_CONTAINS('abc', r'^a.c$') AS rc, STARTS_WITH('hello', 'he') AS sw,"
                + " DATE_ADD(DATE '2024-01-31', INTERVAL 1 MONTH) AS next_month,"
                + " CAST(NUMERIC '1.50' AS STRING) AS num, ARRAY_TO_STRING(['a', 'b'], '+') AS joined,"
                + " SPLIT('a,b,c')[OFFSET(1)] AS second, [10, 20, 30][ORDINAL(3)] AS third,"
                + " UNIX_SECONDS(TIMESTAMP '1970-01-01 00:01:40+00') AS secs,"
                + " CAST(2.5 AS INT64) AS half_up, CAST(-2.5 AS INT64) AS half_down, CAST(' 12' AS INT64) AS parsed,"
                + " ARRAY_LENGTH(SPLIT('')) AS empty_split").get(0);
        assertEquals(3, row.get("half_up").getLongValue(), "half away from zero");
        assertEquals(-3, row.get("half_down").getLongValue(), "half away from zero");
        assertEquals(12, row.get("parsed").getLongValue());
        assertEquals(1, row.get("empty_split").getLongValue(), "SPLIT of '' is ['']");
        assertEquals("ABC", row.get("up").getStringValue());
        assertEquals(5, row.get("len").getLongValue());
        assertEquals("ell", row.get("sub").getStringValue());
        assertEquals("llo", row.get("tail").getStringValue());
        assertEquals("a-12", row.get("cat").getStringValue());
        assertTrue(row.get("null_cat").isNull(), "CONCAT with NULL is NULL in BigQuery");
        assertEquals("yes", row.get("cond").getStringValue());
        assertEquals("z", row.get("co").getStringValue());
        assertEquals(60, row.get("days").getLongValue());
        assertEquals(2023, row.get("yr").getLongValue());
        assertEquals(1, row.get("dow").getLongValue(), "Sunday is 1");
        assertEquals(11, row.get("hrs").getLongValue());
        assertEquals("2024/03/05", row.get("fmt").getStringValue());
        assertTrue(row.get("safe").isNull());
        assertEquals(2, row.get("m").getLongValue());
        assertEquals(-3, row.get("d").getLongValue());
        assertEquals(3.5, row.get("q").getDoubleValue());
        assertEquals(3.0, row.get("r1").getDoubleValue());
        assertEquals(-3.0, row.get("r2").getDoubleValue());
        assertTrue(row.get("g").isNull(), "GREATEST with NULL is NULL in BigQuery");
        assertEquals(2, row.get("l").getLongValue());
        assertEquals("42", row.get("re").getStringValue());
        assertTrue(row.get("rc").getBooleanValue());
        assertTrue(row.get("sw").getBooleanValue());
        assertEquals("2024-02-29", row.get("next_month").getStringValue());
        assertEquals("1.5", row.get("num").getStringValue());
        assertEquals("a+b", row.get("joined").getStringValue());
        assertEquals("b", row.get("second").getStringValue());
        assertEquals(30, row.get("third").getLongValue());
        assertEquals(100, row.get("secs").getLongValue());
    }

    @Test
    void queryErrorsAreBigQueryErrors() {
        BigQueryException missingTable = assertThrows(BigQueryException.class, () -> rows("SELECT * FROM clinic.nope"));
        assertEquals(404, missingTable.getCode());
        assertEquals("notFound", missingTable.getReason());
        BigQueryException missingDataset = assertThrows(BigQueryException.class, () -> rows("SELECT * FROM nope.t"));
        assertEquals(404, missingDataset.getCode());
        assertTrue(missingDataset.getMessage().contains("Dataset test-project:nope"), missingDataset.getMessage());

        assertNull(bq.getJob(JobId.of("no-such-job")), "jobs.get of an unknown job is a 404");

        BigQueryException syntax = assertThrows(BigQueryException.class, () -> rows("SELEC id FROM clinic.patients"));
        assertEquals(400, syntax.getCode());
        assertEquals("invalidQuery", syntax.getReason());

        Map<String, String> unsupported = new LinkedHashMap<>();
        unsupported.put("MERGE clinic.patients t USING clinic.patients s ON t.id = s.id WHEN MATCHED THEN DELETE",
                "MERGE");
        unsupported.put("SELECT FARM_FINGERPRINT(name) FROM clinic.patients", "FARM_FINGERPRINT");
        unsupported.put("SELECT AS STRUCT 1 AS a", "SELECT AS STRUCT");
        unsupported.put("CREATE TABLE clinic.x (a INT64)", "CREATE");
        unsupported.put("SELECT 1; SELECT 2", "Scripting");
        unsupported.put("SELECT * FROM clinic.INFORMATION_SCHEMA.TABLES", "INFORMATION_SCHEMA");
        unsupported.put("SELECT id FROM clinic.patients FOR SYSTEM_TIME AS OF CURRENT_TIMESTAMP()", "FOR SYSTEM_TIME");
        unsupported.put("SELECT id & 1 FROM clinic.patients", "Bitwise");
        unsupported.put("SELECT * FROM `clinic.pat*`", "Wildcard");
        for (Map.Entry<String, String> e : unsupported.entrySet()) {
            BigQueryException ex = assertThrows(BigQueryException.class, () -> rows(e.getKey()), e.getKey());
            assertEquals(400, ex.getCode(), e.getKey());
            assertEquals("invalidQuery", ex.getReason(), e.getKey());
            assertTrue(ex.getMessage().contains(e.getValue()), ex.getMessage());
        }

        BigQueryException divide = assertThrows(BigQueryException.class, () -> rows("SELECT 1 / 0 AS x"));
        assertEquals(400, divide.getCode());
        assertTrue(divide.getMessage().contains("division by zero"), divide.getMessage());

        BigQueryException badInt = assertThrows(BigQueryException.class, () -> rows("SELECT CAST('1.7' AS INT64)"));
        assertTrue(badInt.getMessage().contains("Bad int64 value"), badInt.getMessage());

        Job nullArray = bq.create(JobInfo.of(QueryJobConfiguration.newBuilder(
                "SELECT ARRAY_AGG(IF(id = 2, NULL, name)) AS names FROM clinic.patients").build()));
        assertNotNull(nullArray.getStatus().getError(), "an array with a NULL element fails the job");
        assertTrue(nullArray.getStatus().getError().getMessage().contains("null element"));

        BigQueryException legacy = assertThrows(BigQueryException.class, () -> rows(
                QueryJobConfiguration.newBuilder("SELECT 1").setUseLegacySql(true).build()));
        assertEquals(400, legacy.getCode());
        assertTrue(legacy.getMessage().contains("Legacy SQL"), legacy.getMessage());

        // through jobs.insert the failure is in the job's status, and getQueryResults reports it
        Job job = bq.create(JobInfo.of(QueryJobConfiguration.newBuilder("SELECT nope FROM clinic.patients").build()));
        assertNotNull(job.getStatus().getError());
        assertEquals("invalidQuery", job.getStatus().getError().getReason());
        assertTrue(job.getStatus().getError().getMessage().contains("Unrecognized name: nope"),
                job.getStatus().getError().getMessage());
        assertThrows(BigQueryException.class, job::getQueryResults);
    }

    @Test
    void dmlThroughJobsInsertLikeCamelBigQuerySql() throws Exception {
        // what camel-google-bigquery-sql does: jobs.insert with named parameters, waitFor, then statistics
        JobId id = JobId.newBuilder().setRandomJob().setProject(LocalBigQuery.PROJECT).build();
        Job job = bq.create(JobInfo.of(id, QueryJobConfiguration.newBuilder(
                "INSERT INTO clinic.patients (id, name, age, tags) VALUES (@id, @name, @age, ['new'])")
                .setUseLegacySql(false)
                .addNamedParameter("id", QueryParameterValue.int64(1000))
                .addNamedParameter("name", QueryParameterValue.string("inserted"))
                .addNamedParameter("age", QueryParameterValue.int64(33)).build())).waitFor();
        assertNull(job.getStatus().getError());
        JobStatistics.QueryStatistics stats = job.getStatistics();
        assertEquals(JobStatistics.QueryStatistics.StatementType.INSERT, stats.getStatementType());
        assertEquals(1L, stats.getNumDmlAffectedRows());
        assertEquals("inserted", bq.getJob(id).getConfiguration() instanceof QueryJobConfiguration
                ? rows("SELECT name FROM clinic.patients WHERE id = 1000").get(0).get(0).getStringValue() : null);

        Job update = bq.create(JobInfo.of(QueryJobConfiguration.newBuilder(
                "UPDATE clinic.patients SET age = age + 1 WHERE id = @id")
                .addNamedParameter("id", QueryParameterValue.int64(1000)).build())).waitFor();
        assertEquals(1L, ((JobStatistics.QueryStatistics) update.getStatistics()).getNumDmlAffectedRows());
        assertEquals(34, rows("SELECT age FROM clinic.patients WHERE id = 1000").get(0).get(0).getLongValue());

        TableResult deleted = bq.query(QueryJobConfiguration.newBuilder(
                "DELETE FROM clinic.patients WHERE id = 1000").build());
        assertEquals(0, deleted.getTotalRows());
        assertEquals(0, rows("SELECT COUNT(*) FROM clinic.patients WHERE id = 1000").get(0).get(0).getLongValue());
        assertEquals(patients.rows().size(), rows("SELECT COUNT(*) FROM clinic.patients").get(0).get(0).getLongValue());
    }
}
