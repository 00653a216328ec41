package org.dicompipe.emulator.gcs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dicompipe.emulator.http.GoogleError;

/** One satisfiable byte range of an object of known size: {@code first..last} inclusive. */
record ByteRange(long first, long last, long size) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * Parses a Range header. Returns null (serve everything) when there is no header or it is a form the
     * emulator does not serve partially (several ranges); throws 416 when the range lies beyond the object.
     */
    static ByteRange parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null;
        }
        long first;
        long last;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    throw unsatisfiable(size);
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                if (m.group(2).length() > 0 && Long.parseLong(m.group(2)) < first) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        if (first >= size) {
            throw unsatisfiable(size);
        }
        return new ByteRange(first, last, size);
    }

    private static GoogleError unsatisfiable(long size) {
        return new GoogleError(416, "OUT_OF_RANGE", "Request range not satisfiable (object size " + size + ")");
    }
}
