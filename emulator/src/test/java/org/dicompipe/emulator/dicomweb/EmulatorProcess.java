package org.dicompipe.emulator.dicomweb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator as a separate JVM ({@code EmulatorMain} on this test's class path), so that a test can kill it with
 * SIGKILL or run it with a small heap. The port is read from its "listening on" line.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^\\s]+)");

    final Process process;
    final String baseUrl;
    private final StringBuffer output = new StringBuffer();

    private EmulatorProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static EmulatorProcess start(Path dataDir, String maxHeap) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                "org.dicompipe.emulator.EmulatorMain", "--data-dir", dataDir.toString(), "--port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            url.completeExceptionally(new IllegalStateException("emulator exited before listening:\n" + out));
        }, "emulator-output");
        reader.setDaemon(true);
        reader.start();
        String base = url.get(60, TimeUnit.SECONDS);
        EmulatorProcess ep = new EmulatorProcess(p, base.endsWith("/") ? base : base + "/");
        ep.output.append(out);
        return ep;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
