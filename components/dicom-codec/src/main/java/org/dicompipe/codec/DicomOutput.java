package org.dicompipe.codec;

import java.io.IOException;
import java.io.OutputStream;

/** Buffered writer of DICOM header fields; large writes bypass the buffer. */
final class DicomOutput {
    private final OutputStream os;
    private final byte[] buf = new byte[64 * 1024];
    private int n;

    DicomOutput(OutputStream os) {
        this.os = os;
    }

    private void room(int k) throws IOException {
        if (n + k > buf.length) {
            flushBuffer();
        }
    }

    void u8(int v) throws IOException {
        room(1);
        buf[n++] = (byte) v;
    }

    void u16(int v, boolean bigEndian) throws IOException {
        room(2);
        if (bigEndian) {
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        } else {
            buf[n++] = (byte) v;
            buf[n++] = (byte) (v >>> 8);
        }
    }

    void u32(int v, boolean bigEndian) throws IOException {
        room(4);
        if (bigEndian) {
            buf[n++] = (byte) (v >>> 24);
            buf[n++] = (byte) (v >>> 16);
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        } else {
            buf[n++] = (byte) v;
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) (v >>> 16);
            buf[n++] = (byte) (v >>> 24);
        }
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length / 2) {
            flushBuffer();
            os.write(b, off, len);
            return;
        }
        room(len);
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    private void flushBuffer() throws IOException {
        if (n > 0) {
            os.write(buf, 0, n);
            n = 0;
        }
    }

    void flush() throws IOException {
        flushBuffer();
        os.flush();
    }
}
