package org.dicompipe.emulator.bigquery;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Best-effort de-duplication of streamed rows: an insertId seen for the same table within the
 * window is dropped, like BigQuery's streaming buffer does (its window is about a minute).
 */
final class InsertIds {

    private final long windowNanos;
    private final Map<String, LinkedHashMap<String, Long>> seenByTable = new HashMap<>();

    InsertIds(long windowMillis) {
        this.windowNanos = windowMillis * 1_000_000L;
    }

    synchronized boolean seen(String table, String insertId) {
        LinkedHashMap<String, Long> seen = seenByTable.get(table);
        if (seen == null) {
            return false;
        }
        expire(seen);
        return seen.containsKey(insertId);
    }

    synchronized void remember(String table, String insertId) {
        LinkedHashMap<String, Long> seen = seenByTable.computeIfAbsent(table, t -> new LinkedHashMap<>());
        seen.remove(insertId);
        seen.put(insertId, System.nanoTime());
        expire(seen);
    }

    synchronized void forget(String table) {
        seenByTable.remove(table);
    }

    private void expire(LinkedHashMap<String, Long> seen) {
        long now = System.nanoTime();
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() > windowNanos) {
                it.remove();
            } else {
                return;
            }
        }
    }
}
