package org.dicompipe.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds raw DICOM byte streams element by element, so tests control every byte the reader sees. */
final class DicomBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean bigEndian;

    DicomBytes() {
        this(false);
    }

    DicomBytes(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    DicomBytes u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    DicomBytes u32(long v) {
        if (bigEndian) {
            u16((int) (v >>> 16));
            u16((int) v);
        } else {
            u16((int) v);
            u16((int) (v >>> 16));
        }
        return this;
    }

    DicomBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    DicomBytes ascii(String s) {
        return raw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    DicomBytes tag(int tag) {
        return u16(tag >>> 16).u16(tag & 0xFFFF);
    }

    /** 128-byte preamble and "DICM". */
    DicomBytes preamble() {
        raw(new byte[128]);
        return ascii("DICM");
    }

    /** Explicit VR element with a value given as text (padded by the caller if needed). */
    DicomBytes explicit(int tag, String vr, String value) {
        return explicit(tag, vr, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    DicomBytes explicit(int tag, String vr, byte[] value) {
        explicitHeader(tag, vr, value.length);
        return raw(value);
    }

    DicomBytes explicitHeader(int tag, String vr, long length) {
        tag(tag).ascii(vr);
        VR v = VR.of(vr);
        if (v != null && v.longHeader()) {
            u16(0).u32(length);
        } else {
            u16((int) length);
        }
        return this;
    }

    DicomBytes implicit(int tag, String value) {
        return implicit(tag, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    DicomBytes implicit(int tag, byte[] value) {
        tag(tag).u32(value.length);
        return raw(value);
    }

    DicomBytes implicitHeader(int tag, long length) {
        return tag(tag).u32(length);
    }

    DicomBytes item(long length) {
        return tag(Tag.Item).u32(length);
    }

    DicomBytes itemEnd() {
        return tag(Tag.ItemDelimitationItem).u32(0);
    }

    DicomBytes sequenceEnd() {
        return tag(Tag.SequenceDelimitationItem).u32(0);
    }

    /** File Meta Information with the given transfer syntax (group length computed). */
    DicomBytes meta(String ts) {
        DicomBytes body = new DicomBytes();
        body.explicit(Tags.FileMetaInformationVersion, "OB", new byte[] {0, 1});
        body.explicit(Tags.MediaStorageSOPClassUID, "UI", pad(UID.SecondaryCaptureImageStorage, 0));
        body.explicit(Tags.MediaStorageSOPInstanceUID, "UI", pad("1.2.3.4", 0));
        body.explicit(Tags.TransferSyntaxUID, "UI", pad(ts, 0));
        byte[] b = body.toByteArray();
        explicit(Tags.FileMetaInformationGroupLength, "UL", new byte[] {(byte) b.length, (byte) (b.length >> 8), 0, 0});
        return raw(b);
    }

    static byte[] pad(String s, int padByte) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
        p[b.length] = (byte) padByte;
        return p;
    }

    static byte[] le16(int... v) {
        byte[] b = new byte[v.length * 2];
        for (int i = 0; i < v.length; i++) {
            b[2 * i] = (byte) v[i];
            b[2 * i + 1] = (byte) (v[i] >>> 8);
        }
        return b;
    }

    static byte[] le32(long... v) {
        byte[] b = new byte[v.length * 4];
        for (int i = 0; i < v.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (v[i] >>> (8 * k));
            }
        }
        return b;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
