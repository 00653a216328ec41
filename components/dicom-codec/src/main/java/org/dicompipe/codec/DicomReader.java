package org.dicompipe.codec;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.dicompipe.codec.charset.SpecificCharacterSet;
import org.dicompipe.codec.dict.DataDictionary;
import org.dicompipe.codec.dict.DictionaryEntry;

/**
 * Reads Part 10 files and bare datasets in any of the four uncompressed transfer syntaxes (and the encapsulated ones,
 * whose datasets are explicit VR little endian). The encoding of a dataset without File Meta Information is detected
 * as pydicom does: a valid VR at bytes 4-5 means explicit VR, and a first group >= 0x0400 read little endian means
 * big endian. Every failure is a {@link DicomParseException} with the offset and tag where parsing stopped.
 */
public final class DicomReader {
    private static final int UNDEFINED = -1;
    private static final int MAX_DEPTH = 64;

    private final DicomInput in;
    private final ReadOptions options;
    private int currentTag = -1;
    /** False inside deflated data: positions there count inflated bytes and locate nothing in the file. */
    private boolean positionsAreSourceOffsets = true;
    private boolean stopped;
    private Attributes root;

    private DicomReader(DicomInput in, ReadOptions options) {
        this.in = in;
        this.options = options;
    }

    public static DicomFile read(Path file) throws IOException {
        return read(file, ReadOptions.defaults());
    }

