package org.dicompipe.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table and the fragments that follow it. Fragment values are
 * either loaded ({@link #data(int)}) or only known by their byte range in the source ({@link #fragments()}).
 * For fragments built in memory, the ranges are positions in the encapsulated stream as it would be written,
 * counted from the first fragment's item tag.
 */
public final class Fragments {
    private final long[] basicOffsetTable;
    private final List<BulkDataRef> refs;
    private final List<byte[]> data;
    private long[] extendedOffsetTable;
    private long[] extendedOffsetTableLengths;

    /**
     * @param basicOffsetTable item offsets of the first fragment of each frame, relative to the first fragment's item
     *                         tag; empty when the table is empty
     * @param refs             one byte range per fragment (the item value, without the 8-byte item header)
     * @param data             loaded fragment values (same size as refs, entries may be null), or null if none loaded
     */
    public Fragments(long[] basicOffsetTable, List<BulkDataRef> refs, List<byte[]> data) {
        this.basicOffsetTable = basicOffsetTable == null ? new long[0] : basicOffsetTable;
        this.refs = List.copyOf(refs);
        if (data != null && data.size() != refs.size()) {
            throw new IllegalArgumentException("data and refs differ in size");
        }
        this.data = data == null ? null : Collections.unmodifiableList(new ArrayList<>(data));
    }

    /** One fragment per frame with a Basic Offset Table, from frame bytes already encoded (e.g. JPEG). */
    public static Fragments ofFrames(List<byte[]> frames) {
        long[] bot = new long[frames.size()];
        List<BulkDataRef> refs = new ArrayList<>(frames.size());
        long pos = 0;
        for (int i = 0; i < frames.size(); i++) {
            bot[i] = pos;
            int len = frames.get(i).length + (frames.get(i).length & 1);
            refs.add(new BulkDataRef(pos + 8, len));
            pos += 8 + len;
        }
        List<byte[]> padded = new ArrayList<>(frames.size());
        for (byte[] f : frames) {
            padded.add((f.length & 1) == 0 ? f : java.util.Arrays.copyOf(f, f.length + 1));
        }
        return new Fragments(bot, refs, padded);
    }

    /**
     * The encapsulated value as stored in a file: the offset table item and the fragment items, without the final
     * Sequence Delimitation Item. Requires every fragment to be loaded.
     */
    public byte[] encodeItems() {
        if (!isLoaded()) {
            throw new IllegalStateException("fragments are not loaded");
        }
        long total = 8 + 4L * basicOffsetTable.length;
        for (BulkDataRef r : refs) {
            total += 8 + r.length();
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("encapsulated value too large for one array: " + total);
        }
        byte[] out = new byte[(int) total];
        int p = putItemHeader(out, 0, 4 * basicOffsetTable.length);
        for (long o : basicOffsetTable) {
            ByteOrderUtil.putIntLE(out, p, (int) o);
            p += 4;
        }
        for (int i = 0; i < refs.size(); i++) {
            byte[] d = data.get(i);
            p = putItemHeader(out, p, d.length);
            System.arraycopy(d, 0, out, p, d.length);
            p += d.length;
        }
        return out;
    }

    private static int putItemHeader(byte[] out, int p, int len) {
        ByteOrderUtil.putShortLE(out, p, 0xFFFE);
        ByteOrderUtil.putShortLE(out, p + 2, 0xE000);
        ByteOrderUtil.putIntLE(out, p + 4, len);
        return p + 8;
    }

    /** Fragment byte ranges, excluding the Basic Offset Table item. */
    public List<BulkDataRef> fragments() {
        return refs;
    }

    public int size() {
        return refs.size();
    }

    /** The loaded value of fragment {@code i}, or null when it was skipped. */
    public byte[] data(int i) {
        return data == null ? null : data.get(i);
    }

    public boolean isLoaded() {
        if (data == null) {
            return refs.isEmpty();
        }
        for (byte[] b : data) {
            if (b == null) {
                return false;
            }
        }
        return true;
    }

    /** Offsets from the Basic Offset Table; empty if the table is empty. */
    public long[] basicOffsetTable() {
        return basicOffsetTable.clone();
    }

    /** (7FE0,0001) Extended Offset Table, or null when the dataset has none. */
    public long[] extendedOffsetTable() {
        return extendedOffsetTable == null ? null : extendedOffsetTable.clone();
    }

    /** (7FE0,0002) Extended Offset Table Lengths, or null. */
    public long[] extendedOffsetTableLengths() {
        return extendedOffsetTableLengths == null ? null : extendedOffsetTableLengths.clone();
    }

    void setExtendedOffsetTable(long[] offsets, long[] lengths) {
        this.extendedOffsetTable = offsets;
        this.extendedOffsetTableLengths = lengths;
    }

    /** Offset of each fragment's item tag relative to the first fragment's item tag. */
    private long[] itemOffsets() {
        long[] o = new long[refs.size()];
        long pos = 0;
        for (int i = 0; i < o.length; i++) {
            o[i] = pos;
            pos += 8 + refs.get(i).length();
        }
        return o;
    }

    /**
     * The fragments of each frame. Uses the Extended Offset Table if present, else a non-empty Basic Offset Table;
     * without either, one frame takes all fragments, and N frames in N fragments take one each.
     *
     * @throws IllegalStateException when the boundaries cannot be determined from the tables and counts
     */
    public List<List<BulkDataRef>> frames(int numberOfFrames) {
        return frames(numberOfFrames, null);
    }

    /**
     * As {@link #frames(int)}; when neither table nor counts tell the boundaries, the first bytes of each fragment
     * are looked at for a JPEG SOI or JPEG 2000 SOC marker, which starts a frame. Fragments that were not loaded
     * are read (3 bytes each) from {@code source}, if given.
     */
    public List<List<BulkDataRef>> frames(int numberOfFrames, BulkDataSource source) {
        int n = Math.max(1, numberOfFrames);
        long[] starts = extendedOffsetTable != null && extendedOffsetTable.length > 0 ? extendedOffsetTable
                : basicOffsetTable.length > 0 ? basicOffsetTable : null;
        List<List<BulkDataRef>> out = new ArrayList<>(n);
        if (starts != null) {
            if (starts.length != n) {
                throw new IllegalStateException("offset table has " + starts.length + " entries for " + n + " frames");
            }
            long[] itemOffsets = itemOffsets();
            int f = 0;
            for (int frame = 0; frame < n; frame++) {
                long end = frame + 1 < n ? starts[frame + 1] : Long.MAX_VALUE;
                if (frame + 1 < n && end < starts[frame]) {
                    throw new IllegalStateException("offset table is not increasing at frame " + (frame + 1));
                }
                while (f < itemOffsets.length && itemOffsets[f] < starts[frame]) {
                    f++; // fragments before a frame start belong to no frame (corrupt table)
                }
                if (f >= itemOffsets.length || itemOffsets[f] != starts[frame]) {
                    throw new IllegalStateException("offset " + starts[frame] + " of frame " + (frame + 1)
                            + " is not the start of a fragment");
                }
                List<BulkDataRef> frameRefs = new ArrayList<>(1);
                while (f < itemOffsets.length && itemOffsets[f] < end) {
                    frameRefs.add(refs.get(f++));
                }
                out.add(frameRefs);
            }
            return out;
        }
        if (n == 1) {
            out.add(refs);
            return out;
        }
        if (refs.size() == n) {
            for (BulkDataRef r : refs) {
                out.add(List.of(r));
            }
            return out;
        }
        int[] starts2 = frameStartsByMarker(source);
        if (starts2 != null && starts2.length == n) {
            for (int i = 0; i < n; i++) {
                int end = i + 1 < n ? starts2[i + 1] : refs.size();
                out.add(refs.subList(starts2[i], end));
            }
            return out;
        }
        throw new IllegalStateException("cannot tell the boundaries of " + n + " frames in " + refs.size()
                + " fragments without an offset table");
    }

    /** Fragments that begin with a JPEG SOI or JPEG 2000 SOC marker start a frame. */
    private int[] frameStartsByMarker(BulkDataSource source) {
        int[] tmp = new int[refs.size()];
        int n = 0;
        for (int i = 0; i < refs.size(); i++) {
            byte[] b = data == null ? null : data.get(i);
            if (b == null) {
                if (source == null) {
                    return null;
                }
                b = head(source, refs.get(i));
            }
            if (b.length >= 3 && (b[0] & 0xFF) == 0xFF
                    && ((b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF || (b[1] & 0xFF) == 0x4F)) {
                tmp[n++] = i;
            }
        }
        if (n == 0 || tmp[0] != 0) {
            return null;
        }
        return java.util.Arrays.copyOf(tmp, n);
    }

    private static byte[] head(BulkDataSource source, BulkDataRef r) {
        try (java.io.InputStream in = source.open(new BulkDataRef(r.offset(), Math.min(3, r.length())))) {
            return in.readNBytes(3);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read fragment at " + r, e);
        }
    }
}
