package org.dicompipe.codec.conformance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Compares two DICOM JSON models (PS3.18 F.2) semantically: the same attributes at every level, the same VR,
 * and the same values, where "the same" means
 * <ul>
 *   <li>numbers (IS DS FL FD SL SS UL US SV UV) are compared as numbers; FL within float precision, DS and FD
 *       within a relative 1e-9 (both sides print a decimal repr of the same binary or text value);</li>
 *   <li>PN values component by component; an absent component equals an empty one;</li>
 *   <li>AT values as hex regardless of case;</li>
 *   <li>an empty string equals null inside a multi-valued string value;</li>
 *   <li>trailing spaces of a string value are ignored: PS3.5 6.2 makes them insignificant padding for every
 *       string VR, but pydicom keeps them inside multi-valued values (e.g. CS "DERIVED \PRIMARY");</li>
 *   <li>an absent "Value" equals an empty one (pydicom writes {@code "Value": []} for an empty sequence);</li>
 *   <li>bulk data by presence: InlineBinary and BulkDataURI both mean "a binary value is present"; when both
 *       sides inline the value and the caller says the bytes are comparable, the decoded bytes too.</li>
 * </ul>
 * Everything else is a {@link Difference}. The first argument is the reference (pydicom), the second the codec.
 */
final class DicomJsonComparator {
    private static final Set<String> INTEGER_VRS = Set.of("IS", "SL", "SS", "UL", "US", "SV", "UV");
    private static final Set<String> FLOAT_VRS = Set.of("DS", "FL", "FD");

    private final String file;
    private final Predicate<String> bytesComparable;
    private final List<Difference> differences = new ArrayList<>();

    /** -1, or the codec's bulk data threshold: then a long non-binary value may be a BulkDataURI instead. */
    private final int bulkThreshold;

    private DicomJsonComparator(String file, Predicate<String> bytesComparable, int bulkThreshold) {
        this.file = file;
        this.bytesComparable = bytesComparable;
        this.bulkThreshold = bulkThreshold;
    }

    /**
     * @param skipTopLevel    top-level keys not compared (elements the reference could not convert)
     * @param bytesComparable for a top-level tag: whether both sides' InlineBinary hold the same bytes when
     *                        correct (not so for a big-endian source, whose bytes pydicom emits as read, nor for
     *                        encapsulated pixel data, whose item framing pydicom keeps)
     */
    static List<Difference> compare(String file, Map<String, Object> reference, Map<String, Object> codec,
                                    Set<String> skipTopLevel, Predicate<String> bytesComparable) {
        return compare(file, reference, codec, skipTopLevel, bytesComparable, -1);
    }

    /**
     * As above, for JSON the codec made without loading values over {@code bulkThreshold} bytes: PS3.18 F.2.7
     * lets any long value (text and numbers too) be a BulkDataURI, so one standing for a reference Value is the
     * same value when that value is long; a short one so replaced is a difference. The length is estimated from
     * the reference's decoded value, so half the threshold is the bar (character sets change byte counts).
     */
    static List<Difference> compare(String file, Map<String, Object> reference, Map<String, Object> codec,
                                    Set<String> skipTopLevel, Predicate<String> bytesComparable, int bulkThreshold) {
        DicomJsonComparator c = new DicomJsonComparator(file, bytesComparable, bulkThreshold);
        c.dataset(null, "", reference, codec, skipTopLevel);
        return c.differences;
    }

    private void dataset(String topTag, String prefix, Map<String, Object> ref, Map<String, Object> ours, Set<String> skip) {
        Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        keys.addAll(ref.keySet());
        keys.addAll(ours.keySet());
        for (String key : keys) {
            if (skip.contains(key.toUpperCase(Locale.ROOT))) {
                continue;
            }
            String tag = topTag != null ? topTag : key.toUpperCase(Locale.ROOT);
            String path = prefix + format(key);
            Object r = lookup(ref, key);
            Object o = lookup(ours, key);
            if (o == null) {
                add(tag, path, "only in pydicom: " + summary(r));
            } else if (r == null) {
                add(tag, path, "only in codec: " + summary(o));
            } else if (!(r instanceof Map) || !(o instanceof Map)) {
                add(tag, path, "element is not an object: pydicom " + StrictJson.describe(r) + ", codec " + StrictJson.describe(o));
            } else {
                element(tag, path, asMap(r), asMap(o));
            }
        }
    }

