package org.dicompipe.codec.conformance;

import java.util.Arrays;

/**
 * One change to a DICOM byte stream, the kinds of damage real files and hostile inputs have. Positions are
 * arbitrary non-negative ints reduced modulo the input length, so a mutation applies to any input.
 */
sealed interface Mutation {
    /** Lengths that break naive readers: undefined length, near-overflow, sign bit, huge but plausible, odd. */
    int[] INTERESTING_LENGTHS = {0xFFFFFFF0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x7FFFFFF8, 0x10000000,
            0x00FFFFFF, 0x0000FFFF, 0x0000FFFE, 0, 1, 3, 7, 0xFFFE, 0xFFFFFFFE};

    byte[] apply(byte[] in, int[] lengthFieldEnds);

    private static int at(int position, int length) {
        return length == 0 ? 0 : position % length;
    }

    /** Flips one bit. */
    record BitFlip(int position, int bit) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[at(position, out.length)] ^= (byte) (1 << (bit & 7));
            }
            return out;
        }
    }

    /** Replaces one byte. */
    record ByteSet(int position, byte value) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[at(position, out.length)] = value;
            }
            return out;
        }
    }

    /** Cuts the input short. */
    record Truncate(int position) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            return Arrays.copyOf(in, at(position, in.length));
        }
    }

    /**
     * Overwrites the length field of a real element (found by parsing the seed) with an interesting length,
     * as 2 or 4 little- or big-endian bytes: the way to hit value lengths rather than random bytes.
     */
    record LengthField(int element, int lengthIndex, boolean twoBytes, boolean bigEndian) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            if (ends.length == 0) {
                return in;
            }
            int end = ends[at(element, ends.length)];
            return overwrite(in, end - (twoBytes ? 2 : 4), INTERESTING_LENGTHS[at(lengthIndex, INTERESTING_LENGTHS.length)], twoBytes, bigEndian);
        }
    }

    /** Overwrites 4 bytes anywhere with an interesting length. */
    record LengthAnywhere(int position, int lengthIndex, boolean bigEndian) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            return overwrite(in, at(position, in.length), INTERESTING_LENGTHS[at(lengthIndex, INTERESTING_LENGTHS.length)], false, bigEndian);
        }
    }

    /** Inserts 4 bytes of an interesting length, shifting what follows. */
    record InsertLength(int position, int lengthIndex) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            int p = at(position, in.length + 1);
            int v = INTERESTING_LENGTHS[at(lengthIndex, INTERESTING_LENGTHS.length)];
            byte[] out = new byte[in.length + 4];
            System.arraycopy(in, 0, out, 0, p);
            out[p] = (byte) v;
            out[p + 1] = (byte) (v >>> 8);
            out[p + 2] = (byte) (v >>> 16);
            out[p + 3] = (byte) (v >>> 24);
            System.arraycopy(in, p, out, p + 4, in.length - p);
            return out;
        }
    }

    /** Copies a chunk and inserts the copy elsewhere (duplicated elements, items, headers). */
    record DuplicateChunk(int from, int length, int to) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            if (in.length == 0) {
                return in;
            }
            int a = at(from, in.length);
            int n = Math.min(1 + (length & 0x1FF), in.length - a);
            int p = at(to, in.length + 1);
            byte[] out = new byte[in.length + n];
            System.arraycopy(in, 0, out, 0, p);
            System.arraycopy(in, a, out, p, n);
            System.arraycopy(in, p, out, p + n, in.length - p);
            return out;
        }
    }

    /** Removes a chunk. */
    record DeleteChunk(int from, int length) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            if (in.length == 0) {
                return in;
            }
            int a = at(from, in.length);
            int n = Math.min(1 + (length & 0xFF), in.length - a);
            byte[] out = new byte[in.length - n];
            System.arraycopy(in, 0, out, 0, a);
            System.arraycopy(in, a + n, out, a, in.length - a - n);
            return out;
        }
    }

    /** Writes two letters where a VR may be, e.g. "SQ", "UN", "OB" or garbage. */
    record VrSwap(int element, String vr) implements Mutation {
        public byte[] apply(byte[] in, int[] ends) {
            if (ends.length == 0) {
                return in;
            }
            // explicit VR: the VR sits 4 bytes after the tag, 2 (short header) or 6 (long) before the value end marker
            int end = ends[at(element, ends.length)];
            byte[] out = in.clone();
            for (int back : new int[] {4, 8}) {
                int p = end - back;
                if (p >= 0 && p + 1 < out.length && Character.isUpperCase(out[p]) && Character.isUpperCase(out[p + 1])) {
                    out[p] = (byte) vr.charAt(0);
                    out[p + 1] = (byte) vr.charAt(1);
                    return out;
                }
            }
            return out;
        }
    }

    private static byte[] overwrite(byte[] in, int p, int v, boolean twoBytes, boolean bigEndian) {
        byte[] out = in.clone();
        int n = twoBytes ? 2 : 4;
        for (int i = 0; i < n; i++) {
            int shift = bigEndian ? 8 * (n - 1 - i) : 8 * i;
            if (p + i >= 0 && p + i < out.length) {
                out[p + i] = (byte) (v >>> shift);
            }
        }
        return out;
    }
}
