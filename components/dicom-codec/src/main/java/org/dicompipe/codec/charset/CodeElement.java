package org.dicompipe.codec.charset;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/**
 * A graphic character set that a DICOM value can designate with an ISO 2022 escape sequence
 * (PS3.3 tables C.12-3 and C.12-4, PS3.5 section 6.1.2.5).
 *
 * <p>G0 sets occupy bytes 0x21-0x7E (ASCII, JIS X 0201 romaji, and the Japanese multi-byte sets, which
 * DICOM puts in G0); G1 sets occupy 0xA0-0xFF. Multi-byte sets are decoded through the EUC form of the
 * JDK's charsets: a JIS X 0208 pair in GL becomes an EUC-JP pair by setting the high bits, a JIS X 0212 pair
 * gets EUC-JP's single-shift-3 prefix, and KS X 1001 / GB 2312 arrive in GR and are already EUC-KR / EUC-CN.
 */
enum CodeElement {
    ASCII(6, "(B", true, 1, "US-ASCII"),
    /** JIS X 0201 romaji; decoded as ASCII, as pydicom and dcmtk do (yen sign and overline stay \ and ~). */
    JIS_X0201_ROMAJI(14, "(J", true, 1, "US-ASCII"),
    JIS_X0201_KATAKANA(13, ")I", false, 1, null),
    LATIN1(100, "-A", false, 1, "ISO-8859-1"),
    LATIN2(101, "-B", false, 1, "ISO-8859-2"),
    LATIN3(109, "-C", false, 1, "ISO-8859-3"),
    LATIN4(110, "-D", false, 1, "ISO-8859-4"),
    CYRILLIC(144, "-L", false, 1, "ISO-8859-5"),
    ARABIC(127, "-G", false, 1, "ISO-8859-6"),
    GREEK(126, "-F", false, 1, "ISO-8859-7"),
    HEBREW(138, "-H", false, 1, "ISO-8859-8"),
    LATIN5(148, "-M", false, 1, "ISO-8859-9"),
    THAI(166, "-T", false, 1, "x-iso-8859-11"),
    LATIN9(203, "-b", false, 1, "ISO-8859-15"),
    JIS_X0208(87, "$B", true, 2, "EUC-JP"),
    JIS_X0212(159, "$(D", true, 2, "EUC-JP"),
    KS_X1001(149, "$)C", false, 2, "EUC-KR"),
    GB2312(58, "$)A", false, 2, "GB2312");

    /** ISO-IR registration number, as in the defined terms "ISO_IR n" / "ISO 2022 IR n". */
    final int isoIr;
    /** The escape sequence without the leading ESC. */
    final byte[] escape;
    final boolean g0;
    final int bytesPerChar;
    /** The JDK charset the bytes are decoded with (after {@link #appendEuc}); null for katakana (mapped directly). */
    final Charset charset;

    CodeElement(int isoIr, String escape, boolean g0, int bytesPerChar, String charset) {
        this.isoIr = isoIr;
        this.escape = escape.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.g0 = g0;
        this.bytesPerChar = bytesPerChar;
        this.charset = charset == null ? null : Charset.forName(charset);
    }

    static CodeElement byIsoIr(int isoIr) {
        for (CodeElement ce : values()) {
            if (ce.isoIr == isoIr) {
                return ce;
            }
        }
        return null;
    }

    /** The code element whose escape sequence is {@code b[from..to)} (the bytes after ESC), or null. */
    static CodeElement byEscape(byte[] b, int from, int to) {
        for (CodeElement ce : values()) {
            if (ce.escape.length == to - from && java.util.Arrays.equals(ce.escape, 0, ce.escape.length, b, from, to)) {
                return ce;
            }
        }
        // ESC $ @ designates the 1978 edition of JIS X 0208; the JDK table is the 1983 one, close enough to read it.
        if (to - from == 2 && b[from] == '$' && b[from + 1] == '@') {
            return JIS_X0208;
        }
        return null;
    }

    /** Appends one character's bytes (as found in the DICOM value) in the form {@link #charset} decodes. */
    void appendEuc(ByteArrayOutputStream run, int b1, int b2) {
        switch (this) {
            case JIS_X0208 -> {
                run.write(b1 | 0x80);
                run.write(b2 | 0x80);
            }
            case JIS_X0212 -> {
                run.write(0x8F);
                run.write(b1 | 0x80);
                run.write(b2 | 0x80);
            }
            case KS_X1001, GB2312 -> {
                run.write(b1);
                run.write(b2);
            }
            default -> run.write(b1);
        }
    }

    /** Whether the set is in ISO 8859 layout: one byte per character, in G1. */
    boolean isSingleByteG1() {
        return !g0 && bytesPerChar == 1 && charset != null;
    }
}