    private void element(String tag, String path, Map<String, Object> ref, Map<String, Object> ours) {
        String refVr = String.valueOf(ref.get("vr"));
        String ourVr = String.valueOf(ours.get("vr"));
        if (!refVr.equals(ourVr)) {
            add(tag, path, "vr: pydicom " + refVr + ", codec " + ourVr);
        }
        boolean refBinary = isBinary(ref);
        boolean ourBinary = isBinary(ours);
        List<Object> refValue = values(ref);
        List<Object> ourValue = values(ours);
        if (bulkThreshold >= 0 && !refBinary && ours.get("BulkDataURI") != null && !refValue.isEmpty() && !"SQ".equals(refVr)) {
            long estimate = estimatedLength(refVr, refValue);
            if (estimate <= bulkThreshold / 2) {
                add(tag, path, "codec gives a BulkDataURI for a short value (about " + estimate + " bytes; threshold "
                        + bulkThreshold + "): pydicom " + abbreviate(refValue));
            }
            return;
        }
        if (refBinary || ourBinary) {
            if (refBinary != ourBinary) {
                add(tag, path, "binary value present: pydicom " + refBinary + ", codec " + ourBinary
                        + (refValue.isEmpty() && ourValue.isEmpty() ? "" : "; Value pydicom " + refValue + ", codec " + ourValue));
            } else if (bytesComparable.test(tag) && ref.get("InlineBinary") instanceof String && ours.get("InlineBinary") instanceof String) {
                inlineBytes(tag, path, (String) ref.get("InlineBinary"), (String) ours.get("InlineBinary"));
            }
            return;
        }
        if (refValue.size() != ourValue.size()) {
            add(tag, path, "value count: pydicom " + refValue.size() + " " + abbreviate(refValue)
                    + ", codec " + ourValue.size() + " " + abbreviate(ourValue));
            return;
        }
        String vr = refVr.equals(ourVr) ? refVr : ourVr;
        for (int i = 0; i < refValue.size(); i++) {
            value(tag, path + " Value[" + i + "]", vr, refValue.get(i), ourValue.get(i));
        }
    }

    private void value(String tag, String path, String vr, Object ref, Object ours) {
        if ("SQ".equals(vr)) {
            if (!(ref instanceof Map) || !(ours instanceof Map)) {
                add(tag, path, "sequence item is not an object: pydicom " + StrictJson.describe(ref) + ", codec " + StrictJson.describe(ours));
            } else {
                dataset(tag, path + ".", asMap(ref), asMap(ours), Collections.emptySet());
            }
        } else if ("PN".equals(vr)) {
            personName(tag, path, ref, ours);
        } else if ("AT".equals(vr)) {
            if (!(ref instanceof String && ours instanceof String && ((String) ref).equalsIgnoreCase((String) ours))) {
                add(tag, path, "AT: pydicom " + StrictJson.describe(ref) + ", codec " + StrictJson.describe(ours));
            }
        } else if (INTEGER_VRS.contains(vr) || FLOAT_VRS.contains(vr)) {
            number(tag, path, vr, ref, ours);
        } else if (!stripTrailingSpaces(emptyToNull(ref)).equals(stripTrailingSpaces(emptyToNull(ours)))) {
            add(tag, path, "pydicom " + StrictJson.describe(ref) + ", codec " + StrictJson.describe(ours));
        }
    }

    private void personName(String tag, String path, Object ref, Object ours) {
        Map<String, Object> r = ref == null ? Map.of() : ref instanceof Map ? asMap(ref) : null;
        Map<String, Object> o = ours == null ? Map.of() : ours instanceof Map ? asMap(ours) : null;
        if (r == null || o == null) {
            add(tag, path, "PN value is not an object: pydicom " + StrictJson.describe(ref) + ", codec " + StrictJson.describe(ours));
            return;
        }
        Set<String> groups = new TreeSet<>(r.keySet());
        groups.addAll(o.keySet());
        for (String group : groups) {
            if (!Set.of("Alphabetic", "Ideographic", "Phonetic").contains(group)) {
                add(tag, path, "unknown PN component group \"" + group + "\"");
                continue;
            }
            Object rc = emptyToNull(r.get(group));
            Object oc = emptyToNull(o.get(group));
            if (!rc.equals(oc)) {
                add(tag, path + "." + group, "pydicom " + StrictJson.describe(r.get(group)) + ", codec " + StrictJson.describe(o.get(group)));
            }
        }
    }

