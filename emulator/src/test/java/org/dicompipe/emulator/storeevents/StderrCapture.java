package org.dicompipe.emulator.storeevents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.dicompipe.emulator.Eventually;

/**
 * Copies what is written to {@code System.err} (where slf4j-simple logs) while open, still passing it through. Only
 * for asserting that a failure was logged, and what was not.
 */
final class StderrCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    StderrCapture() {
        System.setErr(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    }

    synchronized String text() {
        return copy.toString(StandardCharsets.UTF_8);
    }

    /** Waits (with a deadline) until the log contains {@code s}; returns the log. */
    String awaitContains(String s, Duration limit) throws Exception {
        return Eventually.until("the log to contain \"" + s + "\"", limit, this::text, log -> log.contains(s));
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    private final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (StderrCapture.this) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (StderrCapture.this) {
                b.write(buf, off, len);
            }
        }
    }
}
