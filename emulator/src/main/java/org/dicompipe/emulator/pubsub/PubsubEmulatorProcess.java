package org.dicompipe.emulator.pubsub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google's official Pub/Sub emulator ({@code gcloud beta emulators pubsub start}) as a child process on a
 * free loopback port. gcloud is a Python launcher that starts the emulator as a Java grandchild, so
 * {@link #close()} ends the whole process tree, not just gcloud.
 */
public final class PubsubEmulatorProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PubsubEmulatorProcess.class);

    public static final Duration DEFAULT_STARTUP_DEADLINE = Duration.ofSeconds(120);

    static final String INSTALL_HINT = "Install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install) and then"
            + " `gcloud components install pubsub-emulator beta`, or on Debian/Ubuntu/RHEL install the package"
            + " `google-cloud-cli-pubsub-emulator` from Google's apt/yum repository. gcloud is looked up on PATH,"
            + " in $CLOUDSDK_ROOT_DIR/bin and in the usual install folders.";

    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9\\-]{0,62}");

    private final Process process;
    private final String hostPort;
    private final Path logFile;
    private final Thread shutdownHook;

    private PubsubEmulatorProcess(Process process, String hostPort, Path logFile) {
        this.process = process;
        this.hostPort = hostPort;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::destroyTree, "pubsub-emulator-stop");
    }

    /** Starts the emulator with the default startup deadline. */
    public static PubsubEmulatorProcess start(Path dataDir, String projectId) throws IOException {
        return start(dataDir, projectId, DEFAULT_STARTUP_DEADLINE);
    }

    /**
     * Starts the emulator and returns once it answers HTTP requests.
     *
     * @param dataDir   the emulator's {@code --data-dir}; its log goes to {@code pubsub-emulator.log} there
     * @param projectId the {@code --project} the emulator reports
     * @throws IOException when gcloud or its emulator component is missing, or the emulator does not come up
     *                     before the deadline (the message includes the end of its log)
     */
    public static PubsubEmulatorProcess start(Path dataDir, String projectId, Duration deadline) throws IOException {
        Path gcloud = findGcloud().orElseThrow(() -> new IOException("gcloud was not found. " + INSTALL_HINT));
        return start(gcloud, dataDir, projectId, deadline);
    }

    /** Starts the emulator with the given gcloud executable. */
    static PubsubEmulatorProcess start(Path gcloud, Path dataDir, String projectId, Duration deadline)
            throws IOException {
        if (projectId == null || !PROJECT_ID.matcher(projectId).matches()) {
            throw new IllegalArgumentException("invalid project id: " + projectId);
        }
        Files.createDirectories(dataDir);
        Path logFile = dataDir.resolve("pubsub-emulator.log");
        int port = freePort();
        String hostPort = "127.0.0.1:" + port;
        List<String> command = List.of(gcloud.toString(), "beta", "emulators", "pubsub", "start",
                "--host-port=" + hostPort, "--project=" + projectId, "--data-dir=" + dataDir.toAbsolutePath(),
                "--quiet");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        // gcloud must not prompt, report usage or look for updates while starting
        builder.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        builder.environment().put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "1");
        builder.environment().put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "1");
        Process process = builder.start();
        PubsubEmulatorProcess emulator = new PubsubEmulatorProcess(process, hostPort, logFile);
        Runtime.getRuntime().addShutdownHook(emulator.shutdownHook);
        try {
            emulator.awaitReady(deadline);
        } catch (IOException | RuntimeException e) {
            emulator.close();
            throw e;
        }
        LOG.info("Pub/Sub emulator listening on {} (pid {})", hostPort, process.pid());
        return emulator;
    }

    /** {@code 127.0.0.1:PORT}: the value for {@code PUBSUB_EMULATOR_HOST}. */
    public String hostPort() {
        return hostPort;
    }

    /** gcloud's process id; the emulator itself runs as one of its descendants. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where the emulator's console output goes. */
    public Path logFile() {
        return logFile;
    }

    /** Stops gcloud and every process it started, waiting until they are gone. */
    @Override
    public void close() {
        destroyTree();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to unregister
        }
    }

    /** Locates gcloud on PATH, under $CLOUDSDK_ROOT_DIR, or in the folders installers use. */
    public static Optional<Path> findGcloud() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "gcloud"));
                }
            }
        }
        String root = System.getenv("CLOUDSDK_ROOT_DIR");
        if (root != null && !root.isBlank()) {
            candidates.add(Path.of(root, "bin", "gcloud"));
        }
        String home = System.getProperty("user.home");
        candidates.add(Path.of("/usr/lib/google-cloud-sdk/bin/gcloud"));
        candidates.add(Path.of("/usr/local/google-cloud-sdk/bin/gcloud"));
        candidates.add(Path.of("/opt/google-cloud-sdk/bin/gcloud"));
        candidates.add(Path.of("/snap/bin/gcloud"));
        candidates.add(Path.of("/usr/local/bin/gcloud"));
        candidates.add(Path.of("/opt/homebrew/bin/gcloud"));
        if (home != null) {
            candidates.add(Path.of(home, "google-cloud-sdk", "bin", "gcloud"));
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private void awaitReady(Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        URI probe = URI.create("http://" + hostPort + "/");
        long pause = 100;
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the Pub/Sub emulator exited with code " + process.exitValue()
                        + " before accepting requests. " + INSTALL_HINT + "\n--- " + logFile + " ---\n" + logTail());
            }
            if (answers(probe)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IOException("the Pub/Sub emulator did not accept requests on " + hostPort + " within "
                        + deadline + "\n--- " + logFile + " ---\n" + logTail());
            }
            try {
                // polling a child process that offers no readiness signal other than its port
                process.waitFor(pause, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the Pub/Sub emulator");
            }
            pause = Math.min(pause * 2, 1000);
        }
    }

    private static boolean answers(URI probe) {
        try {
            HttpURLConnection connection = (HttpURLConnection) probe.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private synchronized void destroyTree() {
        // Collect descendants first: once gcloud exits, its children are re-parented and no longer found.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        for (ProcessHandle handle : tree) {
            handle.destroy();
        }
        waitGone(tree, Duration.ofSeconds(10));
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        waitGone(tree, Duration.ofSeconds(10));
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                LOG.warn("process {} of the Pub/Sub emulator did not stop", handle.pid());
            }
        }
    }

    private static void waitGone(List<ProcessHandle> handles, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        for (ProcessHandle handle : handles) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception timeoutOrGone) {
                // checked again by the caller
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
