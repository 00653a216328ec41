package org.dicompipe.emulator.healthcare.operations;

/**
 * The work behind a long-running method (import, export, deidentify...). Runs on the operations executor;
 * reports progress through {@link OperationProgress} and should return soon after
 * {@link OperationProgress#isCancelled()} turns true.
 */
@FunctionalInterface
public interface OperationTask {

    /**
     * @return the operation's outcome; throwing a {@link org.dicompipe.emulator.http.GoogleError} ends the
     *         operation with that error's status, any other exception ends it with INTERNAL
     */
    OperationResult run(OperationProgress progress) throws Exception;
}
