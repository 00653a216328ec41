package org.dicompipe.codec.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte strings from the examples of DICOM PS3.5 Annex H (Japanese), I (Korean), J (UTF-8, GB18030) and
 * K (ISO 2022 IR 58), written out from the standard's text: ASCII runs as strings with ESC as \u001b,
 * GR bytes as numbers.
 */
class SpecificCharacterSetTest {

    private static final String ESC = "\u001b";

    /** Concatenates ASCII strings and single byte values. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    // PS3.5 H.3.1: Specific Character Set "\ISO 2022 IR 87"
    private static final byte[] H31 = bytes("Yamada^Tarou=", ESC, "$B;3ED", ESC, "(B^", ESC, "$BB@O:", ESC, "(B=",
            ESC, "$B$d$^$@", ESC, "(B^", ESC, "$B$?$m$&", ESC, "(B");
    private static final String H31_TEXT = "Yamada^Tarou=山田^太郎=やまだ^たろう";

    // PS3.5 H.3.2: "ISO 2022 IR 13\ISO 2022 IR 87", alphabetic group in half-width katakana (G1, no escape)
    private static final byte[] H32 = bytes(0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3, "=", ESC, "$B;3ED", ESC,
            "(J^", ESC, "$BB@O:", ESC, "(J=", ESC, "$B$d$^$@", ESC, "(J^", ESC, "$B$?$m$&", ESC, "(J");
    private static final String H32_TEXT = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう";

    // PS3.5 I.2: "\ISO 2022 IR 149"
    private static final byte[] I2 = bytes("Hong^Gildong=", ESC, "$)C", 0xFB, 0xF3, "^", ESC, "$)C", 0xD1, 0xCE, 0xD4,
            0xD7, "=", ESC, "$)C", 0xC8, 0xAB, "^", ESC, "$)C", 0xB1, 0xE6, 0xB5, 0xBF);
    private static final String I2_TEXT = "Hong^Gildong=洪^吉洞=홍^길동";

    // PS3.5 J.2 (ISO_IR 192) and J.3 (GB18030)
    private static final byte[] J2 = bytes("Wang^XiaoDong=", 0xE7, 0x8E, 0x8B, "^", 0xE5, 0xB0, 0x8F, 0xE6, 0x9D, 0xB1,
            "=");
    private static final String J2_TEXT = "Wang^XiaoDong=王^小東=";
    private static final byte[] J3 = bytes("Wang^XiaoDong=", 0xCD, 0xF5, "^", 0xD0, 0xA1, 0xB6, 0xAB, "=");
    private static final String J3_TEXT = "Wang^XiaoDong=王^小东=";

    // PS3.5 K.2: "\ISO 2022 IR 58"
    private static final byte[] K2 = bytes("Zhang^XiaoDong=", ESC, "$)A", 0xD5, 0xC5, "^", ESC, "$)A", 0xD0, 0xA1, 0xB6,
            0xAB, "=");
    private static final String K2_TEXT = "Zhang^XiaoDong=张^小东=";

    @Test
    void japaneseKanjiPersonNameOfAnnexH31() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertEquals(H31_TEXT, cs.decodePersonName(H31));
        assertArrayEquals(H31, cs.encodePersonName(H31_TEXT));
        assertEquals(List.of(), cs.problems());
    }

    @Test
    void japaneseKatakanaAndKanjiPersonNameOfAnnexH32() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87");
        assertEquals(H32_TEXT, cs.decodePersonName(H32));
        assertArrayEquals(H32, cs.encodePersonName(H32_TEXT));
    }

    @Test
    void koreanPersonNameOfAnnexI2() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        assertEquals(I2_TEXT, cs.decodePersonName(I2));
        assertArrayEquals(I2, cs.encodePersonName(I2_TEXT));
    }

    @Test
    void chinesePersonNamesOfAnnexJ() {
        SpecificCharacterSet utf8 = SpecificCharacterSet.of("ISO_IR 192");
        assertEquals(J2_TEXT, utf8.decodePersonName(J2));
        assertArrayEquals(J2, utf8.encodePersonName(J2_TEXT));
        SpecificCharacterSet gb18030 = SpecificCharacterSet.of("GB18030");
        assertEquals(J3_TEXT, gb18030.decodePersonName(J3));
        assertArrayEquals(J3, gb18030.encodePersonName(J3_TEXT));
        SpecificCharacterSet gbk = SpecificCharacterSet.of("GBK");
        assertEquals(J3_TEXT, gbk.decodePersonName(J3));
    }

    @Test
    void chinesePersonNameOfAnnexK2() {
        // pydicom leaves the escape sequence in this one (it decodes with plain GB2312), so no comparison there
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
        assertEquals(K2_TEXT, cs.decodePersonName(K2));
        assertArrayEquals(K2, cs.encodePersonName(K2_TEXT));
    }

    @Test
    void lineBreaksResetTheDesignationsInText() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
        byte[] text = bytes("Line one ", ESC, "$)A", 0xD6, 0xD0, 0xCE, 0xC4, ".\r\nLine two ", ESC, "$)A", 0xD6, 0xD0,
                0xCE, 0xC4, ".\r\n", 0xE9);
        // after the last CR LF, G1 is back to none: the stray byte is read leniently as Latin-1
        assertEquals("Line one 中文.\r\nLine two 中文.\r\né", cs.decodeText(text, 0, text.length));
        assertArrayEquals(bytes("a", ESC, "$)A", 0xD6, 0xD0, "\r\n", ESC, "$)A", 0xCE, 0xC4),
                cs.encodeText("a中\r\n文"));
    }

    @Test
    void backslashSeparatesValuesAndResetsButNotInsideAKanjiPair() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        // 0x5C inside JIS X 0208 mode is half of a character, not a value delimiter
        byte[] kanjiWith5C = bytes(ESC, "$B", 0x35, 0x5C, ESC, "(B\\", ESC, "$B;3", ESC, "(B");
        String decoded = cs.decode(kanjiWith5C);
        assertEquals(2, decoded.split("\\\\").length, decoded);
        assertEquals("宮", decoded.split("\\\\")[0]); // JIS 0x355C, as Python's iso2022_jp reads it
        assertEquals("山", decoded.split("\\\\")[1]);
        SpecificCharacterSet korean = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        assertEquals("홍\\ë", korean.decode(bytes(ESC, "$)C", 0xC8, 0xAB, "\\", 0xEB)));
        byte[] text = bytes(ESC, "$)C", 0xC8, 0xAB, "\\", 0xC8, 0xAB);
        assertEquals("홍\\홍", korean.decodeText(text, 0, text.length)); // in LT/ST/UT '\' is just a character
    }

    @Test
    void supplementaryKanjiIsoIr159() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 159");
        // byte values as Python's iso2022_jp_2 codec writes these JIS X 0212 characters
        byte[] value = bytes(ESC, "$(D", 0x30, 0x21, 0x6C, 0x3F, ESC, "(B");
        assertEquals("丂鷗", cs.decode(value));
        assertArrayEquals(value, cs.encode("丂鷗"));
        assertEquals("山丂", cs.decode(cs.encode("山丂")));
    }

    @Test
    void singleByteSetsWithAndWithoutCodeExtensions() {
        assertEquals("Buc^Jérôme", SpecificCharacterSet.of("ISO_IR 100")
                .decodePersonName(bytes("Buc^J", 0xE9, "r", 0xF4, "me")));
        assertEquals("Διονυσιος", SpecificCharacterSet.of("ISO_IR 126")
                .decodePersonName(bytes(0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2)));
        assertEquals("€", SpecificCharacterSet.of("ISO_IR 203").decode(bytes(0xA4)));
        assertEquals("ก", SpecificCharacterSet.of("ISO_IR 166").decode(bytes(0xA1)));
        SpecificCharacterSet latinGreek = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 126");
        String mixed = "Jérôme^Διονυσιος";
        byte[] encoded = latinGreek.encodePersonName(mixed);
        assertArrayEquals(bytes("J", 0xE9, "r", 0xF4, "me^", ESC, "-F", 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9,
                0xEF, 0xF2), encoded);
        assertEquals(mixed, latinGreek.decodePersonName(encoded));
        // after '^' G1 returns to Latin-1 in a PN
        assertEquals("Δ^é", latinGreek.decodePersonName(bytes(ESC, "-F", 0xC4, "^", 0xE9)));
    }

    @Test
    void isoIr13AloneIsKatakanaInG1AndAsciiInG0() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 13");
        assertEquals("ﾔﾏﾀﾞ^ﾀﾛｳ \\~", cs.decodePersonName(bytes(0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3, " \\~")));
        assertArrayEquals(bytes(0xD4, 0xCF, "^A"), cs.encodePersonName("ﾔﾏ^A"));
    }

    @Test
    void defaultRepertoireReadsStrayHighBytesAsLatin1AndWritesThemBack() {
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of());
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of(""));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of((String[]) null));
        assertTrue(SpecificCharacterSet.of("ISO_IR 6").isDefault());
        byte[] raw = bytes("M", 0xFC, "ller");
        assertEquals("Müller", SpecificCharacterSet.DEFAULT.decode(raw));
        assertArrayEquals(raw, SpecificCharacterSet.DEFAULT.encode("Müller"));
        assertArrayEquals(bytes("?"), SpecificCharacterSet.DEFAULT.encode("山"));
        assertFalse(SpecificCharacterSet.DEFAULT.canEncode("山"));
    }

    @Test
    void unknownTermsFallBackToTheDefaultAndAreReported() {
        SpecificCharacterSet unknown = SpecificCharacterSet.of("ISO_IR 999");
        assertEquals(1, unknown.problems().size(), unknown.problems().toString());
        assertTrue(unknown.isDefault());
        assertEquals("é", unknown.decode(bytes(0xE9)));

        SpecificCharacterSet bogus = SpecificCharacterSet.of("KLINGON");
        assertTrue(bogus.problems().get(0).contains("KLINGON"), bogus.problems().toString());

        SpecificCharacterSet misspelled = SpecificCharacterSet.of("ISO IR 100");
        assertTrue(misspelled.problems().get(0).contains("misspelled"), misspelled.problems().toString());
        assertEquals("é", misspelled.decode(bytes(0xE9)));

        SpecificCharacterSet misspelled2022 = SpecificCharacterSet.of("", "ISO_2022_IR_87");
        assertEquals("山", misspelled2022.decode(bytes(ESC, "$B;3", ESC, "(B")));
        assertEquals(1, misspelled2022.problems().size());
    }

    @Test
    void standAloneSetsTakeNoCodeExtensions() {
        SpecificCharacterSet utf8First = SpecificCharacterSet.of("ISO_IR 192", "ISO 2022 IR 87");
        assertEquals("王", utf8First.decode(bytes(0xE7, 0x8E, 0x8B)));
        assertEquals(1, utf8First.problems().size());
        SpecificCharacterSet utf8Later = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO_IR 192");
        assertEquals("é", utf8Later.decode(bytes(0xE9)));
        assertEquals(1, utf8Later.problems().size());
        // GB18030 trail bytes may be 0x5C: decoding must not treat them as value delimiters
        SpecificCharacterSet gbk = SpecificCharacterSet.of("GBK");
        byte[] withBackslashTrail = "乗".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertEquals(0x5C, withBackslashTrail[1] & 0xFF);
        assertEquals("乗", gbk.decode(withBackslashTrail));
    }

    @Test
    void unknownEscapeSequencesStayVisible() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertEquals("\u001b$ZA", cs.decode(bytes(ESC, "$ZA")));
        assertEquals("A\u001b", cs.decode(bytes("A", ESC)));
        // a cut-off double-byte character becomes U+FFFD, never an exception
        assertEquals("\uFFFD", cs.decode(bytes(ESC, "$B;")));
    }

    @Test
    void encodeDecodeRoundTripsAcrossSets() {
        SpecificCharacterSet japanese = SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87");
        SpecificCharacterSet korean = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        SpecificCharacterSet chinese = SpecificCharacterSet.of("", "ISO 2022 IR 58");
        for (String s : List.of("", "ABC", "ｱｲｳ^漢字=かな\\ﾃｽﾄ", "山田 太郎\\やまだ", "a^b=c\\d")) {
            assertEquals(s, japanese.decodePersonName(japanese.encodePersonName(s)), s);
            assertEquals(s, japanese.decode(japanese.encode(s)), s);
        }
        for (String s : List.of("홍길동\\김^철수", "洪^吉洞=홍^길동")) {
            assertEquals(s, korean.decodePersonName(korean.encodePersonName(s)), s);
        }
        assertEquals("中文\\东", chinese.decode(chinese.encode("中文\\东")));
        assertTrue(japanese.canEncode("山田ｱ"));
        assertFalse(japanese.canEncode("홍"));
        assertArrayEquals(bytes("?"), korean.encode("ﾃ"));
    }
}
