package org.dicompipe.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counters the routes keep about what they did (bean {@code stats}): the demo's summary line and the tests read
 * them, and once {@link #publishTo published} they are gauges {@code dicompipe_NAME} next to Camel's metrics.
 */
public final class PipelineStats {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** Adds one; returns the new value. */
    public long increment(String name) {
        return add(name, 1);
    }

    public long add(String name, long delta) {
        long value = counter(name).addAndGet(delta);
        synchronized (this) {
            notifyAll();
        }
        return value;
    }

    public void set(String name, long value) {
        counter(name).set(value);
        synchronized (this) {
            notifyAll();
        }
    }

    /**
     * Makes every counter, present and future, a gauge in {@code registry} (gauges, not counters: {@link #set}
     * may lower a value, e.g. a row count read again).
     */
    public void publishTo(MeterRegistry registry) {
        this.registry = registry;
        counters.forEach((name, value) -> publish(registry, name, value));
    }

    private AtomicLong counter(String name) {
        AtomicLong existing = counters.get(name);
        if (existing != null) {
            return existing;
        }
        AtomicLong created = new AtomicLong();
        existing = counters.putIfAbsent(name, created);
        if (existing != null) {
            return existing;
        }
        MeterRegistry target = registry;
        if (target != null) {
            // registering the same name twice (racing publishTo) returns the gauge already there
            publish(target, name, created);
        }
        return created;
    }

    private static void publish(MeterRegistry registry, String name, AtomicLong value) {
        Gauge.builder("dicompipe." + name, value, AtomicLong::get).strongReference(true)
                .description("pipeline counter " + name).register(registry);
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
