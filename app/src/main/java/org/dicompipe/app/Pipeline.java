package org.dicompipe.app;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.storage.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.google.bigquery.GoogleBigQueryConnectionFactory;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running pipeline: camel-main with the YAML routes of {@code routes/} and the properties of {@code config/},
 * and on the embedded default the local cloud it talks to. {@link #runJob} runs a pipeline to completion;
 * {@link #startConsumers} starts the Pub/Sub-driven routes of the service.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    public static final String EMULATOR_URL = "dicompipe.emulator.url";
    public static final String PUBSUB_HOST = "dicompipe.pubsub.emulator-host";

    private final Main main;
    private final LocalCloud localCloud;
    private final GoogleClients clients;
    private final PipelineStats stats;
    private final Properties properties;

    private Pipeline(Main main, LocalCloud localCloud, GoogleClients clients, PipelineStats stats,
                     Properties properties) {
        this.main = main;
        this.localCloud = localCloud;
        this.clients = clients;
        this.stats = stats;
        this.properties = properties;
    }

    public static Pipeline start(LaunchOptions options) throws Exception {
        Properties props = PipelineConfig.load(options);
        configureManagementServer(props, options);
        if (!Files.isDirectory(options.routesDir())) {
            throw new IllegalArgumentException("routes folder not found: " + options.routesDir().toAbsolutePath()
                    + " (run from the repository folder or pass --routes DIR)");
        }
        LocalCloud local = null;
        if (options.embedded() && props.getProperty(EMULATOR_URL, "").isBlank()) {
            String watch = props.getProperty("dicompipe.local.gcs-watch-seconds", "");
            if (options.job() == null && !watch.isBlank() && System.getProperty(
                    org.dicompipe.emulator.gcs.StorageFeature.WATCH_PROPERTY) == null) {
                // the service picks up files copied into bucket folders, as Cloud Storage uploads would be
                System.setProperty(org.dicompipe.emulator.gcs.StorageFeature.WATCH_PROPERTY, watch);
            }
            local = LocalCloud.start(dataDir(props, options), props.getProperty("dicompipe.project"));
            props.setProperty(EMULATOR_URL, local.emulatorUrl());
            props.setProperty(PUBSUB_HOST, local.pubsubHost());
            props.setProperty("dicompipe.data-dir", local.dataDir().toAbsolutePath().toString());
        }
        String thumbnails = props.getProperty("dicompipe.thumbnails.dir", "output/thumbnails");
        props.setProperty("dicompipe.thumbnails.dir", Path.of(thumbnails).toAbsolutePath().normalize().toString());
        String emulatorUrl = props.getProperty(EMULATOR_URL, "");
        String pubsubHost = props.getProperty(PUBSUB_HOST, "");
        if (!emulatorUrl.isBlank()) {
            props.setProperty("camel.component.dicomstore.rootUrl", emulatorUrl);
            props.setProperty("camel.component.dicomstore.authenticate", "false");
        }
        if (!pubsubHost.isBlank()) {
            props.setProperty("camel.component.google-pubsub.endpoint", pubsubHost);
            props.setProperty("camel.component.google-pubsub.authenticate", "false");
        }
        GoogleClients clients = new GoogleClients(props.getProperty("dicompipe.project"), emulatorUrl, pubsubHost);
        PipelineStats stats = new PipelineStats();
        Main main = new Main();
        try {
            Storage storage = clients.storage();
            BigQuery bigQuery = clients.bigQuery();
            main.setDefaultPropertyPlaceholderLocation("false");
            main.setInitialProperties(props);
            main.configure().withRoutesIncludePattern(
                    "file:" + options.routesDir().toAbsolutePath().normalize() + "/*.camel.yaml");
            main.configure().withName("dicom-pipeline");
            main.configure().health().withEnabled(true);
            main.bind("storageClient", storage);
            main.bind("bigQueryConnectionFactory", new GoogleBigQueryConnectionFactory(bigQuery));
            CloudAdmin cloud = new CloudAdmin(clients, storage, bigQuery);
            main.bind("cloud", cloud);
            main.bind("ingest", new IngestSupport(storage));
            main.bind("demo", new DemoSupport(storage));
            main.bind("stats", stats);
            main.start();
            cloud.setCamelContext(main.getCamelContext());
            if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
                throw new IllegalStateException("Camel did not start (see the log above)");
            }
            MeterRegistry meters = main.getCamelContext().getRegistry().lookupByNameAndType(
                    MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            if (meters != null) {
                stats.publishTo(meters);
            }
        } catch (Exception e) {
            try {
                main.stop();
            } catch (Exception ignored) {
                // reporting the first failure
            }
            clients.close();
            if (local != null) {
                local.close();
            }
            throw e;
        }
        Pipeline pipeline = new Pipeline(main, local, clients, stats, props);
        if (pipeline.healthPort() > 0) {
            LOG.info("health: http://{}:{}/observe/health, metrics: /observe/metrics",
                    props.getProperty("camel.management.host"), pipeline.healthPort());
        }
        return pipeline;
    }

    /**
     * {@code dicompipe.http.port} and {@code .host} become Camel's management server (camel-platform-http-main),
     * which serves the health checks and the Prometheus metrics that application.properties turns on. The service
     * only: a job exits when done, so nothing would probe it.
     */
    static void configureManagementServer(Properties props, LaunchOptions options) {
        String value = props.getProperty("dicompipe.http.port", "-1").trim();
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            port = -2;
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("dicompipe.http.port must be -1 (off), 0 (a free port) or a port"
                    + " number, got: " + value);
        }
        boolean enabled = port >= 0 && options.job() == null;
        props.setProperty("camel.management.enabled", Boolean.toString(enabled));
        if (enabled) {
            props.setProperty("camel.management.host", props.getProperty("dicompipe.http.host", "127.0.0.1").trim());
            props.setProperty("camel.management.port", Integer.toString(port));
        }
    }

    private static Path dataDir(Properties props, LaunchOptions options) throws java.io.IOException {
        String configured = props.getProperty("dicompipe.data-dir", "").trim();
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        if ("demo".equals(options.job())) {
            // the demo starts from nothing every time, so its counts are its own
            return Files.createTempDirectory("dicom-pipeline-demo-");
        }
        return Path.of("data");
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public PipelineStats stats() {
        return stats;
    }

    /** The embedded emulators, or null when the pipeline talks to Google Cloud or to emulators run elsewhere. */
    public LocalCloud localCloud() {
        return localCloud;
    }

    public String property(String key) {
        return camelContext().getPropertiesComponent().resolveProperty(key).orElse(properties.getProperty(key));
    }

    /** The port of {@code /observe/health} and {@code /observe/metrics}, or -1 when the server is off. */
    public int healthPort() {
        VertxPlatformHttpServer server = camelContext().hasService(VertxPlatformHttpServer.class);
        return server == null ? -1 : server.getPort();
    }

    /** Runs the route with id {@code job} (its {@code direct:job} endpoint) to completion; returns its body. */
    public Object runJob(String job) {
        if (camelContext().getRoute(job) == null) {
            List<String> jobs = new ArrayList<>();
            camelContext().getRoutes().forEach(r -> {
                if (r.getEndpoint().getEndpointUri().startsWith("direct://")) {
                    jobs.add(r.getId());
                }
            });
            throw new IllegalArgumentException("no pipeline named " + job + "; the routes offer: " + jobs);
        }
        try (ProducerTemplate template = camelContext().createProducerTemplate()) {
            return template.requestBody("direct:" + job, (Object) "");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the routes listed (comma separated ids), e.g. the Pub/Sub consumers, which wait for provision. */
    public void startConsumers(String routeIds) throws Exception {
        for (String id : routeIds.split(",")) {
            String routeId = id.trim();
            if (!routeId.isEmpty()) {
                camelContext().getRouteController().startRoute(routeId);
            }
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("stopping Camel: {}", e.toString());
        }
        try {
            clients.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (localCloud != null) {
            localCloud.close();
        }
    }
}
