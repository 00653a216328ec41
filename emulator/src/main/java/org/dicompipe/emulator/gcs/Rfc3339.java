package org.dicompipe.emulator.gcs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the JSON API writes them: UTC with milliseconds, e.g. 2024-05-01T10:00:00.123Z. */
final class Rfc3339 {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
