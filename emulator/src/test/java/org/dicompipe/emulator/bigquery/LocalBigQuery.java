package org.dicompipe.emulator.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;

/** An emulator on a free loopback port and the official BigQuery client pointed at it. */
final class LocalBigQuery implements AutoCloseable {

    static final String PROJECT = "test-project";

    final EmulatorServer server;
    final BigQuery client;

    private LocalBigQuery(EmulatorServer server) {
        this.server = server;
        this.client = BigQueryOptions.newBuilder()
                .setHost(server.baseUrl().toString())
                .setProjectId(PROJECT)
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService();
    }

    static LocalBigQuery start(Path dataDir) throws Exception {
        return new LocalBigQuery(EmulatorServer.start(EmulatorConfig.local(dataDir)));
    }

    /** Started with the patients table loaded. */
    static LocalBigQuery startWith(Path dataDir, Patients patients) throws Exception {
        LocalBigQuery local = start(dataDir);
        try {
            patients.load(local.client);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        return local;
    }

    /** All rows of a query, through whichever path (jobs.query or jobs.insert) the client picks. */
    List<FieldValueList> rows(QueryJobConfiguration config) throws InterruptedException {
        List<FieldValueList> list = new ArrayList<>();
        client.query(config).iterateAll().forEach(list::add);
        return list;
    }

    List<FieldValueList> rows(String sql) throws InterruptedException {
        return rows(QueryJobConfiguration.newBuilder(sql).build());
    }

    BigQueryTables tables() {
        return server.context().feature(BigQueryFeature.class).orElseThrow().tables();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
