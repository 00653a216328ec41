package org.dicompipe.emulator.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated table of patients and its rows as Java values, so that query results can be
 * checked against values computed here rather than by another SQL engine.
 */
record Patients(List<Patient> rows) {

    record Visit(String day, double cost) {
    }

    record Patient(long id, String name, long age, String city, List<String> tags, List<Visit> visits, Instant seen) {
    }

    static final TableId TABLE = TableId.of("clinic", "patients");

    static final Schema SCHEMA = Schema.of(
            Field.newBuilder("id", StandardSQLTypeName.INT64).setMode(Field.Mode.REQUIRED).build(),
            Field.of("name", StandardSQLTypeName.STRING),
            Field.of("age", StandardSQLTypeName.INT64),
            Field.newBuilder("address", StandardSQLTypeName.STRUCT, Field.of("city", StandardSQLTypeName.STRING),
                    Field.of("zip", StandardSQLTypeName.STRING)).build(),
            Field.newBuilder("tags", StandardSQLTypeName.STRING).setMode(Field.Mode.REPEATED).build(),
            Field.newBuilder("visits", StandardSQLTypeName.STRUCT, Field.of("day", StandardSQLTypeName.DATE),
                    Field.of("cost", StandardSQLTypeName.FLOAT64)).setMode(Field.Mode.REPEATED).build(),
            Field.of("seen", StandardSQLTypeName.TIMESTAMP));

    static final List<String> CITIES = List.of("Amsterdam", "Berlin", "Cairo", "Dakar", "Essen");

    static Patients generate(int count) {
        List<Patient> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            List<String> tags = new ArrayList<>();
            for (int t = 0; t < i % 4; t++) {
                tags.add("x" + ((i + t) % 6));
            }
            List<Visit> visits = new ArrayList<>();
            for (int v = 0; v < i % 5; v++) {
                visits.add(new Visit(String.format("2024-%02d-%02d", 1 + (i + v) % 12, 1 + v * 3), (i * 7 + v * 3) % 40 + 0.25));
            }
            String name = (i % 7 == 0 ? "q" : "p") + "atient" + i;
            rows.add(new Patient(i, name, 18 + (i * 13) % 70, CITIES.get(i % CITIES.size()), tags, visits,
                    Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 3600L).plusNanos(i * 1000L)));
        }
        return new Patients(rows);
    }

    void load(BigQuery bq) {
        if (bq.getDataset(TABLE.getDataset()) == null) {
            bq.create(DatasetInfo.of(TABLE.getDataset()));
        }
        bq.create(TableInfo.of(TABLE, StandardTableDefinition.of(SCHEMA)));
        for (int from = 0; from < rows.size(); from += 500) {
            InsertAllRequest.Builder b = InsertAllRequest.newBuilder(TABLE);
            for (Patient p : rows.subList(from, Math.min(rows.size(), from + 500))) {
                b.addRow("patient-" + p.id(), json(p));
            }
            if (bq.insertAll(b.build()).hasErrors()) {
                throw new IllegalStateException("fixture rows refused");
            }
        }
    }

    static Map<String, Object> json(Patient p) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", p.id());
        row.put("name", p.name());
        row.put("age", p.age());
        row.put("address", Map.of("city", p.city(), "zip", "Z" + p.id() % 10));
        row.put("tags", p.tags());
        List<Map<String, Object>> visits = new ArrayList<>();
        p.visits().forEach(v -> visits.add(Map.of("day", v.day(), "cost", v.cost())));
        row.put("visits", visits);
        row.put("seen", p.seen().toString());
        return row;
    }
}
