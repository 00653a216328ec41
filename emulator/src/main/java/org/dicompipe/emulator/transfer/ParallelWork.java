package org.dicompipe.emulator.transfer;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.dicompipe.emulator.healthcare.operations.OperationProgress;

/**
 * Runs one operation's items on a few threads. A bounded window keeps memory flat; cancelling stops handing out
 * items, and the items in flight finish (each is written whole or not at all by the code that handles it). Shared by
 * the operations that work instance by instance (import, export, deidentify).
 */
public final class ParallelWork {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private ParallelWork() {
    }

    public static <T> void forEach(List<T> items, int parallelism, OperationProgress progress, String threadName,
            Consumer<T> work) throws InterruptedException {
        int n = Math.max(1, parallelism);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, threadName + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Semaphore window = new Semaphore(n * 2);
        try {
            for (T item : items) {
                if (progress.isCancelled()) {
                    break;
                }
                window.acquire();
                pool.execute(() -> {
                    try {
                        if (!progress.isCancelled()) {
                            work.accept(item);
                        }
                    } finally {
                        window.release();
                    }
                });
            }
        } finally {
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // waiting for the items in flight
            }
        }
    }
}
