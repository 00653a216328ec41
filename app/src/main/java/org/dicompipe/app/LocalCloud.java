package org.dicompipe.app;

import java.io.IOException;
import java.nio.file.Path;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.gcs.StorageFeature;
import org.dicompipe.emulator.pubsub.PubsubEmulatorProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: the Healthcare/Storage/BigQuery emulator in this JVM and Google's Pub/Sub emulator as a
 * child process, both on loopback, both stopped by {@link #close()}.
 */
public final class LocalCloud implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);

    private final PubsubEmulatorProcess pubsub;
    private final EmulatorServer emulator;
    private final Path dataDir;

    private LocalCloud(PubsubEmulatorProcess pubsub, EmulatorServer emulator, Path dataDir) {
        this.pubsub = pubsub;
        this.emulator = emulator;
        this.dataDir = dataDir;
    }

    public static LocalCloud start(Path dataDir, String projectId) throws Exception {
        PubsubEmulatorProcess pubsub;
        try {
            pubsub = PubsubEmulatorProcess.start(dataDir.resolve("pubsub"), projectId);
        } catch (IOException e) {
            throw new IOException("the local Pub/Sub emulator could not be started: " + e.getMessage(), e);
        }
        try {
            EmulatorServer emulator = EmulatorServer.start(
                    EmulatorConfig.local(dataDir).withPubsubEmulatorHost(pubsub.hostPort()));
            LOG.info("local cloud: emulator {} (data {}), Pub/Sub emulator {}", emulator.baseUrl(),
                    dataDir.toAbsolutePath(), pubsub.hostPort());
            return new LocalCloud(pubsub, emulator, dataDir);
        } catch (Exception e) {
            pubsub.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public String emulatorUrl() {
        return emulator.baseUrl().toString();
    }

    /** {@code 127.0.0.1:PORT} of the Pub/Sub emulator. */
    public String pubsubHost() {
        return pubsub.hostPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Announces files dropped into bucket folders (OBJECT_FINALIZE), as the optional watcher does periodically. */
    public int rescanBuckets() throws IOException {
        StorageFeature storage = emulator.context().feature(StorageFeature.class)
                .orElseThrow(() -> new IllegalStateException("the emulator serves no Cloud Storage"));
        return storage.rescan().size();
    }

    @Override
    public void close() {
        try {
            emulator.close();
        } catch (Exception e) {
            LOG.warn("stopping the emulator: {}", e.toString());
        }
        pubsub.close();
    }
}
