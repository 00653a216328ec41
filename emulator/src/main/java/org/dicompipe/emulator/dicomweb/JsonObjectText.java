package org.dicompipe.emulator.dicomweb;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level members of a JSON object text, each value kept as the text it was written as. QIDO answers copy
 * attributes from the DICOM JSON stored in the index; splitting that text is far cheaper than building a tree of it
 * for every hit and writing the tree out again.
 */
final class JsonObjectText {

    /** One member: its name (unescaped only if it had no escapes, which DICOM JSON tags never have) and value text. */
    record Member(String name, String value) {
    }

    private JsonObjectText() {
    }

    /** Chooses members by their name, given as where it is in the text (without its quotes). */
    interface NameFilter {
        boolean keep(String json, int nameStart, int nameEnd);
    }

    /** The members in order. The text must be one JSON object, as the index stores it. */
    static List<Member> members(String json) {
        return members(json, (text, start, end) -> true);
    }

    /**
     * The members whose name {@code keep} accepts, in order; the others are skipped over without copying their names
     * or values. The whole text is still checked to be one JSON object.
     */
    static List<Member> members(String json, NameFilter keep) {
        List<Member> out = new ArrayList<>();
        int n = json.length();
        int i = skipSpace(json, 0);
        expect(json, i, '{');
        i = skipSpace(json, i + 1);
        if (i < n && json.charAt(i) == '}') {
            return out;
        }
        while (true) {
            expect(json, i, '"');
            int nameEnd = endOfString(json, i);
            int nameStart = i + 1;
            for (int c = nameStart; c < nameEnd - 1; c++) {
                if (json.charAt(c) == '\\') {
                    throw malformed(json, i);
                }
            }
            i = skipSpace(json, nameEnd);
            expect(json, i, ':');
            int valueStart = skipSpace(json, i + 1);
            int valueEnd = endOfValue(json, valueStart);
            if (keep.keep(json, nameStart, nameEnd - 1)) {
                out.add(new Member(json.substring(nameStart, nameEnd - 1), json.substring(valueStart, valueEnd)));
            }
            i = skipSpace(json, valueEnd);
            if (i < n && json.charAt(i) == ',') {
                i = skipSpace(json, i + 1);
            } else {
                expect(json, i, '}');
                return out;
            }
        }
    }

    /** Index just past the string that opens at {@code start}. */
    private static int endOfString(String s, int start) {
        int from = start + 1;
        while (true) {
            int quote = s.indexOf('"', from);
            if (quote < 0) {
                throw malformed(s, start);
            }
            // escaped when an odd number of backslashes precede it
            int b = quote - 1;
            while (b > start && s.charAt(b) == '\\') {
                b--;
            }
            if (((quote - 1 - b) & 1) == 0) {
                return quote + 1;
            }
            from = quote + 1;
        }
    }

    /** Index just past the value (object, array, string or literal) that starts at {@code start}. */
    private static int endOfValue(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i = endOfString(s, i);
                if (depth == 0) {
                    return i;
                }
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return trimEnd(s, start, i);
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return trimEnd(s, start, i);
            }
            i++;
        }
        throw malformed(s, start);
    }

    private static int trimEnd(String s, int start, int end) {
        int e = end;
        while (e > start && Character.isWhitespace(s.charAt(e - 1))) {
            e--;
        }
        if (e == start) {
            throw malformed(s, start);
        }
        return e;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void expect(String s, int i, char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw malformed(s, i);
        }
    }

    private static IllegalStateException malformed(String s, int at) {
        return new IllegalStateException("indexed attributes are not a JSON object (at " + at + " of " + s.length() + ")");
    }
}