    public static DicomFile read(Path file, ReadOptions options) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new DicomReader(DicomInput.of(ch), options).readFile();
        }
    }

    /** Offsets in the result count from the first byte read from {@code in}. The stream is not closed. */
    public static DicomFile read(InputStream in, ReadOptions options) throws IOException {
        return new DicomReader(DicomInput.of(in), options).readFile();
    }

    public static DicomFile read(byte[] data) throws IOException {
        return read(data, ReadOptions.defaults());
    }

    public static DicomFile read(byte[] data, ReadOptions options) throws IOException {
        return new DicomReader(DicomInput.of(data), options).readFile();
    }

    /**
     * Reads a bare dataset (no preamble, no File Meta Information) in a known transfer syntax, e.g. a DIMSE
     * data set or the value of an encapsulated document.
     */
    public static Attributes readDataset(byte[] data, String transferSyntaxUid) throws IOException {
        DicomReader r = new DicomReader(DicomInput.of(data), ReadOptions.defaults());
        try {
            return r.readTopLevel(r.in, transferSyntaxUid, 0);
        } catch (DicomParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw r.wrap(e);
        }
    }

    private DicomFile readFile() throws IOException {
        try {
            return doReadFile();
        } catch (DicomParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw wrap(e);
        }
    }

    private DicomParseException wrap(Exception e) {
        String what = e instanceof EOFException ? "truncated input (" + e.getMessage() + ")"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new DicomParseException(what, in.position(), currentTag, e);
    }

    private DicomFile doReadFile() throws IOException {
        if (in.request(132) && in.peek(128) == 'D' && in.peek(129) == 'I' && in.peek(130) == 'C'
                && in.peek(131) == 'M') {
            in.skip(132);
        }
        Attributes meta = new Attributes(8);
        if (in.request(6) && in.peek(0) == 2 && in.peek(1) == 0) {
            readFileMeta(meta);
        }
        long datasetOffset = in.position();
        String ts = meta.getString(Tags.TransferSyntaxUID);
        if (ts != null) {
            ts = ts.trim();
        }
        if (ts == null || ts.isEmpty()) {
            ts = guessTransferSyntax();
        }
        Attributes ds;
        if (UID.isDeflated(ts)) {
            InflaterInputStream inflated = new InflaterInputStream(in.remainder(), new Inflater(true), 64 * 1024);
            DicomReader inner = new DicomReader(DicomInput.of(new BufferedInputStream(inflated), datasetOffset),
                    options.loadingEverything());
            inner.positionsAreSourceOffsets = false;
            try {
                ds = inner.readTopLevel(inner.in, UID.ExplicitVRLittleEndian, datasetOffset);
            } catch (DicomParseException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (e instanceof java.util.zip.ZipException || e.getCause() instanceof java.util.zip.DataFormatException) {
                    throw new DicomParseException("corrupt deflated data (" + e.getMessage() + ")",
                            inner.in.position(), inner.currentTag, e);
                }
                throw inner.wrap(e);
            }
        } else {
            ds = readTopLevel(in, ts, datasetOffset);
        }
        return new DicomFile(meta, ds, ts, datasetOffset);
    }

    private void readFileMeta(Attributes meta) throws IOException {
        while (in.request(6)) {
            if (in.peek(0) != 2 || in.peek(1) != 0) {
                break;
            }
            boolean explicit = isVrLike(in.peek(4), in.peek(5));
            readElement(meta, explicit, false, null, 0, false);
        }
    }

    /** pydicom's rule: valid-looking VR at bytes 4-5 means explicit; a little-endian group >= 0x0400 means big endian. */
    private String guessTransferSyntax() throws IOException {
        if (!in.request(6)) {
            return UID.ImplicitVRLittleEndian;
        }
        int group = in.peek(0) | in.peek(1) << 8;
        VR vr = VR.ofCode(in.peek(4) << 8 | in.peek(5));
        if (vr != null) {
            return group >= 0x400 ? UID.ExplicitVRBigEndian : UID.ExplicitVRLittleEndian;
        }
        return UID.ImplicitVRLittleEndian;
    }

    private static boolean isVrLike(int a, int b) {
        return a > 0x40 && a < 0x5B && b > 0x40 && b < 0x5B;
    }

    private Attributes readTopLevel(DicomInput src, String ts, long start) throws IOException {
        boolean bigEndian = UID.isBigEndian(ts);
        boolean explicit = !UID.isImplicitVR(ts);
        Attributes ds = new Attributes(64);
        root = ds;
        if (src.request(6)) {
            // a dataset encoded differently from what its transfer syntax says is read as it is (pydicom does too)
            explicit = isVrLike(src.peek(4), src.peek(5));
        }
        readDataset(ds, UNDEFINED, explicit, bigEndian, null, 0, true);
        return ds;
    }

    /**
     * Reads elements into {@code ds} until {@code end} (UNDEFINED: until an Item Delimitation Item, or the end of the
     * input at the top level).
     */
    private void readDataset(Attributes ds, long end, boolean explicit, boolean bigEndian, CharsetScope parent,
                             int depth, boolean topLevel) throws IOException {
        CharsetScope charset = new CharsetScope(parent);
        while (!stopped) {
            if (end != UNDEFINED && in.position() >= end) {
                return;
            }
            if (!in.request(8)) {
                if (topLevel && in.buffered() == 0) {
                    return;
                }
                if (topLevel && end == UNDEFINED && trailingZeros()) {
                    return;
                }
                throw new DicomParseException(end == UNDEFINED && !topLevel
                        ? "input ended inside a sequence item" : "truncated element header", in.position(), -1);
            }
            int group = in.u16(bigEndian);
            int element = in.u16(bigEndian);
            int tag = group << 16 | element;
            if (group == 0xFFFE) {
                int len = in.i32(bigEndian);
                if (tag == Tag.ItemDelimitationItem && !topLevel && end == UNDEFINED) {
                    return;
                }
                if (tag == Tag.ItemDelimitationItem || tag == Tag.SequenceDelimitationItem) {
                    if (tag == Tag.SequenceDelimitationItem && !topLevel) {
                        in.unread(8); // an item missing its delimiter: let the sequence see its end
                        return;
                    }
                    continue; // stray delimiter, nothing to keep
                }
                currentTag = tag;
                throw new DicomParseException("unexpected item tag in a dataset", in.position() - 8, tag);
            }
            in.unread(4);
            readElement(ds, explicit, bigEndian, charset, depth, topLevel);
        }
    }

    /** Some writers pad the end of a file with a few zero bytes; pydicom and dcmtk accept that. */
    private boolean trailingZeros() {
        int n = in.buffered();
        for (int i = 0; i < n; i++) {
            if (in.peek(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads one element at the current position and adds it to {@code ds}; (0008,0005) sets the scope's charset. */
    private void readElement(Attributes ds, boolean explicit, boolean bigEndian, CharsetScope cs, int depth,
                             boolean topLevel) throws IOException {
        long tagOffset = in.position();
        if (!in.request(8)) {
            throw new DicomParseException("truncated element header", tagOffset, -1);
        }
        int tag = in.u16(bigEndian) << 16 | in.u16(bigEndian);
        currentTag = tag;
        VR vr;
        long length;
        boolean fromDictionary = false;
        if (explicit && isVrLike(in.peek(0), in.peek(1))) {
            int code = in.u8() << 8 | in.u8();
            vr = VR.ofCode(code);
            if (vr == null) {
                vr = VR.UN; // unknown but well-formed VR code: 2-byte length, as dcmtk reads it
                length = in.u16(bigEndian);
            } else if (vr.longHeader()) {
                if (!in.request(6)) {
                    throw new DicomParseException("truncated element header", tagOffset, tag);
                }
                in.u16(bigEndian);
                length = in.i32(bigEndian) & 0xFFFFFFFFL;
            } else {
                length = in.u16(bigEndian);
            }
        } else {
            // implicit VR, or an element in an explicit dataset written without a VR (dcmtk accepts those too)
            length = in.i32(bigEndian) & 0xFFFFFFFFL;
            vr = implicitVr(tag, ds);
            if (vr != VR.UN && Tag.isPrivate(tag) && !Tag.isPrivateCreator(tag)
                    && !fitsPrivateVr(vr, length, bigEndian)) {
                vr = VR.UN;
            }
            fromDictionary = true;
        }
        boolean undefined = length == 0xFFFFFFFFL;

        if (topLevel && options.isStopBeforePixelData()
                && (tag == Tags.PixelData || tag == Tags.FloatPixelData || tag == Tags.DoubleFloatPixelData)) {
            stopped = true;
            return;
        }
        long valueOffset = in.position();
        if (undefined) {
            if (vr == VR.SQ) {
                ds.add(new DicomElement(tag, VR.SQ, readSequence(UNDEFINED, explicit, bigEndian, cs, depth), null,
                        sourceOffset(valueOffset), false));
            } else if (vr == VR.UN && (!explicit || !isPixelDataLike(tag))) {
                // PS3.5 6.2.2: UN of undefined length is a sequence in implicit VR little endian
                ds.add(new DicomElement(tag, VR.SQ, readSequence(UNDEFINED, false, false, cs, depth), null,
                        sourceOffset(valueOffset), false));
            } else {
                Fragments f = readFragments(bigEndian);
                DicomElement pixelEot = ds.get(Tags.ExtendedOffsetTable);
                if (pixelEot != null && tag == Tags.PixelData) {
                    DicomElement lens = ds.get(Tags.ExtendedOffsetTableLengths);
                    f.setExtendedOffsetTable(pixelEot.longs(), lens == null ? null : lens.longs());
                }
                // encapsulated pixel data is OB (PS3.5 A.4); a VR from the file is kept as written
                ds.add(new DicomElement(tag, fromDictionary || vr == VR.UN ? VR.OB : vr, f, null,
                        sourceOffset(valueOffset), false));
            }
            return;
        }
        if (length > in.remaining()) {
            throw new DicomParseException("value length " + length + " exceeds the " + in.remaining()
                    + " bytes left", tagOffset, tag);
        }
        if (vr == VR.UN && explicit && Tag.isPrivateCreator(tag) && length < 0xFFFF) {
            vr = VR.LO; // a private creator is LO by definition, whatever VR its writer gave it
        } else if (vr == VR.UN && explicit && !Tag.isPrivate(tag)) {
            // pydicom replaces UN by the dictionary VR of standard tags (a value written by a writer that
            // did not know the attribute); values are then implicit VR little endian
            VR known = implicitVr(tag, ds);
            if (known != VR.UN && (known == VR.SQ || length < 0xFFFF) && !bigEndian) {
                vr = known;
                fromDictionary = true;
            }
        }
        if (vr == VR.SQ) {
            ds.add(new DicomElement(tag, VR.SQ,
                    readSequence(valueOffset + length, explicit, bigEndian, cs, depth), null,
                    sourceOffset(valueOffset), false));
            return;
        }
        if (options.skips(length) && vr.mayBeBulkData() && tag != Tags.ExtendedOffsetTable
                && tag != Tags.ExtendedOffsetTableLengths && Tag.group(tag) != 2) {
            try {
                in.skip(length);
            } catch (EOFException e) {
                throw valueBeyondInput(length, tagOffset, tag, e);
            }
            ds.add(new DicomElement(tag, vr, new BulkDataRef(valueOffset, length), null, valueOffset, bigEndian));
            return;
        }
        byte[] value;
        try {
            value = in.readBytes(length);
        } catch (EOFException e) {
            throw valueBeyondInput(length, tagOffset, tag, e);
        }
        if (bigEndian) {
            ByteOrderUtil.swap(value, 0, value.length, ByteOrderUtil.swapWidth(vr));
        }
        ds.add(new DicomElement(tag, vr, value, vr.isTextual() ? cs : null, sourceOffset(valueOffset), false));
        if (tag == Tags.SpecificCharacterSet && cs != null) {
            cs.set(charsetOf(value));
        }
    }

    private long sourceOffset(long position) {
        return positionsAreSourceOffsets ? position : -1;
    }

    /** A stream's length is unknown up front: the shortfall shows while reading, reported as for files. */
    private DicomParseException valueBeyondInput(long length, long tagOffset, int tag, EOFException e) {
        return new DicomParseException("value length " + length + " exceeds the bytes left (input ends at "
                + in.position() + ")", tagOffset, tag, e);
    }

    private static boolean isPixelDataLike(int tag) {
        return tag == Tags.PixelData || tag == Tags.FloatPixelData || tag == Tags.DoubleFloatPixelData
                || (tag & 0xFF00FFFF) == 0x7F000010; // retired variable pixel data groups 7Fxx
    }

    private static SpecificCharacterSet charsetOf(byte[] value) {
        String s = new String(value, StandardCharsets.ISO_8859_1);
        String[] terms = s.split("\\\\", -1);
        for (int i = 0; i < terms.length; i++) {
            terms[i] = terms[i].trim();
        }
        try {
            return SpecificCharacterSet.of(terms);
        } catch (RuntimeException unknownTerm) {
            return null; // like pydicom: an unknown term falls back to the default repertoire
        }
    }

    /** The dictionary VR, with the ambiguous ones resolved from the dataset (PS3.5 Annex A.1 c). */
    private VR implicitVr(int tag, Attributes ds) {
        if ((tag & 0xFFFF) == 0) {
            return VR.UL;
        }
        if (Tag.isPrivate(tag)) {
            // like pydicom: a private element whose creator and offset the private dictionary knows gets its VR
            return Tag.isPrivateCreator(tag) ? VR.LO : DataDictionary.vrOfPrivate(ds.privateCreator(tag), tag);
        }
        VR vr = DataDictionary.vrOf(tag);
        if (vr == VR.US || vr == VR.OW) {
            DictionaryEntry e = DataDictionary.lookup(tag);
            String code = e == null ? "" : e.vr();
            if ((code.equals("xs") || code.equals("US or SS")) && pixelRepresentation(ds) == 1) {
                return VR.SS;
            }
            if (code.equals("lt") || code.startsWith("US or SS or OW") || code.equals("US or OW")) {
                // LUT Data: US when the descriptor says a single entry, else OW (as pydicom resolves it)
                DicomElement d = ds.get(Tag.of(Tag.group(tag), Tag.element(tag) - 4));
                long[] desc = d == null ? null : d.longs();
                return desc != null && desc.length > 0 && desc[0] == 1 ? VR.US : VR.OW;
            }
        }
        return vr;
    }

    /**
     * Whether a value of {@code length} can be what a vendor's private dictionary says it is; if not (another
     * version of the vendor's software, or a creator string reused by someone else), the element stays UN, which
     * keeps its bytes as they are. An SQ must start with an item; other VRs need a whole number of values, a defined
     * length, and a length their explicit VR header can hold, so the element can be written back.
     */
    private boolean fitsPrivateVr(VR vr, long length, boolean bigEndian) throws IOException {
        if (vr == VR.SQ) {
            if (length == 0xFFFFFFFFL || length == 0) {
                return true;
            }
            return length >= 8 && in.request(4) && (bigEndian
                    ? in.peek(0) == 0xFF && in.peek(1) == 0xFE && in.peek(2) == 0xE0 && in.peek(3) == 0x00
                    : in.peek(0) == 0xFE && in.peek(1) == 0xFF && in.peek(2) == 0x00 && in.peek(3) == 0xE0);
        }
        if (length == 0xFFFFFFFFL || (!vr.longHeader() && length > 0xFFFF)) {
            return false;
        }
        int width = vr == VR.AT ? 4 : ByteOrderUtil.swapWidth(vr);
        return width <= 1 || length % width == 0;
    }

    private int pixelRepresentation(Attributes ds) {
        int pr = ds.getInt(Tags.PixelRepresentation, -1);
        if (pr == -1 && root != null) {
            pr = root.getInt(Tags.PixelRepresentation, 0);
        }
        return pr;
    }

    private List<Attributes> readSequence(long end, boolean explicit, boolean bigEndian, CharsetScope cs,
                                          int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new DicomParseException("sequences nested deeper than " + MAX_DEPTH, in.position(), currentTag);
        }
        int seqTag = currentTag;
        List<Attributes> items = new ArrayList<>(2);
        while (true) {
            if (end != UNDEFINED && in.position() >= end) {
                break;
            }
            long itemOffset = in.position();
            if (!in.request(8)) {
                throw new DicomParseException("input ended inside a sequence", itemOffset, seqTag);
            }
            int tag = in.u16(bigEndian) << 16 | in.u16(bigEndian);
            long length = in.i32(bigEndian) & 0xFFFFFFFFL;
            if (tag == Tag.SequenceDelimitationItem) {
                break;
            }
            if (tag == Tag.ItemDelimitationItem) {
                continue; // stray
            }
            if (tag != Tag.Item) {
                throw new DicomParseException("expected an item tag, found " + Tag.format(tag), itemOffset, seqTag);
            }
            long itemEnd = UNDEFINED;
            if (length != 0xFFFFFFFFL) {
                if (length > in.remaining()) {
                    throw new DicomParseException("item length " + length + " exceeds the " + in.remaining()
                            + " bytes left", itemOffset, seqTag);
                }
                itemEnd = in.position() + length;
            }
            boolean itemExplicit = explicit;
            if (explicit && in.request(6) && (itemEnd == UNDEFINED || itemEnd - in.position() >= 6)
                    && !(in.peek(0) == 0xFE && in.peek(1) == 0xFF) && !isVrLike(in.peek(4), in.peek(5))) {
                itemExplicit = false; // PS3.5 6.2.2: a sequence inside an explicit dataset may be implicit
            }
            Attributes item = new Attributes(8);
            item.setItemOffset(sourceOffset(itemOffset));
            readDataset(item, itemEnd, itemExplicit, bigEndian, cs, depth + 1, false);
            currentTag = seqTag;
            items.add(item);
        }
        return items;
    }

    private Fragments readFragments(boolean bigEndian) throws IOException {
        int pixelTag = currentTag;
        long[] bot = null;
        List<BulkDataRef> refs = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        while (true) {
            long itemOffset = in.position();
            if (!in.request(8)) {
                throw new DicomParseException("input ended inside encapsulated pixel data", itemOffset, pixelTag);
            }
            int tag = in.u16(bigEndian) << 16 | in.u16(bigEndian);
            long length = in.i32(bigEndian) & 0xFFFFFFFFL;
            if (tag == Tag.SequenceDelimitationItem) {
                break;
            }
            if (tag != Tag.Item) {
                throw new DicomParseException("expected a fragment item, found " + Tag.format(tag), itemOffset,
                        pixelTag);
            }
            if (length == 0xFFFFFFFFL || length > in.remaining()) {
                throw new DicomParseException("fragment length " + length + " exceeds the " + in.remaining()
                        + " bytes left", itemOffset, pixelTag);
            }
            if (bot == null) {
                byte[] b = in.readBytes(length);
                bot = new long[b.length / 4];
                for (int i = 0; i < bot.length; i++) {
                    bot[i] = (bigEndian ? Integer.reverseBytes(ByteOrderUtil.intLE(b, i * 4))
                            : ByteOrderUtil.intLE(b, i * 4)) & 0xFFFFFFFFL;
                }
                continue;
            }
            refs.add(new BulkDataRef(in.position(), length));
            if (options.skips(length)) {
                in.skip(length);
                data.add(null);
            } else {
                data.add(in.readBytes(length));
            }
        }
        return new Fragments(bot, refs, data);
    }
}
