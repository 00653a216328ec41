package org.dicompipe.emulator.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import java.nio.file.Path;
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

    BigQueryTables tables() {
        return server.context().feature(BigQueryFeature.class).orElseThrow().tables();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
