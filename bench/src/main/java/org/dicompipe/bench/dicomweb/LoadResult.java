package org.dicompipe.bench.dicomweb;

/**
 * What one load against one server measured: {@code items} is what the rate counts (instances for STOW,
 * requests otherwise), {@code bytes} the payload moved (request bodies for STOW, response bodies otherwise).
 */
record LoadResult(String server, String load, int requests, long items, long bytes, long wallNanos,
        Latencies latencies) {

    double itemsPerSecond() {
        return items / (wallNanos / 1e9);
    }

    double megabytesPerSecond() {
        return bytes / 1e6 / (wallNanos / 1e9);
    }
}
