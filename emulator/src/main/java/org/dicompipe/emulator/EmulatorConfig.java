package org.dicompipe.emulator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How one emulator process is set up. Host defaults to loopback so that nothing is exposed
 * beyond this machine unless asked for.
 *
 * @param host               interface to bind; 127.0.0.1 unless the user says otherwise
 * @param port               TCP port; 0 picks a free one
 * @param dataDir            root of everything the emulator persists
 * @param pubsubEmulatorHost host:port of the Pub/Sub emulator, or null when notifications are off
 * @param maxRequestBytes    requests larger than this are refused with 413
 */
public record EmulatorConfig(String host, int port, Path dataDir, String pubsubEmulatorHost, long maxRequestBytes) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024 * 1024;

    public EmulatorConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (host == null || host.isBlank()) {
            host = "127.0.0.1";
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxRequestBytes <= 0) {
            maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        }
    }

    /** Loopback, a free port, the given data folder, Pub/Sub from {@code PUBSUB_EMULATOR_HOST} if set. */
    public static EmulatorConfig local(Path dataDir) {
        return new EmulatorConfig("127.0.0.1", 0, dataDir, System.getenv("PUBSUB_EMULATOR_HOST"), 0);
    }

    public EmulatorConfig withPort(int newPort) {
        return new EmulatorConfig(host, newPort, dataDir, pubsubEmulatorHost, maxRequestBytes);
    }

    public EmulatorConfig withHost(String newHost) {
        return new EmulatorConfig(newHost, port, dataDir, pubsubEmulatorHost, maxRequestBytes);
    }

    public EmulatorConfig withPubsubEmulatorHost(String hostPort) {
        return new EmulatorConfig(host, port, dataDir, hostPort, maxRequestBytes);
    }

    public EmulatorConfig withMaxRequestBytes(long bytes) {
        return new EmulatorConfig(host, port, dataDir, pubsubEmulatorHost, bytes);
    }
}
