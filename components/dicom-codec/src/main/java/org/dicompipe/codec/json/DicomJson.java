package org.dicompipe.codec.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.BulkDataRef;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.Fragments;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.VR;
import org.dicompipe.codec.dict.DataDictionary;

/**
 * The DICOM JSON model (PS3.18 Annex F.2) in both directions. PN values become Alphabetic/Ideographic/Phonetic
 * objects, IS/DS JSON numbers (decimal text kept exact), AT "GGGGEEEE" strings, binary values InlineBinary or
 * BulkDataURI. Empty values have no "Value"; an empty value inside a multi-valued attribute is null.
 *
 * <p>InlineBinary is always the little endian encoding of the value, also for OW/OF/OD/OL/OV read from an Explicit
 * VR Big Endian file: PS3.18 F.2.7 applies PS3.5's byte ordering rules, the JSON names no transfer syntax, and every
 * non-retired transfer syntax is little endian (PS3.5 7.3). (pydicom 2.3 inlines such a file's bytes as read.)
 * Parsing takes InlineBinary as little endian too; the writer swaps when it writes big endian.
 */
public final class DicomJson {
    private DicomJson() {
    }

    public static String toJson(Attributes a, JsonOptions o) {
        StringBuilder sb = new StringBuilder(4096);
        write(a, o, sb);
        return sb.toString();
    }

