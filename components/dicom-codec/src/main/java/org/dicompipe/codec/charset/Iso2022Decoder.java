package org.dicompipe.codec.charset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Decodes one value under ISO 2022 code extension (PS3.5 6.1.2.5): escape sequences change the G0 / G1
 * designations, and every delimiter byte returns both to the initial designations of value 1.
 * One instance per call; not thread-safe.
 */
final class Iso2022Decoder {

    private static final char REPLACEMENT = '\uFFFD';
    private static final int ESC = 0x1B;

    private final CodeElement initialG0;
    private final CodeElement initialG1;
    private final boolean[] delimiters;
    private final StringBuilder out;
    /** Bytes of consecutive characters of one multi-byte or ISO 8859 set, decoded together. */
    private final ByteArrayOutputStream run = new ByteArrayOutputStream(32);
    private CodeElement runSet;

    Iso2022Decoder(CodeElement initialG0, CodeElement initialG1, boolean[] delimiters, int capacity) {
        this.initialG0 = initialG0;
        this.initialG1 = initialG1;
        this.delimiters = delimiters;
        this.out = new StringBuilder(capacity);
    }

    String decode(byte[] b, int off, int len) {
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == ESC) {
                int j = i + 1;
                while (j < end && b[j] >= 0x20 && b[j] <= 0x2F) {
                    j++;
                }
                CodeElement designated = j < end && b[j] >= 0x30 && b[j] <= 0x7E
                        ? CodeElement.byEscape(b, i + 1, j + 1) : null;
                if (designated != null) {
                    if (designated.g0) {
                        g0 = designated;
                    } else {
                        g1 = designated;
                    }
                    i = j + 1;
                } else {
                    // unknown or cut-off escape sequence: keep its bytes visible rather than guess
                    literal(ESC);
                    i++;
                }
                continue;
            }
            if (c < 0x80) {
                if (g0.bytesPerChar == 2 && c >= 0x21 && c <= 0x7E) {
                    int c2 = i + 1 < end ? b[i + 1] & 0xFF : -1;
                    if (c2 >= 0x21 && c2 <= 0x7E) {
                        add(g0, c, c2);
                        i += 2;
                    } else {
                        literal(REPLACEMENT);
                        i++;
                    }
                    continue;
                }
                literal((char) c);
                if (delimiters[c]) {
                    g0 = initialG0;
                    g1 = initialG1;
                }
                i++;
                continue;
            }
            if (g1 == null) {
                literal((char) c); // default repertoire: read stray 8-bit bytes as Latin-1, as pydicom does
                i++;
            } else if (g1.bytesPerChar == 2) {
                int c2 = i + 1 < end ? b[i + 1] & 0xFF : -1;
                if (c >= 0xA1 && c <= 0xFE && c2 >= 0xA1 && c2 <= 0xFE) {
                    add(g1, c, c2);
                    i += 2;
                } else {
                    literal(REPLACEMENT);
                    i++;
                }
            } else if (g1 == CodeElement.JIS_X0201_KATAKANA) {
                literal(c >= 0xA1 && c <= 0xDF ? (char) (0xFF61 + c - 0xA1) : REPLACEMENT);
                i++;
            } else {
                add(g1, c, -1);
                i++;
            }
        }
        flush();
        return out.toString();
    }

    private void add(CodeElement set, int b1, int b2) {
        if (set != runSet) {
            flush();
            runSet = set;
        }
        set.appendEuc(run, b1, b2);
    }

    private void literal(char c) {
        flush();
        out.append(c);
    }

    private void literal(int c) {
        literal((char) c);
    }

    private void flush() {
        if (runSet != null && run.size() > 0) {
            out.append(runSet.charset.decode(ByteBuffer.wrap(run.toByteArray())));
            run.reset();
        }
        runSet = null;
    }
}
