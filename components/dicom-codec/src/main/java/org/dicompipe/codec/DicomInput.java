package org.dicompipe.codec;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * A buffered, position-counting reader over a byte array, a file channel or a stream. Values larger than the buffer
 * are read straight from the source; skipping a file region moves the channel position without reading it. No read
 * allocates more than the source can still deliver, so a bogus length cannot exhaust memory.
 */
final class DicomInput {
    /**
     * Headers are a few KiB and larger values bypass the buffer, so most sources are read with one buffer of this
     * size: allocating and filling more costs more than a whole header parse (codec findings F5).
     */
    private static final int FIRST_BUFFER = 8 * 1024;
    /** A header that outgrows the buffer (large private blocks, long sequences) doubles it, up to this. */
    private static final int MAX_BUFFER = 64 * 1024;
    private static final int STREAM_CHUNK = 1 << 20;

    private byte[] buf;
    private int pos;
    private int lim;
    /** Source offset of buf[0]. */
    private long base;
    private final FileChannel channel;
    private final InputStream stream;
    /** Total source length when known, else -1. */
    private final long total;

    private DicomInput(byte[] buf, int lim, long base, FileChannel channel, InputStream stream, long total) {
        this.buf = buf;
        this.lim = lim;
        this.base = base;
        this.channel = channel;
        this.stream = stream;
        this.total = total;
    }

    static DicomInput of(byte[] data) {
        return new DicomInput(data, data.length, 0, null, null, data.length);
    }

    static DicomInput of(FileChannel ch) throws IOException {
        long size = ch.size();
        // a small file is read whole by the first read; 16 bytes more than the file avoids a second read
        int cap = (int) Math.max(256, Math.min(FIRST_BUFFER, size + 16));
        return new DicomInput(new byte[cap], 0, 0, ch, null, size);
    }

    static DicomInput of(InputStream in) {
        return new DicomInput(new byte[FIRST_BUFFER], 0, 0, null, in, -1);
    }

    /** A stream whose positions are counted from {@code base} (used for the inflated part of deflated files). */
    static DicomInput of(InputStream in, long base) {
        return new DicomInput(new byte[FIRST_BUFFER], 0, base, null, in, -1);
    }

    long position() {
        return base + pos;
    }

    /** Bytes left in the source, or Long.MAX_VALUE if unknown. */
    long remaining() {
        return total < 0 ? Long.MAX_VALUE : total - position();
    }

    boolean isFileChannel() {
        return channel != null;
    }

    byte[] buffer() {
        return buf;
    }

    int bufferPos() {
        return pos;
    }

    /** Makes at least n (n <= buffer size) bytes available; false if the source ends first. */
    boolean request(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (channel == null && stream == null) {
            return false;
        }
        boolean outgrown = lim == buf.length;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
        }
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, n);
        } else if (outgrown && buf.length < MAX_BUFFER && (total < 0 || total - base > buf.length)) {
            // the data read so far filled the buffer: read bigger chunks from now on
            long grown = Math.min(MAX_BUFFER, 2L * buf.length);
            buf = Arrays.copyOf(buf, (int) (total < 0 ? grown : Math.min(grown, total - base + 16)));
        }
        while (lim < n) {
            int r;
            if (channel != null) {
                r = channel.read(ByteBuffer.wrap(buf, lim, buf.length - lim));
            } else {
                r = stream.read(buf, lim, buf.length - lim);
            }
            if (r < 0) {
                return false;
            }
            lim += r;
        }
        return true;
    }

    /** Bytes currently buffered, without reading more. */
    int buffered() {
        return lim - pos;
    }

    int u8() {
        return buf[pos++] & 0xFF;
    }

    int u16(boolean bigEndian) {
        int a = buf[pos] & 0xFF;
        int b = buf[pos + 1] & 0xFF;
        pos += 2;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    int i32(boolean bigEndian) {
        int v;
        if (bigEndian) {
            v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
        } else {
            v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        }
        pos += 4;
        return v;
    }

    /** Byte at buffered offset {@code i} from the current position (caller has requested enough). */
    int peek(int i) {
        return buf[pos + i] & 0xFF;
    }

    void unread(int n) {
        pos -= n;
    }

    /** Reads exactly n bytes; EOFException if the source ends first. Never allocates beyond what the source holds. */
    byte[] readBytes(long n) throws IOException {
        if (n > remaining()) {
            throw new EOFException(n + " bytes requested, " + remaining() + " left");
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new EOFException("value of " + n + " bytes is too large to load; use a bulk data threshold");
        }
        int len = (int) n;
        int avail = lim - pos;
        if (avail >= len) {
            byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return b;
        }
        if (channel != null || stream == null) {
            byte[] b = new byte[len];
            System.arraycopy(buf, pos, b, 0, avail);
            pos += avail;
            int off = avail;
            if (len - off <= buf.length / 2) {
                request(len - off);
                System.arraycopy(buf, pos, b, off, len - off);
                pos += len - off;
                return b;
            }
            base += lim;
            pos = 0;
            lim = 0;
            ByteBuffer bb = ByteBuffer.wrap(b, off, len - off);
            while (bb.hasRemaining()) {
                if (channel == null || channel.read(bb) < 0) {
                    throw new EOFException("source ended inside a value");
                }
            }
            base += len - off;
            return b;
        }
        // stream of unknown length: grow as data actually arrives
        byte[] b = new byte[Math.min(len, Math.max(avail, STREAM_CHUNK))];
        System.arraycopy(buf, pos, b, 0, avail);
        base += lim;
        pos = 0;
        lim = 0;
        int off = avail;
        while (off < len) {
            if (off == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(len, (long) b.length * 2));
            }
            int r = stream.read(b, off, b.length - off);
            if (r < 0) {
                base += off - avail;
                throw new EOFException("stream ended inside a value");
            }
            off += r;
        }
        base += len - avail;
        return b;
    }

    /** Skips n bytes; EOFException if the source ends first. */
    void skip(long n) throws IOException {
        if (n > remaining()) {
            throw new EOFException(n + " bytes to skip, " + remaining() + " left");
        }
        long avail = lim - pos;
        if (avail >= n) {
            pos += (int) n;
            return;
        }
        long rest = n - avail;
        base += lim;
        pos = 0;
        lim = 0;
        if (channel != null) {
            channel.position(base + rest);
            base += rest;
            return;
        }
        if (stream == null) {
            throw new EOFException("source ended while skipping");
        }
        while (rest > 0) {
            long s = stream.skip(rest);
            if (s <= 0) {
                if (stream.read() < 0) {
                    throw new EOFException("stream ended while skipping");
                }
                s = 1;
            }
            rest -= s;
            base += s;
        }
    }

    /** The rest of the source as a stream (for inflating), starting at the current position. */
    InputStream remainder() {
        InputStream head = new ByteArrayInputStream(buf, pos, lim - pos);
        InputStream tail = channel != null ? Channels.newInputStream(channel)
                : stream != null ? stream : InputStream.nullInputStream();
        return new SequenceInputStream(head, tail);
    }

    boolean atEnd() throws IOException {
        return !request(1);
    }
}
