package org.dicompipe.codec.charset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes one value with ISO 2022 code extensions: each character goes to the first of the declared sets
 * that has it (value 1's set first), designated with its escape sequence when it is not already; before any
 * delimiter and at the end of the value, G0 returns to value 1's single-byte set, and after a delimiter the
 * designations are considered reset (PS3.5 6.1.2.5.3), so they are repeated where needed.
 * Characters no declared set has become '?'. One instance per call; not thread-safe.
 */
final class Iso2022Encoder {

    private final CodeElement initialG0;
    private final CodeElement initialG1;
    private final List<CodeElement> candidates;
    private final boolean[] delimiters;
    private final Map<CodeElement, CharsetEncoder> encoders = new EnumMap<>(CodeElement.class);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean unmappable;

    Iso2022Encoder(CodeElement initialG0, CodeElement initialG1, List<CodeElement> candidates, boolean[] delimiters) {
        this.initialG0 = initialG0;
        this.initialG1 = initialG1;
        this.candidates = candidates;
        this.delimiters = delimiters;
    }

    byte[] encode(String s) {
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                g0 = singleByteG0(g0);
                out.write(cp);
                if (delimiters[cp]) {
                    g1 = initialG1;
                }
                continue;
            }
            boolean done = false;
            for (CodeElement set : candidates) {
                byte[] bytes = bytesIn(set, cp);
                if (bytes == null) {
                    continue;
                }
                if (set.g0) {
                    if (g0 != set) {
                        designate(set);
                        g0 = set;
                    }
                } else {
                    g0 = singleByteG0(g0);
                    if (g1 != set) {
                        designate(set);
                        g1 = set;
                    }
                }
                out.writeBytes(bytes);
                done = true;
                break;
            }
            if (!done) {
                unmappable = true;
                g0 = singleByteG0(g0);
                out.write('?');
            }
        }
        singleByteG0(g0);
        return out.toByteArray();
    }

    /** Whether the last {@link #encode} had to replace a character. */
    boolean hadUnmappable() {
        return unmappable;
    }

    private CodeElement singleByteG0(CodeElement g0) {
        if (g0.bytesPerChar != 1) {
            designate(initialG0);
            return initialG0;
        }
        return g0;
    }

    private void designate(CodeElement set) {
        out.write(0x1B);
        out.writeBytes(set.escape);
    }

    /** The bytes of {@code cp} in {@code set} as they appear in a DICOM value, or null if the set lacks it. */
    private byte[] bytesIn(CodeElement set, int cp) {
        if (set == CodeElement.JIS_X0201_KATAKANA) {
            return cp >= 0xFF61 && cp <= 0xFF9F ? new byte[] {(byte) (cp - 0xFF61 + 0xA1)} : null;
        }
        if (set.charset == null || set == CodeElement.ASCII || set == CodeElement.JIS_X0201_ROMAJI) {
            return null;
        }
        byte[] b = encodeStrict(set, cp);
        if (b == null) {
            return null;
        }
        switch (set) {
            case JIS_X0208:
                return b.length == 2 && (b[0] & 0xFF) >= 0xA1 && (b[1] & 0xFF) >= 0xA1
                        ? new byte[] {(byte) (b[0] & 0x7F), (byte) (b[1] & 0x7F)} : null;
            case JIS_X0212:
                return b.length == 3 && (b[0] & 0xFF) == 0x8F
                        ? new byte[] {(byte) (b[1] & 0x7F), (byte) (b[2] & 0x7F)} : null;
            case KS_X1001:
            case GB2312:
                return b.length == 2 && (b[0] & 0xFF) >= 0xA1 && (b[1] & 0xFF) >= 0xA1 ? b : null;
            default:
                return b.length == 1 && (b[0] & 0xFF) >= 0xA0 ? b : null;
        }
    }

    private byte[] encodeStrict(CodeElement set, int cp) {
        CharsetEncoder enc = encoders.computeIfAbsent(set, s -> s.charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        try {
            ByteBuffer bb = enc.reset().encode(CharBuffer.wrap(Character.toChars(cp)));
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            return b;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
