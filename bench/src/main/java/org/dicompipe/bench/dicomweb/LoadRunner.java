package org.dicompipe.bench.dicomweb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a fixed list of requests with a fixed number of client threads, each taking the next request when its
 * previous one is answered (closed loop), and times each request from send to the last response byte.
 */
final class LoadRunner {

    /** One request: sends it, checks the answer (throws if wrong) and returns the bytes it counts. */
    interface Call {
        long run() throws Exception;
    }

    private final int clients;

    LoadRunner(int clients) {
        this.clients = clients;
    }

    LoadResult run(String server, String load, List<Call> calls, long itemsPerCall) throws Exception {
        long[] latencies = new long[calls.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < calls.size(); i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        long moved;
                        try {
                            moved = calls.get(i).run();
                        } catch (Exception e) {
                            next.set(calls.size()); // stop the other clients too: a wrong answer voids the run
                            throw new IllegalStateException(server + " " + load + " request " + i + ": " + e.getMessage(), e);
                        }
                        latencies[i] = System.nanoTime() - t0;
                        bytes.addAndGet(moved);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        return new LoadResult(server, load, calls.size(), calls.size() * itemsPerCall, bytes.get(), wall,
                new Latencies(latencies));
    }
}
