package org.dicompipe.emulator.healthcare.operations;

/** What a running {@link OperationTask} sees: its counters and whether a client asked to cancel it. */
public interface OperationProgress {

    /** Adds to the success and failure counters; pending shrinks by the same amount (not below zero). */
    void add(long success, long failure);

    /** Sets how many items are still to do, e.g. once the task knows how many objects it will import. */
    void setPending(long pending);

    /** True once operations.cancel was called; the task should stop and return. */
    boolean isCancelled();

    /** The operation's resource name, for logs. */
    String operationName();
}
