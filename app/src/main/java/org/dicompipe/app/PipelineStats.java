package org.dicompipe.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counters the routes keep about what they did (bean {@code stats}): the demo's summary line, the health
 * endpoint and the tests read them.
 */
public final class PipelineStats {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    /** Adds one; returns the new value. */
    public long increment(String name) {
        return add(name, 1);
    }

    public long add(String name, long delta) {
        long value = counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(delta);
        synchronized (this) {
            notifyAll();
        }
        return value;
    }

    public void set(String name, long value) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).set(value);
        synchronized (this) {
            notifyAll();
        }
    }

    public long get(String name) {
        AtomicLong v = counters.get(name);
        return v == null ? 0 : v.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /**
     * Waits until counter {@code name} reaches {@code atLeast}; fails with a message naming both values when
     * {@code timeoutSeconds} pass first.
     */
    public long awaitAtLeast(String name, long atLeast, long timeoutSeconds) throws InterruptedException {
        return await(() -> get(name), name, atLeast, Duration.ofSeconds(timeoutSeconds));
    }

    synchronized long await(LongSupplier value, String what, long atLeast, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        long v;
        while ((v = value.getAsLong()) < atLeast) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(what + " reached " + v + " of " + atLeast + " within " + timeout);
            }
            // woken by every counter change; the timed wait bounds how late a missed change is seen
            wait(Math.max(1, Math.min(500, left / 1_000_000)));
        }
        return v;
    }
}
