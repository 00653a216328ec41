package org.dicompipe.camel.dicomstore;

/** How idempotent requests are retried on 429 and 503: exponential backoff from initialDelay to maxDelay. */
record RetryPolicy(int maxRetries, long initialDelayMillis, long maxDelayMillis) {

    RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        }
        if (initialDelayMillis < 1) {
            initialDelayMillis = 1;
        }
        if (maxDelayMillis < initialDelayMillis) {
            maxDelayMillis = initialDelayMillis;
        }
    }
}