    public static String toJsonArray(List<Attributes> list, JsonOptions o) {
        StringBuilder sb = new StringBuilder(4096 * Math.max(1, list.size()));
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            write(list.get(i), o, sb);
        }
        return sb.append(']').toString();
    }

    public static void write(Attributes a, JsonOptions o, Appendable out) {
        try {
            new Writer(o, out).dataset(a, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Byte range of an element's value in its source, or null when it was not read from one. */
    static BulkDataRef sourceRange(DicomElement e) {
        if (e.bulkData() != null) {
            return e.bulkData();
        }
        Fragments f = e.fragments();
        if (f != null && e.valueOffset() >= 0) {
            List<BulkDataRef> refs = f.fragments();
            long end = refs.isEmpty() ? e.valueOffset() + 8 + 4L * f.basicOffsetTable().length
                    : refs.get(refs.size() - 1).offset() + refs.get(refs.size() - 1).length();
            return new BulkDataRef(e.valueOffset(), end - e.valueOffset());
        }
        if (e.valueOffset() >= 0 && e.length() >= 0) {
            return new BulkDataRef(e.valueOffset(), e.length());
        }
        return null;
    }

    private static final class Writer {
        private final JsonOptions o;
        private final Appendable out;
        private int[] path = new int[8];

        Writer(JsonOptions o, Appendable out) {
            this.o = o == null ? JsonOptions.inlineAll() : o;
            this.out = out;
        }

        void dataset(Attributes a, int depth) throws IOException {
            out.append('{');
            boolean first = true;
            for (DicomElement e : a) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                if (depth == path.length) {
                    path = java.util.Arrays.copyOf(path, depth * 2);
                }
                path[depth] = e.tag();
                out.append('"').append(Tag.hex(e.tag())).append("\":");
                element(e, depth);
            }
            out.append('}');
        }

        private void element(DicomElement e, int depth) throws IOException {
            VR vr = e.vr();
            out.append("{\"vr\":\"").append(vr.name()).append('"');
            if (e.bulkDataUri() != null) {
                out.append(",\"BulkDataURI\":");
                Json.quote(e.bulkDataUri(), out);
            } else if (e.hasItems()) {
                List<Attributes> items = e.items();
                if (!items.isEmpty()) {
                    out.append(",\"Value\":[");
                    for (int i = 0; i < items.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        dataset(items.get(i), depth + 1);
                    }
                    out.append(']');
                }
            } else if (e.hasFragments() || e.isBulkData() || vr.isBinary()) {
                binary(e, depth);
            } else if (!e.isEmpty()) {
                values(e);
            }
            out.append('}');
        }

        private void binary(DicomElement e, int depth) throws IOException {
            if (e.isEmpty()) {
                return;
            }
            long len = e.hasFragments() ? sizeOf(e.fragments()) : e.length();
            boolean loaded = e.hasFragments() ? e.fragments().isLoaded() : e.bytes() != null;
            if (o.uriBuilder() != null && (!loaded || len > o.inlineBinaryThreshold())) {
                String uri = o.uriBuilder().uri(java.util.Arrays.copyOf(path, depth + 1), e);
                if (uri != null) {
                    out.append(",\"BulkDataURI\":");
                    Json.quote(uri, out);
                    return;
                }
            }
            if (!loaded) {
                return; // nowhere to point to and nothing to inline
            }
            byte[] b = e.hasFragments() ? e.fragments().encodeItems() : e.bytes();
            out.append(",\"InlineBinary\":\"").append(Base64.getEncoder().encodeToString(b)).append('"');
        }

        private static long sizeOf(Fragments f) {
            long n = 8 + 4L * f.basicOffsetTable().length;
            for (BulkDataRef r : f.fragments()) {
                n += 8 + r.length();
            }
            return n;
        }

        private void values(DicomElement e) throws IOException {
            VR vr = e.vr();
            out.append(",\"Value\":[");
            switch (vr) {
                case PN -> {
                    String[] s = e.strings();
                    for (int i = 0; i < s.length; i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        personName(s[i]);
                    }
                }
                case DS, IS -> {
                    String[] s = e.strings();
                    for (int i = 0; i < s.length; i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        String n = jsonNumber(s[i], vr == VR.IS);
                        if (n != null) {
                            out.append(n);
                        } else if (s[i].isEmpty()) {
                            out.append("null");
                        } else {
                            Json.quote(s[i], out); // not a number: kept as text rather than lost
                        }
                    }
                }
                case AT, AE, AS, CS, DA, DT, LO, LT, SH, ST, TM, UC, UI, UR, UT -> {
                    String[] s = e.strings();
                    for (int i = 0; i < s.length; i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        if (s[i].isEmpty()) {
                            out.append("null");
                        } else {
                            Json.quote(s[i], out);
                        }
                    }
                }
                case FL, FD -> {
                    double[] d = e.doubles();
                    for (int i = 0; i < d.length; i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        if (Double.isNaN(d[i]) || Double.isInfinite(d[i])) {
                            Json.quote(Double.toString(d[i]), out); // JSON has no NaN/Infinity
                        } else {
                            out.append(Double.toString(d[i]));
                        }
                    }
                }
                default -> {
                    String[] s = e.strings(); // integer VRs: exact decimal text
                    for (int i = 0; i < s.length; i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        out.append(s[i]);
                    }
                }
            }
            out.append(']');
        }

        private void personName(String raw) throws IOException {
            if (raw.isEmpty()) {
                out.append("null");
                return;
            }
            String[] groups = raw.split("=", -1);
            String[] keys = {"Alphabetic", "Ideographic", "Phonetic"};
            out.append('{');
            boolean first = true;
            for (int g = 0; g < Math.min(3, groups.length); g++) {
                if (groups[g].isEmpty()) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('"').append(keys[g]).append("\":");
                Json.quote(groups[g], out);
            }
            out.append('}');
        }
    }

    /**
     * The JSON number for a DS/IS string, or null if it is not a decimal number. Trailing fractional zeros are
     * dropped ("1.50" gives 1.5), nothing is rounded.
     */
    static String jsonNumber(String s, boolean integer) {
        String t = s.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        BigDecimal d;
        try {
            d = new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
        if (Math.abs((long) d.precision() - d.scale()) > 40 || Math.abs((long) d.scale()) > 40) {
            return d.toString(); // scientific notation: never expand a huge exponent into digits
        }
        if (integer) {
            try {
                return d.toBigIntegerExact().toString();
            } catch (ArithmeticException notInteger) {
                // an invalid IS such as "1.0": still a number
            }
        }
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal n = d.stripTrailingZeros();
        if (n.scale() <= 0 && n.precision() - n.scale() <= 21) {
            return n.toBigInteger().toString();
        }
        if (n.scale() > 0 && n.scale() <= 21) {
            return n.toPlainString();
        }
        return n.toString();
    }

    /** One dataset from a DICOM JSON object. IllegalArgumentException on malformed input. */
    public static Attributes parse(String json) {
        Object v = Json.parse(json);
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("DICOM JSON dataset must be a JSON object");
        }
        return dataset(m);
    }

    /** A JSON array of datasets (as returned by QIDO-RS and WADO-RS metadata). */
    public static List<Attributes> parseArray(String json) {
        Object v = Json.parse(json);
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a JSON array of DICOM datasets");
        }
        List<Attributes> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("array member is not a DICOM JSON object");
            }
            out.add(dataset(m));
        }
        return out;
    }

    /** Converts an already-parsed JSON object (see {@link Json#parse}). */
    public static Attributes fromJsonObject(Map<?, ?> m) {
        return dataset(m);
    }

    private static Attributes dataset(Map<?, ?> m) {
        Attributes a = new Attributes(Math.max(4, m.size()));
        for (Map.Entry<?, ?> entry : m.entrySet()) {
            String key = String.valueOf(entry.getKey());
            int tag;
            try {
                if (key.length() != 8) {
                    throw new NumberFormatException();
                }
                tag = Tag.parseHex(key);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a DICOM JSON tag key: \"" + key + "\"");
            }
            if (!(entry.getValue() instanceof Map<?, ?> attr)) {
                throw new IllegalArgumentException(key + ": attribute must be a JSON object");
            }
            a.set(element(tag, attr));
        }
        return a;
    }

    private static DicomElement element(int tag, Map<?, ?> attr) {
        String key = Tag.hex(tag);
        Object vrName = attr.get("vr");
        VR vr = vrName instanceof String s ? VR.of(s) : null;
        if (vrName != null && vr == null) {
            throw new IllegalArgumentException(key + ": unknown vr " + vrName);
        }
        if (vr == null) {
            vr = Tag.isPrivate(tag) ? (Tag.isPrivateCreator(tag) ? VR.LO : VR.UN) : DataDictionary.vrOf(tag);
        }
        Object uri = attr.get("BulkDataURI");
        if (uri != null) {
            if (!(uri instanceof String u)) {
                throw new IllegalArgumentException(key + ": BulkDataURI must be a string");
            }
            return DicomElement.ofBulkDataUri(tag, vr, u);
        }
        Object inline = attr.get("InlineBinary");
        if (inline != null) {
            if (!(inline instanceof String b64)) {
                throw new IllegalArgumentException(key + ": InlineBinary must be a string");
            }
            try {
                return DicomElement.ofBytes(tag, vr == VR.SQ ? VR.UN : vr, Base64.getMimeDecoder().decode(b64));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": InlineBinary is not base64");
            }
        }
        Object value = attr.get("Value");
        if (value == null) {
            return vr == VR.SQ ? DicomElement.ofItems(tag, List.of()) : vr.isString()
                    ? DicomElement.ofStrings(tag, vr) : DicomElement.ofBytes(tag, vr, new byte[0]);
        }
        if (!(value instanceof List<?> values)) {
            throw new IllegalArgumentException(key + ": Value must be an array");
        }
        if (vr == VR.SQ) {
            List<Attributes> items = new ArrayList<>(values.size());
            for (Object o : values) {
                if (o == null) {
                    items.add(new Attributes(4));
                } else if (o instanceof Map<?, ?> item) {
                    items.add(dataset(item));
                } else {
                    throw new IllegalArgumentException(key + ": sequence items must be objects");
                }
            }
            return DicomElement.ofItems(tag, items);
        }
        if (vr.isString()) {
            String[] s = new String[values.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = stringValue(key, vr, values.get(i));
            }
            return DicomElement.ofStrings(tag, vr, s);
        }
        return DicomElement.ofBytes(tag, vr, binaryNumbers(key, vr, values));
    }

    private static String stringValue(String key, VR vr, Object v) {
        if (v == null) {
            return "";
        }
        if (vr == VR.PN) {
            if (v instanceof Map<?, ?> pn) {
                String[] g = new String[3];
                g[0] = pnPart(key, pn.get("Alphabetic"));
                g[1] = pnPart(key, pn.get("Ideographic"));
                g[2] = pnPart(key, pn.get("Phonetic"));
                int n = g[2].isEmpty() ? (g[1].isEmpty() ? 1 : 2) : 3;
                return String.join("=", java.util.Arrays.copyOf(g, n));
            }
            if (v instanceof String s) {
                return s; // lenient: some producers write the raw form
            }
            throw new IllegalArgumentException(key + ": PN value must be an object");
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d && (vr == VR.DS || vr == VR.IS)) {
            return vr == VR.IS && d.scale() <= 0 && d.scale() > -40 ? d.toBigInteger().toString() : d.toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new IllegalArgumentException(key + ": " + vr + " value must be a string");
    }

    private static String pnPart(String key, Object o) {
        if (o == null) {
            return "";
        }
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException(key + ": person name component group must be a string");
        }
        return s;
    }

    private static byte[] binaryNumbers(String key, VR vr, List<?> values) {
        int w = vr.width();
        if (w == 0 || vr == VR.OB || vr == VR.UN) {
            throw new IllegalArgumentException(key + ": " + vr + " takes InlineBinary or BulkDataURI, not Value");
        }
        byte[] b = new byte[values.size() * w];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (Object o : values) {
            if (vr == VR.AT) {
                if (!(o instanceof String s) || s.length() != 8) {
                    throw new IllegalArgumentException(key + ": AT values are 8 hex digit strings");
                }
                int t;
                try {
                    t = Tag.parseHex(s);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(key + ": bad AT value " + s);
                }
                bb.putShort((short) (t >>> 16)).putShort((short) t);
                continue;
            }
            if (o instanceof Double negativeZero && (vr == VR.FL || vr == VR.OF || vr == VR.FD || vr == VR.OD)) {
                if (vr == VR.FL || vr == VR.OF) {
                    bb.putFloat(negativeZero.floatValue());
                } else {
                    bb.putDouble(negativeZero);
                }
                continue;
            }
            BigDecimal d = o instanceof BigDecimal bd ? bd : o instanceof Number n ? BigDecimal.valueOf(n.doubleValue()) : null;
            if (d == null) {
                throw new IllegalArgumentException(key + ": " + vr + " values must be numbers");
            }
            switch (vr) {
                case FL, OF -> bb.putFloat(d.floatValue());
                case FD, OD -> bb.putDouble(d.doubleValue());
                case US, SS, OW -> bb.putShort((short) exactLong(key, d));
                case UL, SL, OL -> bb.putInt((int) exactLong(key, d));
                case UV -> bb.putLong(unsignedLong(key, d));
                case SV, OV -> bb.putLong(exactLong(key, d));
                default -> throw new IllegalArgumentException(key + ": cannot hold numbers as " + vr);
            }
        }
        return b;
    }

    private static long unsignedLong(String key, BigDecimal d) {
        if (d.signum() < 0 || d.precision() - d.scale() > 20 || d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(key + ": " + d + " is not a UV value");
        }
        try {
            BigInteger i = d.toBigIntegerExact();
            if (i.bitLength() > 64) {
                throw new IllegalArgumentException(key + ": " + d + " is not a UV value");
            }
            return i.longValue();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(key + ": " + d + " is not an integer");
        }
    }

    private static long exactLong(String key, BigDecimal d) {
        if (d.precision() - d.scale() > 20 || d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(key + ": " + d + " is not an integer in range");
        }
        try {
            BigInteger i = d.toBigIntegerExact();
            return i.longValue();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(key + ": " + d + " is not an integer");
        }
    }
}
