package org.dicompipe.codec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dicompipe.codec.charset.SpecificCharacterSet;

/**
 * One attribute: tag, VR and value. The value is held in one of these forms: encoded bytes (little endian for numbers,
 * strings still in the dataset's character set and decoded on first use), strings, sequence items, encapsulated
 * fragments, or a reference to bytes left in the source. Elements are immutable except for the lazily decoded strings.
 */
public final class DicomElement {
    private static final byte[] EMPTY = new byte[0];
    private static final String[] NO_STRINGS = new String[0];

    private final int tag;
    private final VR vr;
    private final Object value;
    private final CharsetScope charset;
    private final long valueOffset;
    private final boolean bulkBigEndian;
    private String[] decoded;

    DicomElement(int tag, VR vr, Object value, CharsetScope charset, long valueOffset, boolean bulkBigEndian) {
        this.tag = tag;
        this.vr = Objects.requireNonNull(vr, "vr");
        this.value = value == null ? EMPTY : value;
        this.charset = charset;
        this.valueOffset = valueOffset;
        this.bulkBigEndian = bulkBigEndian;
    }

    public static DicomElement ofStrings(int tag, VR vr, String... values) {
        if (!vr.isString()) {
            throw new IllegalArgumentException(vr + " is not a string VR (" + Tag.format(tag) + ")");
        }
        // a single empty string is an empty value (VM 0), exactly what reading a zero-length value gives
        String[] v = values == null || (values.length == 1 && (values[0] == null || values[0].isEmpty()))
                ? NO_STRINGS : values.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == null) {
                v[i] = "";
            }
        }
        return new DicomElement(tag, vr, v, null, -1, false);
    }

    /** Raw value bytes; numbers and words little endian, strings encoded in the dataset's character set. */
    public static DicomElement ofBytes(int tag, VR vr, byte[] value) {
        if (vr == VR.SQ) {
            throw new IllegalArgumentException("SQ holds items, not bytes");
        }
        return new DicomElement(tag, vr, value == null ? EMPTY : value, null, -1, false);
    }

    public static DicomElement ofItems(int tag, List<Attributes> items) {
        return new DicomElement(tag, VR.SQ, new ArrayList<>(items), null, -1, false);
    }

    public static DicomElement ofFragments(int tag, VR vr, Fragments fragments) {
        return new DicomElement(tag, vr, Objects.requireNonNull(fragments), null, -1, false);
    }

    /** A value that stays in the source; {@code bigEndian} tells the byte order of numbers/words there. */
    public static DicomElement ofBulkData(int tag, VR vr, BulkDataRef ref, boolean bigEndian) {
        return new DicomElement(tag, vr, Objects.requireNonNull(ref), null, ref.offset(), bigEndian);
    }

    /** A value known only by a DICOM JSON BulkDataURI (not resolved). */
    public static DicomElement ofBulkDataUri(int tag, VR vr, String uri) {
        return new DicomElement(tag, vr, new UriValue(Objects.requireNonNull(uri)), null, -1, false);
    }

    private record UriValue(String uri) {
    }

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** Offset of the value's first byte in the source it was read from; -1 when not read from a source. */
    public long valueOffset() {
        return valueOffset;
    }

    /** The character set the raw string bytes are encoded in (null: the default repertoire). */
    public SpecificCharacterSet charset() {
        return charset == null ? null : charset.get();
    }

    /** Same tag and value under another VR (bytes are reinterpreted, not converted). */
    public DicomElement withVr(VR newVr) {
        return new DicomElement(tag, newVr, value, charset, valueOffset, bulkBigEndian);
    }

    public DicomElement withTag(int newTag) {
        return new DicomElement(newTag, vr, value, charset, valueOffset, bulkBigEndian);
    }

    public boolean isEmpty() {
        if (value instanceof byte[] b) {
            return b.length == 0;
        }
        if (value instanceof String[] s) {
            return s.length == 0;
        }
        if (value instanceof List<?> l) {
            return l.isEmpty();
        }
        if (value instanceof BulkDataRef r) {
            return r.length() == 0;
        }
        return false; // fragments: even an empty sequence of fragments is a value
    }

    public boolean hasItems() {
        return value instanceof List<?>;
    }

    public boolean hasFragments() {
        return value instanceof Fragments;
    }

    public boolean isBulkData() {
        return value instanceof BulkDataRef;
    }

    /** Raw value bytes if held as bytes, else null (strings set as strings, items, fragments, bulk data). */
    public byte[] bytes() {
        return value instanceof byte[] b ? b : null;
    }

    /** Byte order of the numbers/words of a bulk data value in its source. */
    public boolean bulkDataBigEndian() {
        return bulkBigEndian;
    }

    @SuppressWarnings("unchecked")
    public List<Attributes> items() {
        return value instanceof List<?> l ? (List<Attributes>) l : null;
    }

    public Fragments fragments() {
        return value instanceof Fragments f ? f : null;
    }

    public BulkDataRef bulkData() {
        return value instanceof BulkDataRef r ? r : null;
    }

    /** The BulkDataURI of an element parsed from DICOM JSON whose value was not inlined, else null. */
    public String bulkDataUri() {
        return value instanceof UriValue u ? u.uri() : null;
    }

    /** Strings as set (not decoded), or null. */
    String[] rawStrings() {
        return value instanceof String[] s ? s : null;
    }

    /** Value length in bytes when known without encoding (bytes or bulk data); -1 otherwise. */
    public long length() {
        if (value instanceof byte[] b) {
            return b.length;
        }
        if (value instanceof BulkDataRef r) {
            return r.length();
        }
        return -1;
    }

    /**
     * The values as strings: decoded text for string VRs (PN raw as "Alphabetic=Ideographic=Phonetic"), numbers
     * formatted for binary numeric VRs, "GGGGEEEE" for AT; null for SQ, binary VRs and values not loaded.
     */
    public String[] strings() {
        String[] d = decoded;
        if (d != null) {
            return d;
        }
        if (value instanceof String[] s) {
            d = s;
        } else if (value instanceof byte[] b) {
            if (vr.isString()) {
                d = decode(b);
            } else if (vr.isInteger()) {
                long[] l = longs();
                d = new String[l.length];
                for (int i = 0; i < l.length; i++) {
                    d[i] = vr == VR.UV ? Long.toUnsignedString(l[i]) : Long.toString(l[i]);
                }
            } else if (vr.isFloat()) {
                double[] v = doubles();
                d = new String[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = vr == VR.FL ? Float.toString((float) v[i]) : Double.toString(v[i]);
                }
            } else if (vr == VR.AT) {
                int[] t = tags();
                d = new String[t.length];
                for (int i = 0; i < t.length; i++) {
                    d[i] = Tag.hex(t[i]);
                }
            }
        }
        decoded = d;
        return d;
    }

    private String[] decode(byte[] b) {
        int end = b.length;
        if (end == 0) {
            return NO_STRINGS;
        }
        String text;
        SpecificCharacterSet cs = charset();
        if (cs != null && vr.isTextual()) {
            text = vr == VR.PN ? cs.decodePersonName(b, 0, end)
                    : vr.isSingleValued() ? cs.decodeText(b, 0, end) : cs.decode(b, 0, end);
        } else {
            text = new String(b, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (vr.isSingleValued()) {
            return new String[] {trim(text)};
        }
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                n++;
            }
        }
        String[] out = new String[n];
        int start = 0;
        int k = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\\') {
                out[k++] = trim(text.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** Trailing padding (space, NUL) is never significant; leading spaces are not for codes, numbers and UIDs. */
    private String trim(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        int start = 0;
        if (vr == VR.AE || vr == VR.CS || vr == VR.DS || vr == VR.IS || vr == VR.UI || vr == VR.DA || vr == VR.TM
                || vr == VR.DT || vr == VR.AS) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** First string value or null. */
    public String string() {
        String[] s = strings();
        return s == null || s.length == 0 ? null : s[0];
    }

    /** Numbers of FL, FD, OF, OD, the integer VRs, DS and IS; unparseable strings become NaN. Null otherwise. */
    public double[] doubles() {
        if (value instanceof byte[] b) {
            switch (vr) {
                case FL:
                case OF: {
                    double[] d = new double[b.length / 4];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = Float.intBitsToFloat(ByteOrderUtil.intLE(b, i * 4));
                    }
                    return d;
                }
                case FD:
                case OD: {
                    double[] d = new double[b.length / 8];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = Double.longBitsToDouble(ByteOrderUtil.longLE(b, i * 8));
                    }
                    return d;
                }
                default:
                    break;
            }
        }
        if (vr.isInteger()) {
            long[] l = longs();
            double[] d = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                d[i] = vr == VR.UV && l[i] < 0 ? new BigDecimal(Long.toUnsignedString(l[i])).doubleValue() : l[i];
            }
            return d;
        }
        if (vr == VR.DS || vr == VR.IS) {
            String[] s = strings();
            if (s == null) {
                return null;
            }
            double[] d = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                try {
                    d[i] = Double.parseDouble(s[i]);
                } catch (NumberFormatException e) {
                    d[i] = Double.NaN;
                }
            }
            return d;
        }
        return null;
    }

    /**
     * Integers of US, UL, UV (unsigned, UV wrapping above 2^63), SS, SL, SV, OL, OW (unsigned words), IS strings
     * (unparseable ones become 0). Null otherwise.
     */
    public long[] longs() {
        if (value instanceof byte[] b) {
            switch (vr) {
                case US:
                case OW: {
                    long[] l = new long[b.length / 2];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = ByteOrderUtil.shortLE(b, i * 2) & 0xFFFF;
                    }
                    return l;
                }
                case SS: {
                    long[] l = new long[b.length / 2];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = ByteOrderUtil.shortLE(b, i * 2);
                    }
                    return l;
                }
                case UL:
                case OL: {
                    long[] l = new long[b.length / 4];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = ByteOrderUtil.intLE(b, i * 4) & 0xFFFFFFFFL;
                    }
                    return l;
                }
                case SL: {
                    long[] l = new long[b.length / 4];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = ByteOrderUtil.intLE(b, i * 4);
                    }
                    return l;
                }
                case UV:
                case SV:
                case OV: {
                    long[] l = new long[b.length / 8];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = ByteOrderUtil.longLE(b, i * 8);
                    }
                    return l;
                }
                default:
                    break;
            }
        }
        if (vr == VR.IS || vr == VR.DS) {
            String[] s = strings();
            if (s == null) {
                return null;
            }
            long[] l = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                try {
                    l[i] = integerPart(s[i]);
                } catch (NumberFormatException e) {
                    l[i] = 0;
                }
            }
            return l;
        }
        if (value instanceof String[] s && vr.isInteger()) {
            long[] l = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                l[i] = Long.parseLong(s[i].trim());
            }
            return l;
        }
        return null;
    }

    /**
     * The integer part of a decimal string. Values beyond the long range saturate; a huge exponent ("1E999999999")
     * is never expanded, which would take unbounded time and memory.
     */
    private static long integerPart(String s) {
        String t = s.startsWith("+") ? s.substring(1) : s;
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notPlain) {
            BigDecimal d = new BigDecimal(t);
            if (d.precision() - d.scale() > 19) {
                return d.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return d.longValue();
        }
    }

    /** AT values as packed tags, or null. */
    public int[] tags() {
        if (vr != VR.AT || !(value instanceof byte[] b)) {
            return null;
        }
        int[] t = new int[b.length / 4];
        for (int i = 0; i < t.length; i++) {
            t[i] = (ByteOrderUtil.shortLE(b, i * 4) & 0xFFFF) << 16 | (ByteOrderUtil.shortLE(b, i * 4 + 2) & 0xFFFF);
        }
        return t;
    }

    /** Value equality: same tag, VR and (decoded) values; items compared recursively. */
    public boolean sameValue(DicomElement o) {
        if (o == null || o.tag != tag) {
            return false;
        }
        if (value instanceof List<?> || o.value instanceof List<?>) {
            List<Attributes> a = items();
            List<Attributes> b = o.items();
            if (a == null || b == null || a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).sameValues(b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (vr.isString() && o.vr.isString()) {
            return Arrays.equals(strings(), o.strings());
        }
        if (value instanceof byte[] x && o.value instanceof byte[] y) {
            return Arrays.equals(x, y) || samePadded(x, y) || samePadded(y, x);
        }
        if (value instanceof Fragments f && o.value instanceof Fragments g) {
            if (f.size() != g.size()) {
                return false;
            }
            for (int i = 0; i < f.size(); i++) {
                if (f.fragments().get(i).length() != g.fragments().get(i).length()
                        || !Arrays.equals(f.data(i), g.data(i))) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof BulkDataRef r && o.value instanceof BulkDataRef s) {
            return r.length() == s.length();
        }
        return false;
    }

    /** {@code longer} is {@code odd} with the padding byte a writer adds to odd-length values. */
    private static boolean samePadded(byte[] odd, byte[] longer) {
        return (odd.length & 1) == 1 && longer.length == odd.length + 1
                && (longer[odd.length] == 0 || longer[odd.length] == ' ')
                && Arrays.equals(odd, 0, odd.length, longer, 0, odd.length);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(Tag.format(tag)).append(' ').append(vr).append(' ');
        if (value instanceof List<?> l) {
            sb.append(l.size()).append(" item(s)");
        } else if (value instanceof Fragments f) {
            sb.append(f.size()).append(" fragment(s)");
        } else if (value instanceof BulkDataRef r) {
            sb.append("bulk data ").append(r);
        } else {
            String[] s = strings();
            if (s != null) {
                sb.append('[').append(String.join("\\", s)).append(']');
            } else {
                sb.append(((byte[]) value).length).append(" bytes");
            }
        }
        return sb.toString();
    }
}
