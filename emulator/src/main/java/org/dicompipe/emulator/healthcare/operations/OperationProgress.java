package org.dicompipe.emulator.healthcare.operations;

/** What a running {@link OperationTask} sees: its counters and whether a client asked to cancel it. */
public interface OperationProgress {

    /** Adds to the success and failure counters; pending shrinks by the same amount (not below zero). */
    void add(long success, long failure);

    /**
     * Counts one failed item and records why in the operation's error log, which {@code metadata.logsUrl} then
     * points at (Google's operations link their Cloud Logging entries there).
     *
     * @param resource what failed, e.g. {@code /studies/{uid}/series/{uid}/instances/{uid}} or a gs:// object URI
     * @param error    why, without patient data (the log is served to whoever can read the operation)
     */
    void addFailure(String resource, String error);

    /** Sets how many items are still to do, e.g. once the task knows how many objects it will import. */
    void setPending(long pending);

    /** True once operations.cancel was called; the task should stop and return. */
    boolean isCancelled();

    /** The operation's resource name, for logs. */
    String operationName();
}
