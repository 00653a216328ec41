package org.dicompipe.emulator.bigquery;

import org.dicompipe.emulator.EmulatorContext;
import org.dicompipe.emulator.EmulatorFeature;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local BigQuery: REST API v2 at {@code /bigquery/v2/*} (for {@code BigQueryOptions.setHost(baseUrl)}),
 * backed by DuckDB in {@code {data-dir}/bigquery/}. Other features write to it through {@link #tables()}.
 */
public final class BigQueryFeature implements EmulatorFeature {

    private static final Logger LOG = LoggerFactory.getLogger(BigQueryFeature.class);

    /** How long an insertId is remembered for de-duplication (BigQuery: about a minute). */
    static final long INSERT_ID_WINDOW_MILLIS = 60_000;

    private BigQueryStore store;
    private BigQueryTables tables;

    @Override
    public void install(ServletContextHandler context, EmulatorContext env) throws Exception {
        store = BigQueryStore.open(env.config().dataDir().resolve("bigquery"));
        tables = new BigQueryTables(store, new InsertIds(INSERT_ID_WINDOW_MILLIS));
        BigQueryServlet servlet = new BigQueryServlet(store, tables, new QueryJobs(store), env);
        context.addServlet(new ServletHolder("bigquery", servlet), "/bigquery/v2/*");
        LOG.info("BigQuery REST API on /bigquery/v2, data in {}", env.config().dataDir().resolve("bigquery"));
    }

    /** Java access to the same datasets and tables, for other features. Available after install. */
    public BigQueryTables tables() {
        if (tables == null) {
            throw new IllegalStateException("BigQuery feature is not installed");
        }
        return tables;
    }

    @Override
    public void close() throws Exception {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
