package org.dicompipe.emulator.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/related} body part by part without buffering a part: each part's body is an InputStream
 * that ends where the next delimiter starts (RFC 2046 section 5.1). Only a window of a few kilobytes is held.
 */
final class MultipartReader {

    /** The body is not well-formed multipart. */
    static final class MalformedMultipartException extends IOException {
        MalformedMultipartException(String message) {
            super(message);
        }
    }

    /** One part: its headers (names lower-cased) and its body, valid until {@link #next()} is called again. */
    record Part(Map<String, String> headers, InputStream body) {
        String contentType() {
            return headers.get("content-type");
        }
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    /**
     * Boyer-Moore-Horspool shifts: how far the search may move on when the byte under the delimiter's last position
     * is this one. Part bodies are large, and most of their bytes are then skipped rather than compared.
     */
    private final int[] shift = new int[256];
    private final byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    /**
     * Where the delimiter search goes on from: no delimiter starts in {@code [start, scanFrom)}. Without it every
     * read of a part body would scan the whole buffered window again for the few kilobytes it returns.
     */
    private int scanFrom;
    /** Where the next delimiter starts in {@code buf}, or -1 when it has not been found yet. */
    private int delimiterAt = -1;
    private boolean eof;
    private boolean finished;
    private PartBody current;

    MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new IllegalArgumentException("multipart boundary missing or too long");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Arrays.fill(shift, delimiter.length);
        for (int k = 0; k < delimiter.length - 1; k++) {
            shift[delimiter[k] & 0xff] = delimiter.length - 1 - k;
        }
    }

    /** The next part, or null after the closing delimiter. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.drain();
        }
        // Just after a delimiter: "--" closes the body, otherwise the rest of the line is padding.
        fill(2);
        if (end - start >= 2 && buf[start] == '-' && buf[start + 1] == '-') {
            finished = true;
            return null;
        }
        String line = readLine();
        if (!line.isBlank()) {
            throw new MalformedMultipartException("unexpected text after a multipart boundary");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = 0;
        while (true) {
            String h = readLine();
            headerBytes += h.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("multipart part headers are too long");
            }
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new MalformedMultipartException("malformed multipart part header");
            }
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        current = new PartBody();
        return new Part(headers, current);
    }

    private void skipPreamble() throws IOException {
        // The first delimiter may come without the leading CRLF when there is no preamble.
        int dashBoundary = delimiter.length - 2;
        fill(dashBoundary);
        if (end - start >= dashBoundary && regionMatches(start, 2, dashBoundary)) {
            consume(dashBoundary);
            return;
        }
        while (true) {
            fill(delimiter.length);
            int at = indexOfDelimiter();
            if (at >= 0) {
                consume(at - start + delimiter.length);
                return;
            }
            if (eof) {
                throw new MalformedMultipartException("no multipart boundary found in the request body");
            }
            consume(Math.max(0, end - delimiter.length + 1 - start));
        }
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            if (start >= end) {
                fill(1);
                if (start >= end) {
                    throw new MalformedMultipartException("multipart body ends inside part headers");
                }
            }
            byte c = buf[start];
            consume(1);
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            if (b.length() > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("multipart header line is too long");
            }
            b.append((char) (c & 0xff));
        }
    }

    /** Tries to have at least {@code n} unread bytes buffered; fewer only at end of input. */
    private void fill(int n) throws IOException {
        if (end - start >= n || eof) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scanFrom -= start;
            if (delimiterAt >= 0) {
                delimiterAt -= start;
            }
            start = 0;
        }
        while (end - start < n && !eof) {
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
    }

    /** Moves past {@code n} unread bytes, forgetting a found delimiter once it is consumed. */
    private void consume(int n) {
        start += n;
        if (delimiterAt >= 0 && start > delimiterAt) {
            delimiterAt = -1;
        }
        scanFrom = Math.max(scanFrom, start);
    }

    private int indexOfDelimiter() {
        if (delimiterAt >= 0) {
            return delimiterAt;
        }
        int last = end - delimiter.length;
        int tail = delimiter.length - 1;
        byte lastByte = delimiter[tail];
        int i = Math.max(start, scanFrom);
        while (i <= last) {
            byte c = buf[i + tail];
            if (c == lastByte && regionMatches(i, 0, delimiter.length)) {
                delimiterAt = i;
                scanFrom = i;
                return i;
            }
            i += shift[c & 0xff];
        }
        scanFrom = Math.max(scanFrom, Math.min(i, last + 1));
        return -1;
    }

    private boolean regionMatches(int at, int from, int to) {
        for (int k = from; k < to; k++) {
            if (buf[at + k - from] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    /** A part body: bytes up to the next delimiter, which it consumes when reached. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(Math.min(buf.length, delimiter.length + Math.max(len, 8192)));
            int at = indexOfDelimiter();
            int available;
            if (at >= 0) {
                available = at - start;
                if (available == 0) {
                    consume(delimiter.length);
                    done = true;
                    return -1;
                }
            } else {
                if (eof && end - start < delimiter.length) {
                    throw new MalformedMultipartException("multipart body ends without a closing boundary");
                }
                // The last delimiter-1 bytes could be the beginning of a delimiter that is not complete yet.
                available = end - start - (delimiter.length - 1);
                if (available <= 0) {
                    if (eof) {
                        throw new MalformedMultipartException("multipart body ends without a closing boundary");
                    }
                    fill(end - start + 1);
                    return read(b, off, len);
                }
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, start, b, off, n);
            consume(n);
            return n;
        }

        void drain() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard what the caller did not read
            }
        }
    }
}
