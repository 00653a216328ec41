package org.dicompipe.emulator.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dicompipe.codec.Tag;

/**
 * The Basic Application Level Confidentiality Profile (DICOM PS3.15 Annex E, Table E.1-1), read from
 * {@code basic-profile.tsv} (generated from the standard's table by {@code gen-basic-profile.py}). Attributes the
 * table does not name are kept; private attributes (odd groups) are removed, as the table's last row says.
 */
final class BasicProfile {

    static final String RESOURCE = "basic-profile.tsv";

    private static final BasicProfile INSTANCE = load();

    private final Map<Integer, String> codes;
    /** Rows with x digits, e.g. 60xx3000: (mask, value) pairs. */
    private final List<int[]> masked;
    private final List<String> maskedCodes;

    private BasicProfile(Map<Integer, String> codes, List<int[]> masked, List<String> maskedCodes) {
        this.codes = codes;
        this.masked = masked;
        this.maskedCodes = maskedCodes;
    }

    static BasicProfile get() {
        return INSTANCE;
    }

    /** The table's code for {@code tag} ("X", "Z/D", ...), "X" for private attributes, null when not listed. */
    String code(int tag) {
        if ((Tag.group(tag) & 1) == 1) {
            return "X";
        }
        String c = codes.get(tag);
        if (c != null) {
            return c;
        }
        for (int i = 0; i < masked.size(); i++) {
            int[] m = masked.get(i);
            if ((tag & m[0]) == m[1]) {
                return maskedCodes.get(i);
            }
        }
        return null;
    }

    TagAction action(int tag) {
        String c = code(tag);
        return c == null ? TagAction.KEEP : TagAction.ofProfileCode(c);
    }

    /** Every tag the table lists explicitly, with its code. */
    Map<Integer, String> codes() {
        return Collections.unmodifiableMap(codes);
    }

    private static BasicProfile load() {
        Map<Integer, String> codes = new HashMap<>();
        List<int[]> masked = new ArrayList<>();
        List<String> maskedCodes = new ArrayList<>();
        try (InputStream in = BasicProfile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 2) {
                    throw new IllegalStateException(RESOURCE + ": malformed line: " + line);
                }
                String tag = f[0];
                String code = f[1];
                TagAction.ofProfileCode(code); // fails fast on a code the resolver does not know
                if (tag.indexOf('x') >= 0) {
                    int mask = 0;
                    int value = 0;
                    for (int i = 0; i < 8; i++) {
                        char c = tag.charAt(i);
                        mask <<= 4;
                        value <<= 4;
                        if (c != 'x') {
                            mask |= 0xF;
                            value |= Character.digit(c, 16);
                        }
                    }
                    masked.add(new int[] {mask, value});
                    maskedCodes.add(code);
                } else {
                    codes.put((int) Long.parseLong(tag, 16), code);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BasicProfile(codes, masked, maskedCodes);
    }
}
