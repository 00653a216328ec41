package org.dicompipe.emulator.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets, tables, rows and finished jobs survive a restart on the same data directory. */
class BigQueryRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void everythingIsThereAfterARestart() throws Exception {
        Patients patients = Patients.generate(120);
        JobId jobId = JobId.of("before-restart");
        try (LocalBigQuery first = LocalBigQuery.start(dataDir)) {
            patients.load(first.client);
            Job job = first.client.create(JobInfo.of(jobId, QueryJobConfiguration.newBuilder(
                    "SELECT id, name FROM clinic.patients WHERE age > 60 ORDER BY id").build()));
            assertTrue(job.isDone());
        }
        try (LocalBigQuery second = LocalBigQuery.start(dataDir)) {
            assertNotNull(second.client.getDataset("clinic"));
            com.google.cloud.bigquery.Schema schema = second.client.getTable(Patients.TABLE).getDefinition().getSchema();
            assertEquals(Patients.SCHEMA.getFields().stream().map(f -> f.getName() + ":" + f.getType()).toList(),
                    schema.getFields().stream().map(f -> f.getName() + ":" + f.getType()).toList());
            assertEquals(2, schema.getFields().get("visits").getSubFields().size());
            List<Long> ids = new ArrayList<>();
            second.client.listTableData(Patients.TABLE, Patients.SCHEMA).iterateAll()
                    .forEach(r -> ids.add(r.get("id").getLongValue()));
            assertEquals(patients.rows().stream().map(Patients.Patient::id).toList(), ids);

            Job job = second.client.getJob(jobId);
            assertNotNull(job, "the finished job is still known");
            TableResult result = job.getQueryResults();
            List<Long> old = new ArrayList<>();
            for (FieldValueList row : result.iterateAll()) {
                old.add(row.get("id").getLongValue());
            }
            assertEquals(patients.rows().stream().filter(p -> p.age() > 60).map(Patients.Patient::id).toList(), old);

            // the macros are per connection: queries that need them work after a restart too
            assertEquals(2.5, second.client.query(QueryJobConfiguration.newBuilder("SELECT 5 / 2").build())
                    .getValues().iterator().next().get(0).getDoubleValue());
            // and the insertId window starts empty: a new row with an old id is accepted
            second.client.insertAll(InsertAllRequest.newBuilder(Patients.TABLE)
                    .addRow("patient-1", Patients.json(patients.rows().get(0))).build());
            assertEquals(121, second.client.getTable(Patients.TABLE).getNumRows().longValue());
        }
    }
}
