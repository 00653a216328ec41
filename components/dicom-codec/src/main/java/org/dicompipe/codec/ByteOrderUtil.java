package org.dicompipe.codec;

/** Little-endian accessors and in-place byte swapping of fixed-width values. */
final class ByteOrderUtil {
    private ByteOrderUtil() {
    }

    static short shortLE(byte[] b, int i) {
        return (short) ((b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8);
    }

    static int intLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static long longLE(byte[] b, int i) {
        return (intLE(b, i) & 0xFFFFFFFFL) | (long) intLE(b, i + 4) << 32;
    }

    static void putShortLE(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    static void putIntLE(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }

    static void putLongLE(byte[] b, int i, long v) {
        putIntLE(b, i, (int) v);
        putIntLE(b, i + 4, (int) (v >>> 32));
    }

    /** Reverses each {@code width}-byte value in b[off, off+len); a trailing partial value is left alone. */
    static void swap(byte[] b, int off, int len, int width) {
        if (width <= 1) {
            return;
        }
        int end = off + len - len % width;
        for (int i = off; i < end; i += width) {
            for (int x = i, y = i + width - 1; x < y; x++, y--) {
                byte t = b[x];
                b[x] = b[y];
                b[y] = t;
            }
        }
    }

    /** Width of the unit swapped for a VR in big endian; AT swaps its two 16-bit halves separately. */
    static int swapWidth(VR vr) {
        return vr == VR.AT ? 2 : (vr.isString() || vr == VR.OB || vr == VR.UN || vr == VR.SQ) ? 1 : vr.width();
    }
}
