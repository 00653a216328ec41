package org.dicompipe.emulator.gcs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dicompipe.emulator.EmulatorContext;
import org.dicompipe.emulator.EmulatorFeature;
import org.dicompipe.emulator.pubsub.PubsubPublisher;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Cloud Storage JSON API, backed by {@code {data-dir}/gcs/{bucket}/{object}}, with bucket
 * notifications published to the Pub/Sub emulator.
 *
 * <p>Files copied into a bucket folder by hand are objects at once (they are registered lazily when listed or
 * read) but are not announced as OBJECT_FINALIZE unless {@link #rescan()} runs. The optional watcher runs it
 * periodically: set the system property {@value #WATCH_PROPERTY} to an interval in seconds (off by default). The
 * watcher announces a file once it has been unchanged for one interval.
 */
public final class StorageFeature implements EmulatorFeature {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFeature.class);
    public static final String WATCH_PROPERTY = "dicompipe.emulator.gcs.watch-seconds";

    private final Duration watchInterval;
    private GcsStore store;
    private PubsubPublisher publisher;
    private ScheduledExecutorService watcher;

    /** Watcher interval from {@value #WATCH_PROPERTY}; no watcher when it is unset or 0. */
    public StorageFeature() {
        this(watchIntervalFromProperty());
    }

    /** @param watchInterval how often to look for dropped files; null or zero for no watcher */
    public StorageFeature(Duration watchInterval) {
        this.watchInterval = watchInterval == null || watchInterval.isZero() || watchInterval.isNegative()
                ? null : watchInterval;
    }

    @Override
    public void install(ServletContextHandler context, EmulatorContext env) throws Exception {
        Path root = env.config().dataDir().resolve("gcs");
        store = new GcsStore(root);
        publisher = new PubsubPublisher(env.config().pubsubEmulatorHost());
        BucketNotifications notifications = new BucketNotifications(store, publisher,
                () -> env.baseUrl() == null ? "/" : env.baseUrl().toString());
        store.listener(notifications);
        StorageApiServlet servlet = new StorageApiServlet(new BucketsApi(store, notifications), new ObjectsApi(store),
                new Uploads(store, env.config().maxRequestBytes()));
        ServletHolder holder = new ServletHolder("cloud-storage", servlet);
        context.addServlet(holder, "/storage/v1/*");
        context.addServlet(holder, "/upload/storage/v1/*");
        context.addServlet(holder, "/download/storage/v1/*");
        context.addServlet(holder, BatchRequests.PATH);
        // what the client sends when its host ends in '/'
        context.addServlet(holder, "/" + BatchRequests.PATH);
        // object names arrive as one percent-encoded segment (a%2Fb): EmulatorServer lets such URIs through
        if (watchInterval != null) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gcs-dropped-file-watcher");
                t.setDaemon(true);
                return t;
            });
            long millis = watchInterval.toMillis();
            watcher.scheduleWithFixedDelay(this::rescanQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        LOG.info("Cloud Storage JSON API on /storage/v1, data in {}, notifications {}", root,
                publisher.isEnabled() ? "to Pub/Sub at " + publisher.emulatorHost() : "off (no Pub/Sub emulator)");
    }

    /** Buckets and objects, for other features (import, export) that read and write the local Cloud Storage. */
    public GcsStore store() {
        return store;
    }

    /**
     * Registers files dropped into bucket folders since the last look and publishes OBJECT_FINALIZE for them.
     *
     * @return the newly announced objects
     */
    public List<GcsObject> rescan() throws IOException {
        return store.rescan(Duration.ZERO);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    private void rescanQuietly() {
        try {
            // a file must have stayed unchanged for one interval: cp writes in place, and may still be writing
            List<GcsObject> found = store.rescan(watchInterval);
            if (!found.isEmpty()) {
                LOG.info("announced {} object(s) dropped into bucket folders", found.size());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("scanning bucket folders failed: {}", e.toString());
        }
    }

    private static Duration watchIntervalFromProperty() {
        String value = System.getProperty(WATCH_PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            LOG.warn("ignoring {}={}: not a number of seconds", WATCH_PROPERTY, value);
            return null;
        }
    }
}
