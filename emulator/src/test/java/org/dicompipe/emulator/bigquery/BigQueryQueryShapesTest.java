package org.dicompipe.emulator.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Query shapes beyond single-table aggregates: CTEs, set operations, joins, windows, subqueries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigQueryQueryShapesTest {

    private LocalBigQuery local;
    private BigQuery bq;
    private final Patients patients = Patients.generate(150);

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

    private List<Long> ids(String sql) throws InterruptedException {
        return rows(sql).stream().map(r -> r.get(0).getLongValue()).toList();
    }

    @Test
    void withClausesSetOperationsAndSubqueries() throws Exception {
        List<Long> old = patients.rows().stream().filter(p -> p.age() > 70).map(Patients.Patient::id).toList();
        List<Long> berlin = patients.rows().stream().filter(p -> p.city().equals("Berlin"))
                .map(Patients.Patient::id).toList();
        assertEquals(old, ids("WITH old AS (SELECT id, age FROM clinic.patients WHERE age > 70)"
                + " SELECT id FROM old ORDER BY id"));

        List<Long> union = new ArrayList<>(old);
        berlin.stream().filter(id -> !old.contains(id)).forEach(union::add);
        union.sort(Comparator.naturalOrder());
        assertEquals(union, ids("SELECT id FROM clinic.patients WHERE age > 70 UNION DISTINCT"
                + " SELECT id FROM clinic.patients WHERE address.city = 'Berlin' ORDER BY id"));
        assertEquals(old.size() + berlin.size(), rows("SELECT id FROM clinic.patients WHERE age > 70 UNION ALL"
                + " SELECT id FROM clinic.patients WHERE address.city = 'Berlin'").size());
        assertEquals(old.stream().filter(berlin::contains).toList(), ids("(SELECT id FROM clinic.patients WHERE age > 70)"
                + " INTERSECT DISTINCT (SELECT id FROM clinic.patients WHERE address.city = 'Berlin') ORDER BY 1"));
        assertEquals(old.stream().filter(id -> !berlin.contains(id)).toList(), ids("SELECT id FROM clinic.patients"
                + " WHERE age > 70 EXCEPT DISTINCT SELECT id FROM clinic.patients WHERE address.city = 'Berlin' ORDER BY id"));

        assertEquals(berlin.stream().filter(id -> id <= 50).toList(), ids("SELECT id FROM (SELECT * FROM clinic.patients"
                + " WHERE address.city = 'Berlin') AS b WHERE b.id IN (SELECT id FROM clinic.patients WHERE id <= 50)"
                + " ORDER BY id"));
        long maxAge = patients.rows().stream().mapToLong(Patients.Patient::age).max().orElseThrow();
        assertEquals(patients.rows().stream().filter(p -> p.age() == maxAge).map(Patients.Patient::id).toList(),
                ids("SELECT id FROM clinic.patients WHERE age = (SELECT MAX(age) FROM clinic.patients) ORDER BY id"));
    }

    @Test
    void joinsAndLeftJoinUnnestWithOffset() throws Exception {
        // self join on city between old and young patients
        Map<String, Long> pairs = new TreeMap<>();
        for (Patients.Patient a : patients.rows()) {
            for (Patients.Patient b : patients.rows()) {
                if (a.city().equals(b.city()) && a.age() > 80 && b.age() < 20) {
                    pairs.merge(a.city(), 1L, Long::sum);
                }
            }
        }
        List<FieldValueList> joined = rows("SELECT a.address.city AS city, COUNT(*) AS n FROM clinic.patients AS a"
                + " JOIN clinic.patients AS b ON a.address.city = b.address.city WHERE a.age > 80 AND b.age < 20"
                + " GROUP BY city ORDER BY city");
        assertEquals(pairs, joined.stream().collect(Collectors.toMap(r -> r.get("city").getStringValue(),
                r -> r.get("n").getLongValue(), (x, y) -> x, TreeMap::new)));

        // LEFT JOIN UNNEST keeps patients without visits; WITH OFFSET numbers the elements from 0
        List<FieldValueList> left = rows("SELECT p.id, v.day, pos FROM clinic.patients AS p"
                + " LEFT JOIN UNNEST(p.visits) AS v WITH OFFSET AS pos WHERE p.id <= 12 ORDER BY p.id, pos");
        List<String> expected = new ArrayList<>();
        for (Patients.Patient p : patients.rows().subList(0, 12)) {
            if (p.visits().isEmpty()) {
                expected.add(p.id() + ":null:null");
            }
            for (int k = 0; k < p.visits().size(); k++) {
                expected.add(p.id() + ":" + p.visits().get(k).day() + ":" + k);
            }
        }
        assertEquals(expected, left.stream().map(r -> r.get(0).getLongValue() + ":"
                + (r.get(1).isNull() ? "null" : r.get(1).getStringValue()) + ":"
                + (r.get(2).isNull() ? "null" : r.get(2).getLongValue())).toList());
    }

    @Test
    void windowFunctionsCaseDistinctAndStarModifiers() throws Exception {
        List<FieldValueList> ranked = rows("SELECT id, address.city AS city,"
                + " ROW_NUMBER() OVER (PARTITION BY address.city ORDER BY age DESC, id) AS rank_in_city"
                + " FROM clinic.patients QUALIFY rank_in_city = 1 ORDER BY city");
        Map<String, Patients.Patient> oldest = new TreeMap<>();
        for (Patients.Patient p : patients.rows()) {
            oldest.merge(p.city(), p, (a, b) -> b.age() > a.age() || (b.age() == a.age() && b.id() < a.id()) ? b : a);
        }
        assertEquals(oldest.values().stream().map(Patients.Patient::id).toList(),
                ranked.stream().map(r -> r.get("id").getLongValue()).toList());

        List<FieldValueList> bands = rows("SELECT CASE WHEN age < 30 THEN 'young' WHEN age < 60 THEN 'middle'"
                + " ELSE 'old' END AS band, COUNT(DISTINCT address.city) AS cities FROM clinic.patients"
                + " GROUP BY band HAVING COUNT(*) > 10 ORDER BY band");
        Map<String, List<Patients.Patient>> byBand = patients.rows().stream().collect(Collectors.groupingBy(
                p -> p.age() < 30 ? "young" : p.age() < 60 ? "middle" : "old", TreeMap::new, Collectors.toList()));
        byBand.values().removeIf(l -> l.size() <= 10);
        assertEquals(new ArrayList<>(byBand.keySet()), bands.stream().map(r -> r.get("band").getStringValue()).toList());
        assertEquals(byBand.values().stream().map(l -> l.stream().map(Patients.Patient::city).distinct().count()).toList(),
                bands.stream().map(r -> r.get("cities").getLongValue()).toList());

        TableResult star = bq.query(QueryJobConfiguration.newBuilder(
                "SELECT * EXCEPT (visits, tags, seen) REPLACE (UPPER(name) AS name) FROM clinic.patients WHERE id = 3").build());
        assertEquals(List.of("id", "name", "age", "address"),
                star.getSchema().getFields().stream().map(com.google.cloud.bigquery.Field::getName).toList());
        assertEquals("PATIENT3", star.getValues().iterator().next().get("name").getStringValue());

        List<FieldValueList> distinct = rows("SELECT DISTINCT address.city AS city FROM clinic.patients ORDER BY city");
        assertEquals(Patients.CITIES, distinct.stream().map(r -> r.get(0).getStringValue()).toList());

        FieldValueList struct = rows("SELECT STRUCT(id AS key, name) AS s, [age, age + 1] AS ages"
                + " FROM clinic.patients WHERE id = 2").get(0);
        assertEquals(2, struct.get("s").getRecordValue().get(0).getLongValue());
        assertEquals("patient2", struct.get("s").getRecordValue().get(1).getStringValue());
        long age = patients.rows().get(1).age();
        assertEquals(List.of(age, age + 1), struct.get("ages").getRepeatedValue().stream()
                .map(FieldValue::getLongValue).toList());
    }

    @Test
    void defaultDatasetResolvesSingleNamesAndNullArraysAreRefused() throws Exception {
        List<FieldValueList> viaDefault = new ArrayList<>();
        bq.query(QueryJobConfiguration.newBuilder("SELECT COUNT(*) FROM patients")
                .setDefaultDataset(DatasetId.of("clinic")).build()).iterateAll().forEach(viaDefault::add);
        assertEquals(patients.rows().size(), viaDefault.get(0).get(0).getLongValue());

        BigQueryException noDefault = assertThrows(BigQueryException.class, () -> rows("SELECT COUNT(*) FROM patients"));
        assertTrue(noDefault.getMessage().contains("missing dataset"), noDefault.getMessage());

        BigQueryException nullElement = assertThrows(BigQueryException.class,
                () -> rows("SELECT ARRAY_AGG(IF(id = 1, NULL, id)) AS a FROM clinic.patients"));
        assertTrue(nullElement.getMessage().contains("null element"), nullElement.getMessage());
        assertEquals(patients.rows().size() - 1, rows("SELECT ARRAY_AGG(IF(id = 1, NULL, id) IGNORE NULLS) AS a"
                + " FROM clinic.patients").get(0).get(0).getRepeatedValue().size());

        BigQueryException starUnnest = assertThrows(BigQueryException.class,
                () -> rows("SELECT * FROM clinic.patients, UNNEST(visits) AS v"));
        assertTrue(starUnnest.getMessage().contains("SELECT * over UNNEST"), starUnnest.getMessage());
    }
}
