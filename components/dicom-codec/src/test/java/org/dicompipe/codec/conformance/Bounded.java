package org.dicompipe.codec.conformance;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs codec calls on a worker thread so that a hang is reported as a failure instead of stalling the build.
 * This is a hang guard, not a timing assertion: the limits are orders of magnitude above normal run times.
 */
final class Bounded implements AutoCloseable {
    /** Thrown when the call did not return within the limit; the codec is looping or blocked. */
    static final class HangException extends RuntimeException {
        HangException(String message) {
            super(message);
        }
    }

    private final long limitMillis;
    private ExecutorService worker = newWorker();

    Bounded(long limitMillis) {
        this.limitMillis = limitMillis;
    }

    /** The call's result; or the exception it threw, unwrapped; or a {@link HangException}. */
    <T> T call(Callable<T> task) throws Throwable {
        Future<T> f = worker.submit(task);
        try {
            return f.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            f.cancel(true);
            // the stuck thread may never end: abandon it (daemon) and continue on a fresh one
            worker.shutdownNow();
            worker = newWorker();
            throw new HangException("no result within " + limitMillis + " ms");
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bounded-codec-call");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
