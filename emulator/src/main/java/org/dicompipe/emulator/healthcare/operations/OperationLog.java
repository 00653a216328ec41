package org.dicompipe.emulator.healthcare.operations;

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
 * The error log of one operation. Google sends the per-item errors of import, export and deidentify to Cloud Logging
 * and links them from {@code metadata.logsUrl}; here they are JSON lines in {@code {dir}/{operation-id}.jsonl}, one
 * object per failed item (time, operation, resource, error), created at the first failure and served at the
 * operation's logsUrl. The server log only gets the count, at WARN, without any resource name (they carry UIDs).
 */
final class OperationLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperationLog.class);

    private final Path file;
    private final String operation;
    private BufferedWriter out;
    private long lines;

    OperationLog(Path dir, OperationName name) {
        this.operation = name.toString();
        // the id is digits only (OperationName checks it), so it is safe as a file name
        this.file = fileOf(dir, name.id());
    }

    static Path fileOf(Path dir, String operationId) {
        return dir.resolve(operationId + ".jsonl");
    }

    /** Whether anything was written (then the file exists and logsUrl points at it). */
    synchronized boolean hasEntries() {
        return lines > 0;
    }

    /** @param resource what failed: a resource path, an object URI; null when the entry is about the operation */
    synchronized void record(String resource, String error) {
        JsonObject line = new JsonObject();
        line.addProperty("time", Instant.now().toString());
        line.addProperty("operation", operation);
        if (resource != null) {
            line.addProperty("resource", resource);
        }
        line.addProperty("error", error);
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(line.toString());
            out.write('\n');
            // flushed at once: whoever follows logsUrl while the operation runs sees every failure so far
            out.flush();
            lines++;
        } catch (IOException e) {
            LOG.warn("cannot write the error log of {}: {}", operation, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (lines > 0) {
            LOG.warn("{}: {} error(s) logged in {}", operation, lines, file);
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
