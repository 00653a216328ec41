package org.dicompipe.emulator.deid;

import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the per-instance errors of one operation go. Google sends them to Cloud Logging and counts them in the
 * operation's {@code metadata.counter.failure}; here they are JSON lines in
 * {@code {data-dir}/deid/logs/{operation-id}.jsonl} (one object per failed instance: time, operation, resource path,
 * error), created at the first failure. The server log only gets the count, at WARN, without any UID.
 */
final class FailureLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    private final Path file;
    private final String operation;
    private BufferedWriter out;
    private long count;

    FailureLog(Path dir, String operationName) {
        this.operation = operationName;
        String id = operationName.substring(operationName.lastIndexOf('/') + 1);
        if (!id.matches("[0-9A-Za-z_-]{1,64}")) {
            throw new IllegalArgumentException("unexpected operation id");
        }
        this.file = dir.resolve(id + ".jsonl");
    }

    Path file() {
        return file;
    }

    synchronized void record(String resourcePath, String error) {
        count++;
        JsonObject line = new JsonObject();
        line.addProperty("time", Instant.now().toString());
        line.addProperty("operation", operation);
        line.addProperty("resource", resourcePath);
        line.addProperty("error", error);
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(line.toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.warn("cannot write the de-identification failure log {}: {}", file, e.toString());
        }
    }

    synchronized long count() {
        return count;
    }

    @Override
    public synchronized void close() {
        if (count > 0) {
            LOG.warn("{}: {} instance(s) could not be de-identified; details in {}", operation, count, file);
        }
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("cannot close {}: {}", file, e.toString());
            }
            out = null;
        }
    }
}
