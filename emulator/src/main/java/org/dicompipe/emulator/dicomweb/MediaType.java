package org.dicompipe.emulator.dicomweb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A media type with parameters, as found in Content-Type and (comma separated) in Accept. */
record MediaType(String type, Map<String, String> params) {

    static MediaType parse(String value) {
        List<String> pieces = split(value, ';');
        String type = pieces.isEmpty() ? "" : pieces.get(0).trim().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < pieces.size(); i++) {
            String p = pieces.get(i).trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String v = p.substring(eq + 1).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), v);
        }
        return new MediaType(type, params);
    }

    /** The media types of an Accept header, in the order given; empty for a missing header. */
    static List<MediaType> parseAccept(String header) {
        List<MediaType> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String piece : split(header, ',')) {
            if (!piece.isBlank()) {
                out.add(parse(piece));
            }
        }
        return out;
    }

    String param(String name) {
        return params.get(name);
    }

    boolean is(String t) {
        return type.equals(t);
    }

    boolean isWildcard() {
        return type.equals("*/*") || type.isEmpty();
    }

    /** Splits at {@code sep} outside double quotes. */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