    private void number(String tag, String path, String vr, Object ref, Object ours) {
        if (ref == null || ours == null) {
            if (ref != ours && !"".equals(ref) && !"".equals(ours)) {
                add(tag, path, vr + ": pydicom " + StrictJson.describe(ref) + ", codec " + StrictJson.describe(ours));
            }
            return;
        }
        if (nonFinite(ref) != null || nonFinite(ours) != null) {
            String r = nonFinite(ref);
            String o = nonFinite(ours);
            if (r == null || !r.equalsIgnoreCase(o)) {
                add(tag, path, vr + " non-finite: pydicom " + StrictJson.describe(ref) + ", codec " + StrictJson.describe(ours));
            }
            return;
        }
        if (!(ours instanceof BigDecimal)) {
            add(tag, path, vr + " must be a JSON number: codec " + StrictJson.describe(ours) + " (pydicom " + StrictJson.describe(ref) + ")");
            return;
        }
        if (!(ref instanceof BigDecimal)) {
            add(tag, path, vr + ": pydicom " + StrictJson.describe(ref) + ", codec " + StrictJson.describe(ours));
            return;
        }
        BigDecimal r = (BigDecimal) ref;
        BigDecimal o = (BigDecimal) ours;
        if (INTEGER_VRS.contains(vr)) {
            if (r.compareTo(o) != 0) {
                add(tag, path, vr + ": pydicom " + r + ", codec " + o);
            }
            return;
        }
        double rd = r.doubleValue();
        double od = o.doubleValue();
        double tolerance = "FL".equals(vr) ? 1e-6 : 1e-9;
        if (rd != od && Math.abs(rd - od) > tolerance * Math.max(Math.abs(rd), Math.abs(od))) {
            add(tag, path, vr + ": pydicom " + r + ", codec " + o);
        }
    }

    private static long estimatedLength(String vr, List<Object> values) {
        Map<String, Integer> widths = Map.of("FL", 4, "FD", 8, "SL", 4, "SS", 2, "UL", 4, "US", 2, "SV", 8, "UV", 8);
        if (widths.containsKey(vr)) {
            return (long) widths.get(vr) * values.size();
        }
        long n = values.size() - 1;
        for (Object v : values) {
            String s = v instanceof Map ? String.join("=", asMap(v).values().stream().map(String::valueOf).toList())
                    : v == null ? "" : v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : String.valueOf(v);
            n += s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return n;
    }

    private void inlineBytes(String tag, String path, String ref, String ours) {
        byte[] r;
        byte[] o;
        try {
            r = Base64.getDecoder().decode(ref);
        } catch (IllegalArgumentException e) {
            add(tag, path, "pydicom InlineBinary is not base64");
            return;
        }
        try {
            o = Base64.getDecoder().decode(ours);
        } catch (IllegalArgumentException e) {
            add(tag, path, "codec InlineBinary is not valid base64: " + e.getMessage());
            return;
        }
        // an odd-length value read by pydicom is padded to even length by a correct writer: one trailing pad byte is not a difference
        int common = Math.min(r.length, o.length);
        boolean samePrefix = java.util.Arrays.equals(r, 0, common, o, 0, common);
        boolean padOnly = Math.abs(r.length - o.length) <= 1 && (r.length == o.length || (r.length > o.length ? r[common] : o[common]) == 0);
        if (!samePrefix || !padOnly) {
            add(tag, path, "InlineBinary bytes differ: pydicom " + r.length + " bytes, codec " + o.length + " bytes"
                    + (samePrefix ? "" : ", first difference at byte " + firstDifference(r, o)));
        }
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return n;
    }

    private static String nonFinite(Object v) {
        if (v instanceof Map && asMap(v).get("nonFinite") instanceof String) {
            String s = (String) asMap(v).get("nonFinite");
            return s.replace("inf", "Infinity").replace("nan", "NaN");
        }
        if (v instanceof String && Set.of("NaN", "Infinity", "-Infinity", "inf", "-inf", "nan").contains(v)) {
            return ((String) v).replace("inf", "Infinity").replace("nan", "NaN");
        }
        return null;
    }

    private static boolean isBinary(Map<String, Object> element) {
        Object inline = element.get("InlineBinary");
        return (inline instanceof String && !((String) inline).isEmpty()) || element.get("BulkDataURI") != null;
    }

    @SuppressWarnings("unchecked")
    private List<Object> values(Map<String, Object> element) {
        Object v = element.get("Value");
        if (v == null) {
            return List.of();
        }
        if (v instanceof List) {
            return (List<Object>) v;
        }
        return List.of(v);
    }

    private static Object lookup(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            v = map.get(key.toUpperCase(Locale.ROOT));
        }
        if (v == null) {
            v = map.get(key.toLowerCase(Locale.ROOT));
        }
        return v;
    }

    private static Object stripTrailingSpaces(Object v) {
        if (!(v instanceof String)) {
            return v;
        }
        String s = (String) v;
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static Object emptyToNull(Object v) {
        return v == null || "".equals(v) ? "" : v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v) {
        return (Map<String, Object>) v;
    }

    private static String format(String key) {
        return key.length() == 8 ? "(" + key.substring(0, 4) + "," + key.substring(4) + ")" : key;
    }

    private static String summary(Object element) {
        if (element instanceof Map) {
            Map<String, Object> m = asMap(element);
            Object value = m.containsKey("InlineBinary") ? "InlineBinary" : m.containsKey("BulkDataURI") ? "BulkDataURI" : m.get("Value");
            return "vr " + m.get("vr") + " " + abbreviate(value);
        }
        return StrictJson.describe(element);
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    private void add(String tag, String path, String what) {
        differences.add(new Difference(file, tag, path, what));
    }
}
