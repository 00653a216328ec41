package org.dicompipe.bench.dicomweb;

import java.util.Arrays;

/** Request latencies of one load, in nanoseconds, and the percentiles the report prints. */
final class Latencies {
    private final long[] nanos;

    Latencies(long[] nanos) {
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    int count() {
        return nanos.length;
    }

    /** Nearest-rank percentile in milliseconds ({@code p} in 0..100). */
    double percentileMillis(double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
    }
}
