package org.dicompipe.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each frame of an image lives: byte ranges in the source for native (uncompressed) and encapsulated pixel
 * data, so a frame can be served by reading only those ranges (WADO-RS frame retrieval).
 */
public final class PixelFrames {
    private PixelFrames() {
    }

    /** (0028,0008) Number of Frames, 1 when absent or invalid. */
    public static int numberOfFrames(Attributes ds) {
        return Math.max(1, ds.getInt(Tags.NumberOfFrames, 1));
    }

    /**
     * The byte ranges of each frame: for encapsulated data the fragment values of the frame (see
     * {@link Fragments#frames}), for native data one range of Rows x Columns x Samples x BitsAllocated / 8 bytes.
     *
     * @throws IllegalStateException if there is no pixel data, its source offsets are unknown (not read from a
     *                               file or stream), or the frame layout is inconsistent with its length
     */
    public static List<List<BulkDataRef>> ranges(Attributes ds) {
        return ranges(ds, null);
    }

    /** As {@link #ranges(Attributes)}, reading fragment heads from {@code source} when only markers tell frames apart. */
    public static List<List<BulkDataRef>> ranges(Attributes ds, BulkDataSource source) {
        DicomElement px = pixelData(ds);
        int n = numberOfFrames(ds);
        if (px.hasFragments()) {
            return px.fragments().frames(n, source);
        }
        long start;
        long length;
        if (px.isBulkData()) {
            start = px.bulkData().offset();
            length = px.bulkData().length();
        } else if (px.valueOffset() >= 0 && px.bytes() != null) {
            start = px.valueOffset();
            length = px.bytes().length;
        } else {
            throw new IllegalStateException("pixel data was not read from a source; use frame(ds, i, source)");
        }
        long frameBytes = nativeFrameLength(ds);
        if (frameBytes * n > length) {
            throw new IllegalStateException(n + " frames of " + frameBytes + " bytes do not fit in " + length
                    + " bytes of pixel data");
        }
        List<List<BulkDataRef>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(List.of(new BulkDataRef(start + i * frameBytes, frameBytes)));
        }
        return out;
    }

    /** Bytes of one native frame; bit-packed (BitsAllocated 1) frames must end on a byte boundary. */
    public static long nativeFrameLength(Attributes ds) {
        long rows = ds.getInt(Tags.Rows, 0) & 0xFFFFL;
        long cols = ds.getInt(Tags.Columns, 0) & 0xFFFFL;
        long spp = Math.max(1, ds.getInt(Tags.SamplesPerPixel, 1));
        long bits = ds.getInt(Tags.BitsAllocated, 0);
        if (rows == 0 || cols == 0 || bits <= 0) {
            throw new IllegalStateException("Rows, Columns and BitsAllocated are required to locate frames");
        }
        long frameBits = rows * cols * spp * bits;
        if (frameBits % 8 != 0) {
            throw new IllegalStateException("frames of " + frameBits + " bits do not start on byte boundaries");
        }
        return frameBits / 8;
    }

    /**
     * Frame {@code index} (0-based): the native frame bytes, or the concatenated fragments of an encapsulated
     * frame (the compressed bitstream). Values not loaded are read from {@code source}.
     */
    public static byte[] frame(Attributes ds, int index, BulkDataSource source) throws IOException {
        DicomElement px = pixelData(ds);
        int n = numberOfFrames(ds);
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + n);
        }
        if (px.hasFragments()) {
            Fragments f = px.fragments();
            List<BulkDataRef> refs = f.frames(n, source).get(index);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (BulkDataRef r : refs) {
                int i = f.fragments().indexOf(r);
                byte[] d = i >= 0 ? f.data(i) : null;
                out.writeBytes(d != null ? d : read(source, r));
            }
            return out.toByteArray();
        }
        long frameBytes = nativeFrameLength(ds);
        if (frameBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("frame too large for one array: " + frameBytes);
        }
        byte[] loaded = px.bytes();
        if (loaded != null) {
            long from = index * frameBytes;
            if (from + frameBytes > loaded.length) {
                throw new IllegalStateException("frame " + index + " lies beyond the pixel data");
            }
            byte[] out = new byte[(int) frameBytes];
            System.arraycopy(loaded, (int) from, out, 0, out.length);
            return out;
        }
        BulkDataRef r = ranges(ds).get(index).get(0);
        byte[] b = read(source, r);
        if (px.bulkDataBigEndian()) {
            ByteOrderUtil.swap(b, 0, b.length, ByteOrderUtil.swapWidth(px.vr()));
        }
        return b;
    }

    private static DicomElement pixelData(Attributes ds) {
        DicomElement px = ds.get(Tags.PixelData);
        if (px == null) {
            px = ds.get(Tags.FloatPixelData);
        }
        if (px == null) {
            px = ds.get(Tags.DoubleFloatPixelData);
        }
        if (px == null) {
            throw new IllegalStateException("dataset has no pixel data");
        }
        return px;
    }

    private static byte[] read(BulkDataSource source, BulkDataRef r) throws IOException {
        if (r.length() > Integer.MAX_VALUE - 16) {
            throw new IOException("range too large for one array: " + r);
        }
        try (InputStream in = source.open(r)) {
            byte[] b = in.readNBytes((int) r.length());
            if (b.length != r.length()) {
                throw new IOException("source ended early reading " + r);
            }
            return b;
        }
    }
}
