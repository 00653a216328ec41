package org.dicompipe.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.dicompipe.codec.charset.SpecificCharacterSet;

/**
 * Writes Part 10 files (preamble, "DICM", File Meta Information in explicit VR little endian with its group length)
 * and bare datasets in any uncompressed or encapsulated transfer syntax, deflate included. Values are padded to even
 * length; sequences and items are written with undefined length and delimiters; group length elements found in the
 * dataset are recomputed; values that were not loaded are copied from a {@link BulkDataSource}.
 */
public final class DicomWriter {
    /** Identifies files written by this codec in (0002,0012). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.202594998406265432532540058396627620904";
    public static final String IMPLEMENTATION_VERSION_NAME = "DICOMPIPE_0_1";

    private static final byte[] EMPTY = new byte[0];

    private final DicomOutput out;
    private final boolean explicit;
    private final boolean bigEndian;
    private final BulkDataSource bulk;

    private DicomWriter(DicomOutput out, boolean explicit, boolean bigEndian, BulkDataSource bulk) {
        this.out = out;
        this.explicit = explicit;
        this.bigEndian = bigEndian;
        this.bulk = bulk == null ? BulkDataSource.NONE : bulk;
    }

    /** Writes the file in its own transfer syntax. */
    public static void write(DicomFile f, OutputStream out) throws IOException {
        write(f, out, BulkDataSource.NONE);
    }

    /**
     * Writes the file in its own transfer syntax. Encapsulated pixel data in a file whose transfer syntax says
     * native (a damaged but readable file) is written back as it was read.
     */
    public static void write(DicomFile f, OutputStream out, BulkDataSource bulk) throws IOException {
        writeFile(f.fileMeta(), f.dataset(), f.transferSyntaxUid(), out, bulk, false);
    }

    /** Writes {@code dataset} as a Part 10 file, building the File Meta Information from it. */
    public static void write(Attributes dataset, String transferSyntaxUid, OutputStream out) throws IOException {
        write(dataset, transferSyntaxUid, out, BulkDataSource.NONE);
    }

    public static void write(Attributes dataset, String transferSyntaxUid, OutputStream out, BulkDataSource bulk)
            throws IOException {
        writeFile(new Attributes(8), dataset, transferSyntaxUid, out, bulk, true);
    }

