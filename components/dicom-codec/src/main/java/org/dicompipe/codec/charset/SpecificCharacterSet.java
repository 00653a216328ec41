package org.dicompipe.codec.charset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The character repertoires of a dataset's Specific Character Set (0008,0005), per PS3.3 C.12.1.1.2 and
 * PS3.5 section 6.1: decodes and encodes the values of SH, LO, UC, ST, LT, UT and PN.
 *
 * <ul>
 *   <li>No value, or ISO_IR 6: the default repertoire. Bytes above 0x7F, which it does not allow, are read as
 *       Latin-1 (as pydicom does) so nothing is lost.</li>
 *   <li>Single-byte sets ISO_IR 100/101/109/110/144/127/126/138/148/166/203 and ISO_IR 13 (JIS X 0201).</li>
 *   <li>ISO 2022 code extensions: escape sequences switch among the declared sets, including the multi-byte
 *       ISO 2022 IR 87 / 159 (JIS X 0208 / 0212), ISO 2022 IR 149 (KS X 1001) and ISO 2022 IR 58 (GB 2312).
 *       Delimiters reset to value 1's sets: for PN '^', '=' and '\', for multi-valued strings '\', and
 *       CR, LF, FF and TAB always.</li>
 *   <li>ISO_IR 192 (UTF-8), GB18030 and GBK, which allow no code extensions.</li>
 * </ul>
 *
 * An unknown or misspelled defined term never throws: it falls back to the default repertoire (or to the
 * obvious correction) and the problem is kept in {@link #problems()}. Instances are immutable and shared.
 */
public final class SpecificCharacterSet {

    /** The default repertoire (no Specific Character Set). */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of());

    private static final Map<List<String>, SpecificCharacterSet> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 256;

    private static final boolean[] TEXT_DELIMITERS = delimiters("\r\n\f\t");
    private static final boolean[] MULTI_VALUE_DELIMITERS = delimiters("\r\n\f\t\\");
    private static final boolean[] PN_DELIMITERS = delimiters("\r\n\f\t\\^=");

    private static final Pattern SINGLE_BYTE_TERM = Pattern.compile("ISO[ _-]?IR[ _-]?(\\d+)");
    private static final Pattern EXTENSION_TERM = Pattern.compile("ISO[ _-]?2022[ _-]?IR[ _-]?(\\d+)");
    private static final int[] SINGLE_BYTE_SETS = {6, 13, 100, 101, 109, 110, 126, 127, 138, 144, 148, 166, 203};
    private static final int[] MULTI_BYTE_SETS = {87, 159, 149, 58};

    private final List<String> definedTerms;
    private final List<String> problems;
    /** Non-null for UTF-8, GB18030 and GBK: the whole value is decoded with it, no code extensions. */
    private final Charset standalone;
    private final CodeElement initialG0;
    /** Value 1's G1 set; null for the default repertoire. */
    private final CodeElement initialG1;
    /** Value 1's G1 (if any) followed by the extension sets, in declared order: the encoder's choices. */
    private final List<CodeElement> extensions;

    private SpecificCharacterSet(List<String> terms) {
        this.definedTerms = List.copyOf(terms);
        List<String> issues = new ArrayList<>();
        Charset whole = null;
        CodeElement g0 = CodeElement.ASCII;
        CodeElement g1 = null;
        List<CodeElement> sets = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i) == null ? "" : terms.get(i).trim();
            if (term.isEmpty()) {
                if (i > 0) {
                    issues.add("empty value " + (i + 1) + " of Specific Character Set ignored");
                }
                continue;
            }
            Charset cs = standaloneCharset(term, issues);
            if (cs != null) {
                if (i == 0) {
                    whole = cs;
                    if (terms.size() > 1) {
                        issues.add(term + " allows no code extensions; ignoring " + terms.subList(1, terms.size()));
                    }
                    break;
                }
                issues.add(term + " cannot be a code extension (value " + (i + 1) + "); ignored");
                continue;
            }
            CodeElement set = codeElement(term, issues);
            if (set == null) {
                continue;
            }
            if (i == 0) {
                if (set == CodeElement.JIS_X0201_KATAKANA) {
                    g0 = CodeElement.JIS_X0201_ROMAJI;
                    g1 = set;
                } else if (set == CodeElement.ASCII) {
                    g1 = null;
                } else if (set.g0) {
                    issues.add(term + " cannot be value 1 (multi-byte sets are code extensions only)");
                } else {
                    g1 = set;
                }
            }
            if (set != CodeElement.ASCII && !sets.contains(set)) {
                sets.add(set);
            }
        }
        this.standalone = whole;
        this.initialG0 = g0;
        this.initialG1 = g1;
        this.extensions = List.copyOf(sets);
        this.problems = List.copyOf(issues);
    }

    /**
     * The character set for the values of (0008,0005). Null, no values or a single empty value give
     * {@link #DEFAULT}. Never throws; see {@link #problems()}.
     */
    public static SpecificCharacterSet of(String... definedTerms) {
        if (definedTerms == null || definedTerms.length == 0
                || (definedTerms.length == 1 && (definedTerms[0] == null || definedTerms[0].isBlank()))) {
            return DEFAULT;
        }
        List<String> key = Collections.unmodifiableList(Arrays.asList(definedTerms.clone()));
        SpecificCharacterSet cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        SpecificCharacterSet created = new SpecificCharacterSet(key);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(key, created);
        }
        return created;
    }

    /** The defined terms this was made from, as given. */
    public List<String> definedTerms() {
        return definedTerms;
    }

    /** What was wrong with the defined terms (unknown or misspelled terms, misplaced values); empty if nothing. */
    public List<String> problems() {
        return problems;
    }

    /** True if values are decoded with the default repertoire only. */
    public boolean isDefault() {
        return standalone == null && initialG1 == null && extensions.isEmpty();
    }

    /** Decodes a (possibly multi-valued) short string: SH, LO, UC and the like. Resets at '\' and CR/LF/FF/TAB. */
    public String decode(byte[] b, int off, int len) {
        return decode(b, off, len, MULTI_VALUE_DELIMITERS);
    }

    public String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    /** Decodes single-valued text (ST, LT, UT), where '\' is an ordinary character. */
    public String decodeText(byte[] b, int off, int len) {
        return decode(b, off, len, TEXT_DELIMITERS);
    }

    /**
     * Decodes a PN value, resetting to value 1's sets at each '^', '=' and '\': every component group
     * (Alphabetic=Ideographic=Phonetic) and component starts afresh. The result keeps the raw form,
     * e.g. {@code "Yamada^Tarou=山田^太郎=やまだ^たろう"}.
     */
    public String decodePersonName(byte[] b, int off, int len) {
        return decode(b, off, len, PN_DELIMITERS);
    }

    public String decodePersonName(byte[] b) {
        return decodePersonName(b, 0, b.length);
    }

    /** Encodes a (possibly multi-valued, '\'-joined) string value; characters no declared set has become '?'. */
    public byte[] encode(String s) {
        return encode(s, MULTI_VALUE_DELIMITERS);
    }

    /** Encodes a PN value in its raw "Alphabetic=Ideographic=Phonetic" form. */
    public byte[] encodePersonName(String s) {
        return encode(s, PN_DELIMITERS);
    }

    /** Encodes single-valued text (ST, LT, UT). */
    public byte[] encodeText(String s) {
        return encode(s, TEXT_DELIMITERS);
    }

    /** True if every character of {@code s} is in one of the declared repertoires. */
    public boolean canEncode(String s) {
        if (standalone != null) {
            return standalone.newEncoder().canEncode(s);
        }
        if (extensions.isEmpty()) {
            return StandardCharsets.ISO_8859_1.newEncoder().canEncode(s); // what encode() writes for the default
        }
        Iso2022Encoder enc = new Iso2022Encoder(initialG0, initialG1, extensions, MULTI_VALUE_DELIMITERS);
        enc.encode(s);
        return !enc.hadUnmappable();
    }

    private String decode(byte[] b, int off, int len, boolean[] delimiters) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside " + b.length + " bytes");
        }
        if (standalone != null) {
            return new String(b, off, len, standalone);
        }
        if (!containsEscape(b, off, len)) {
            // Without escape sequences the designations never change: value 1's set decodes everything.
            if (initialG1 == null) {
                return new String(b, off, len, StandardCharsets.ISO_8859_1);
            }
            if (initialG1.isSingleByteG1()) {
                return new String(b, off, len, initialG1.charset);
            }
        }
        return new Iso2022Decoder(initialG0, initialG1, delimiters, len).decode(b, off, len);
    }

    private byte[] encode(String s, boolean[] delimiters) {
        if (standalone != null) {
            return s.getBytes(standalone);
        }
        if (extensions.isEmpty()) {
            return s.getBytes(StandardCharsets.ISO_8859_1); // the inverse of the lenient Latin-1 reading
        }
        if (extensions.size() == 1 && initialG1 != null && initialG1.isSingleByteG1()) {
            return s.getBytes(initialG1.charset);
        }
        return new Iso2022Encoder(initialG0, initialG1, extensions, delimiters).encode(s);
    }

    private static boolean containsEscape(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] == 0x1B) {
                return true;
            }
        }
        return false;
    }

    private static Charset standaloneCharset(String term, List<String> issues) {
        switch (term) {
            case "ISO_IR 192":
                return StandardCharsets.UTF_8;
            case "GB18030":
                return Charset.forName("GB18030");
            case "GBK":
                return Charset.forName("GBK");
            default:
                break;
        }
        String upper = term.toUpperCase(Locale.ROOT);
        if (upper.equals("UTF-8") || upper.equals("UTF8") || upper.matches("ISO[ _-]?IR[ _-]?192")) {
            issues.add("Specific Character Set '" + term + "' is not a defined term; assuming ISO_IR 192");
            return StandardCharsets.UTF_8;
        }
        if (upper.equals("GB18030") || upper.equals("GBK")) {
            issues.add("Specific Character Set '" + term + "' is not a defined term; assuming " + upper);
            return Charset.forName(upper);
        }
        return null;
    }

    private static CodeElement codeElement(String term, List<String> issues) {
        String upper = term.toUpperCase(Locale.ROOT);
        Matcher single = SINGLE_BYTE_TERM.matcher(upper);
        Matcher extension = EXTENSION_TERM.matcher(upper);
        int isoIr;
        String canonical;
        if (single.matches()) {
            isoIr = Integer.parseInt(single.group(1));
            canonical = "ISO_IR " + isoIr;
            if (!contains(SINGLE_BYTE_SETS, isoIr)) {
                issues.add("unknown Specific Character Set '" + term + "'; using the default repertoire");
                return null;
            }
        } else if (extension.matches()) {
            isoIr = Integer.parseInt(extension.group(1));
            canonical = "ISO 2022 IR " + isoIr;
            if (!contains(SINGLE_BYTE_SETS, isoIr) && !contains(MULTI_BYTE_SETS, isoIr)) {
                issues.add("unknown Specific Character Set '" + term + "'; using the default repertoire");
                return null;
            }
        } else {
            issues.add("unknown Specific Character Set '" + term + "'; using the default repertoire");
            return null;
        }
        if (!canonical.equals(term)) {
            issues.add("Specific Character Set '" + term + "' is misspelled; assuming '" + canonical + "'");
        }
        return CodeElement.byIsoIr(isoIr);
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static boolean[] delimiters(String chars) {
        boolean[] d = new boolean[128];
        for (char c : chars.toCharArray()) {
            d[c] = true;
        }
        return d;
    }

    @Override
    public String toString() {
        return "SpecificCharacterSet" + definedTerms + (problems.isEmpty() ? "" : " problems=" + problems);
    }
}
