package org.dicompipe.emulator;

import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Operation;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting for a condition with a deadline, for tests: the probe is asked again every 20 ms (a polling interval, not a
 * synchronisation) until its answer is accepted, and the test fails with the last answer when the time is up, so a
 * condition that never comes fails instead of hanging.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 20;

    /** One look at the state waited for; it may act too (e.g. feed a pipe the server is reading). */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Eventually() {
    }

    /** The first answer of {@code probe} that {@code accepted} accepts. */
    public static <T> T until(String what, Duration limit, Probe<T> probe, Predicate<T> accepted) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T answer = probe.get();
            if (accepted.test(answer)) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what + "; last: " + answer);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Polls operations.get until the operation is done, and returns it as it then is. */
    public static Operation operationDone(CloudHealthcare.Projects.Locations.Datasets datasets, Operation started,
            Duration limit) throws Exception {
        return until("operation " + started.getName() + " to be done", limit,
                () -> datasets.operations().get(started.getName()).execute(), op -> Boolean.TRUE.equals(op.getDone()));
    }
}
