package org.dicompipe.emulator.storage;

/**
 * Counts and sizes for the metrics methods. Blob size is the sum of the instance files, structured size the sum of
 * the metadata the index keeps for them.
 */
public record UsageTotals(long studies, long series, long instances, long blobBytes, long structuredBytes) {
}