    public static byte[] toBytes(DicomFile f) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(8192);
        write(f, bos);
        return bos.toByteArray();
    }

    public static byte[] toBytes(Attributes dataset, String transferSyntaxUid) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(8192);
        write(dataset, transferSyntaxUid, bos);
        return bos.toByteArray();
    }

    /** Writes only the dataset (no preamble, no File Meta Information) in the given transfer syntax. */
    public static void writeDataset(Attributes dataset, String transferSyntaxUid, OutputStream out,
                                    BulkDataSource bulk) throws IOException {
        writeBody(dataset, transferSyntaxUid, out, bulk, true);
    }

    /**
     * The File Meta Information for {@code dataset}: kept from {@code sourceMeta} where present (e.g. Source
     * Application Entity Title), with the transfer syntax set, SOP Class/Instance taken from the dataset, this
     * implementation's class UID and version name, and the group length recomputed.
     */
    public static Attributes fileMetaFor(Attributes sourceMeta, Attributes dataset, String transferSyntaxUid) {
        Attributes meta = sourceMeta == null ? new Attributes(8) : sourceMeta.copy();
        if (!meta.contains(Tags.FileMetaInformationVersion)) {
            meta.setBytes(Tags.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        }
        String cuid = dataset.getString(Tags.SOPClassUID);
        String iuid = dataset.getString(Tags.SOPInstanceUID);
        if (cuid != null) {
            meta.setString(Tags.MediaStorageSOPClassUID, VR.UI, cuid);
        }
        if (iuid != null) {
            meta.setString(Tags.MediaStorageSOPInstanceUID, VR.UI, iuid);
        }
        meta.setString(Tags.TransferSyntaxUID, VR.UI, transferSyntaxUid);
        // PS3.10 7.1: these name the implementation that wrote the file, which is now this one
        meta.setString(Tags.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tags.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        meta.remove(Tags.FileMetaInformationGroupLength);
        return meta;
    }

    private static void writeFile(Attributes sourceMeta, Attributes dataset, String ts, OutputStream os,
                                  BulkDataSource bulk, boolean checkEncapsulation) throws IOException {
        if (ts == null || ts.isEmpty()) {
            throw new IllegalArgumentException("a transfer syntax is required");
        }
        Attributes meta = fileMetaFor(sourceMeta, dataset, ts);
        DicomOutput o = new DicomOutput(os);
        o.write(new byte[128], 0, 128);
        o.write("DICM".getBytes(StandardCharsets.US_ASCII), 0, 4);
        DicomWriter mw = new DicomWriter(o, true, false, bulk);
        long groupLength = 0;
        for (DicomElement e : meta) {
            groupLength += mw.encodedLength(e, null);
        }
        mw.writeHeader(Tags.FileMetaInformationGroupLength, VR.UL, 4);
        o.u32((int) groupLength, false);
        for (DicomElement e : meta) {
            mw.writeElement(e, null);
        }
        o.flush();
        Attributes body = dataset;
        if (!UID.isDeflated(ts) && DirectoryRecordOffsets.records(dataset) != null) {
            DicomWriter measure = new DicomWriter(new DicomOutput(OutputStream.nullOutputStream()),
                    !UID.isImplicitVR(ts), UID.isBigEndian(ts), bulk);
            body = DirectoryRecordOffsets.relocate(dataset, measure.recordPositions(dataset, 128 + 4 + 12 + groupLength));
        }
        writeBody(body, ts, os, bulk, checkEncapsulation);
    }

    /** Where {@link #writeDataset} will put the Item tag of each directory record, for a data set at {@code start}. */
    private long[] recordPositions(Attributes ds, long start) throws IOException {
        SpecificCharacterSet cs = charsetOf(ds, null);
        long pos = start;
        for (DicomElement e : ds) {
            if (Tag.group(e.tag()) == 2) {
                continue;
            }
            if (e.tag() == DirectoryRecordOffsets.DIRECTORY_RECORD_SEQUENCE) {
                pos += headerLength(VR.SQ, 0);
                List<Attributes> items = e.items();
                long[] at = new long[items.size()];
                for (int i = 0; i < at.length; i++) {
                    at[i] = pos;
                    pos += 16; // item header and item delimiter
                    SpecificCharacterSet ics = charsetOf(items.get(i), cs);
                    for (DicomElement x : items.get(i)) {
                        pos += encodedLength(x, ics);
                    }
                }
                return at;
            }
            pos += encodedLength(e, cs);
        }
        throw new IllegalStateException("no directory record sequence");
    }

    private static void writeBody(Attributes dataset, String ts, OutputStream os, BulkDataSource bulk,
                                  boolean checkEncapsulation) throws IOException {
        if (checkEncapsulation && !UID.isEncapsulated(ts)) {
            for (DicomElement e : dataset) {
                if (e.hasFragments()) {
                    throw new IllegalArgumentException("encapsulated " + Tag.format(e.tag())
                            + " cannot be written in the native transfer syntax " + ts
                            + "; decompress it first or keep the source transfer syntax");
                }
            }
        }
        if (UID.isDeflated(ts)) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DeflaterOutputStream dos = new DeflaterOutputStream(nonClosing(os), deflater, 64 * 1024);
                DicomOutput o = new DicomOutput(dos);
                new DicomWriter(o, true, false, bulk).writeDataset(dataset, null, true);
                o.flush();
                dos.finish();
                dos.flush();
            } finally {
                deflater.end();
            }
            return;
        }
        DicomOutput o = new DicomOutput(os);
        new DicomWriter(o, !UID.isImplicitVR(ts), UID.isBigEndian(ts), bulk).writeDataset(dataset, null, true);
        o.flush();
    }

    private static OutputStream nonClosing(OutputStream os) {
        return new java.io.FilterOutputStream(os) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static SpecificCharacterSet charsetOf(Attributes ds, SpecificCharacterSet inherited) {
        DicomElement e = ds.get(Tags.SpecificCharacterSet);
        if (e == null) {
            return inherited;
        }
        String[] terms = e.strings();
        return terms == null ? inherited : SpecificCharacterSet.of(terms);
    }

    private void writeDataset(Attributes ds, SpecificCharacterSet inherited, boolean topLevel) throws IOException {
        SpecificCharacterSet cs = charsetOf(ds, inherited);
        for (DicomElement e : ds) {
            int tag = e.tag();
            if (topLevel && Tag.group(tag) == 2) {
                continue; // File Meta Information is written from the meta attributes only
            }
            if (Tag.element(tag) == 0) {
                // group lengths are recomputed: values may have changed size since they were read
                int group = Tag.group(tag);
                long len = 0;
                for (DicomElement g : ds) {
                    if (Tag.group(g.tag()) == group && Tag.element(g.tag()) != 0) {
                        len += encodedLength(g, cs);
                    }
                }
                writeHeader(tag, VR.UL, 4);
                out.u32((int) len, bigEndian);
                continue;
            }
            writeElement(e, cs);
        }
    }

    /** Bytes the element occupies when written (header included). */
    private long encodedLength(DicomElement e, SpecificCharacterSet cs) throws IOException {
        if (Tag.element(e.tag()) == 0) {
            return 12;
        }
        if (e.hasItems()) {
            long n = headerLength(VR.SQ, 0) + 8; // + sequence delimiter
            SpecificCharacterSet inner = cs;
            for (Attributes item : e.items()) {
                n += 16; // item header and item delimiter
                SpecificCharacterSet ics = charsetOf(item, inner);
                for (DicomElement x : item) {
                    n += encodedLength(x, ics);
                }
            }
            return n;
        }
        if (e.hasFragments()) {
            Fragments f = e.fragments();
            long n = headerLength(VR.OB, 0) + 8 + 4L * f.basicOffsetTable().length + 8;
            for (BulkDataRef r : f.fragments()) {
                n += 8 + r.length() + (r.length() & 1);
            }
            return n;
        }
        long len = valueLength(e, cs);
        VR vr = writtenVr(e, len);
        return headerLength(vr, len) + len;
    }

    private int headerLength(VR vr, long len) {
        return !explicit ? 8 : vr.longHeader() ? 12 : 8;
    }

    /** Short-header VRs cannot hold 64 KiB or more in explicit VR: such values are written as UN, as dcmtk does. */
    private VR writtenVr(DicomElement e, long paddedLength) {
        VR vr = e.vr();
        if (explicit && !vr.longHeader() && paddedLength > 0xFFFF) {
            return VR.UN;
        }
        return vr;
    }

    private long valueLength(DicomElement e, SpecificCharacterSet cs) throws IOException {
        BulkDataRef r = e.bulkData();
        if (r != null) {
            return r.length() + (r.length() & 1);
        }
        if (e.bulkDataUri() != null) {
            throw new IOException("cannot write " + Tag.format(e.tag()) + ": its value is only known by BulkDataURI "
                    + e.bulkDataUri());
        }
        byte[] b = e.bytes();
        if (b != null && !movedToAnotherCharset(e, cs)) {
            return b.length + (b.length & 1);
        }
        byte[] s = encodeStrings(e, cs);
        return s.length + (s.length & 1);
    }

    /**
     * Text read under one Specific Character Set and written into a dataset declaring another (an item copied
     * between datasets) is re-encoded; otherwise the bytes are written exactly as read.
     */
    private static boolean movedToAnotherCharset(DicomElement e, SpecificCharacterSet cs) {
        if (!e.vr().isTextual() || e.bytes() == null || e.bytes().length == 0) {
            return false;
        }
        SpecificCharacterSet from = e.charset();
        List<String> a = from == null ? List.of() : from.definedTerms();
        List<String> b = cs == null ? List.of() : cs.definedTerms();
        return !a.equals(b) && !(isDefault(a) && isDefault(b));
    }

    private static boolean isDefault(List<String> terms) {
        return terms.isEmpty() || (terms.size() == 1 && (terms.get(0).isBlank() || terms.get(0).equals("ISO_IR 6")));
    }

    private static byte[] encodeStrings(DicomElement e, SpecificCharacterSet cs) {
        String[] v = e.strings();
        if (v == null || v.length == 0) {
            return EMPTY;
        }
        VR vr = e.vr();
        if (!vr.isString()) {
            throw new IllegalArgumentException(Tag.format(e.tag()) + ": " + vr + " cannot hold strings");
        }
        String joined = v.length == 1 ? v[0] : String.join("\\", v);
        if (vr.isTextual()) {
            SpecificCharacterSet c = cs == null ? SpecificCharacterSet.DEFAULT : cs;
            return vr == VR.PN ? c.encodePersonName(joined) : vr.isSingleValued() ? c.encodeText(joined)
                    : c.encode(joined);
        }
        return joined.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void writeHeader(int tag, VR vr, long length) throws IOException {
        out.u16(tag >>> 16, bigEndian);
        out.u16(tag & 0xFFFF, bigEndian);
        if (!explicit) {
            out.u32((int) length, bigEndian);
        } else if (vr.longHeader()) {
            out.u16(vr.code(), true);
            out.u16(0, bigEndian);
            out.u32((int) length, bigEndian);
        } else {
            out.u16(vr.code(), true);
            out.u16((int) length, bigEndian);
        }
    }

    private void writeElement(DicomElement e, SpecificCharacterSet cs) throws IOException {
        int tag = e.tag();
        if (e.hasItems()) {
            writeHeader(tag, VR.SQ, 0xFFFFFFFFL);
            for (Attributes item : e.items()) {
                out.u16(0xFFFE, bigEndian);
                out.u16(0xE000, bigEndian);
                out.u32(-1, bigEndian);
                writeDataset(item, cs, false);
                out.u16(0xFFFE, bigEndian);
                out.u16(0xE00D, bigEndian);
                out.u32(0, bigEndian);
            }
            out.u16(0xFFFE, bigEndian);
            out.u16(0xE0DD, bigEndian);
            out.u32(0, bigEndian);
            return;
        }
        if (e.hasFragments()) {
            writeFragments(e);
            return;
        }
        if (e.bulkDataUri() != null) {
            throw new IOException("cannot write " + Tag.format(tag) + ": its value is only known by BulkDataURI "
                    + e.bulkDataUri());
        }
        BulkDataRef ref = e.bulkData();
        if (ref != null) {
            long padded = ref.length() + (ref.length() & 1);
            VR vr = writtenVr(e, padded);
            writeHeader(tag, vr, padded);
            copyBulk(ref, e.bulkDataBigEndian() != bigEndian ? ByteOrderUtil.swapWidth(e.vr()) : 1);
            if ((ref.length() & 1) != 0) {
                out.u8(e.vr().paddingByte());
            }
            return;
        }
        byte[] b = e.bytes();
        if (b == null || movedToAnotherCharset(e, cs)) {
            b = encodeStrings(e, cs);
        } else if (bigEndian) {
            int w = ByteOrderUtil.swapWidth(e.vr());
            if (w > 1) {
                b = b.clone();
                ByteOrderUtil.swap(b, 0, b.length, w);
            }
        }
        long padded = b.length + (b.length & 1);
        VR vr = writtenVr(e, padded);
        writeHeader(tag, vr, padded);
        out.write(b, 0, b.length);
        if ((b.length & 1) != 0) {
            out.u8(e.vr().paddingByte());
        }
    }

    private void writeFragments(DicomElement e) throws IOException {
        Fragments f = e.fragments();
        writeHeader(e.tag(), VR.OB, 0xFFFFFFFFL); // PS3.5 A.4: encapsulated is OB, whatever the source said
        long[] bot = f.basicOffsetTable();
        out.u16(0xFFFE, bigEndian);
        out.u16(0xE000, bigEndian);
        out.u32(bot.length * 4, bigEndian);
        for (long v : bot) {
            out.u32((int) v, bigEndian);
        }
        List<BulkDataRef> refs = f.fragments();
        for (int i = 0; i < refs.size(); i++) {
            BulkDataRef r = refs.get(i);
            byte[] d = f.data(i);
            long len = d != null ? d.length : r.length();
            out.u16(0xFFFE, bigEndian);
            out.u16(0xE000, bigEndian);
            out.u32((int) (len + (len & 1)), bigEndian);
            if (d != null) {
                out.write(d, 0, d.length);
            } else {
                copyBulk(r, 1);
            }
            if ((len & 1) != 0) {
                out.u8((byte) 0);
            }
        }
        out.u16(0xFFFE, bigEndian);
        out.u16(0xE0DD, bigEndian);
        out.u32(0, bigEndian);
    }

    private void copyBulk(BulkDataRef ref, int swapWidth) throws IOException {
        byte[] buf = new byte[64 * 1024 - (64 * 1024) % 8];
        long left = ref.length();
        try (InputStream in = bulk.open(ref)) {
            while (left > 0) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                if (n <= 0) {
                    throw new IOException("bulk data source ended " + left + " bytes early for " + ref);
                }
                if (swapWidth > 1) {
                    ByteOrderUtil.swap(buf, 0, n, swapWidth);
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }
}
