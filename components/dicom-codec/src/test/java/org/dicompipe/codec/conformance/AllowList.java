package org.dicompipe.codec.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The documented differences from a reference tool that are accepted, one per line: file, top-level tag
 * (8 hex digits) and why. Tab separated; '#' starts a comment line. Every entry must still match a difference
 * that occurs (see {@link #unused()}), so that a fixed difference cannot leave a stale excuse behind.
 */
final class AllowList {
    /** An accepted difference. */
    record Entry(int line, String file, String tag, String reason) {
        /** The tag may use 'x' for any hex digit, as PS3.6 writes repeating groups (e.g. 001910xx: one private block). */
        boolean matches(Difference d) {
            if (!d.file().equals(file) || d.tag().length() != tag.length()) {
                return false;
            }
            for (int i = 0; i < tag.length(); i++) {
                char t = tag.charAt(i);
                if (t != 'X' && t != Character.toUpperCase(d.tag().charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "line " + line + ": " + file + " " + tag + " (" + reason + ")";
        }
    }

    private final String source;
    private final List<Entry> entries;
    private final Set<Entry> used = new LinkedHashSet<>();

    private AllowList(String source, List<Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    static AllowList load(String resource) {
        try (InputStream in = AllowList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing allow-list " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AllowList parse(String source, String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cols = lines[i].split("\t");
            if (cols.length != 3 || cols[2].isBlank() || !cols[1].strip().matches("[0-9A-Fa-fxX]{8}")) {
                throw new IllegalArgumentException(source + " line " + (i + 1)
                        + ": expected 'file<TAB>GGGGEEEE<TAB>reason', got: " + lines[i]);
            }
            entries.add(new Entry(i + 1, cols[0].strip(), cols[1].strip().toUpperCase(Locale.ROOT), cols[2].strip()));
        }
        return new AllowList(source, entries);
    }

    /** True (and the entry is marked used) when the difference is accepted. */
    synchronized boolean allows(Difference d) {
        for (Entry e : entries) {
            if (e.matches(d)) {
                used.add(e);
                return true;
            }
        }
        return false;
    }

    synchronized List<Entry> unused() {
        List<Entry> stale = new ArrayList<>(entries);
        stale.removeAll(used);
        return stale;
    }

    int size() {
        return entries.size();
    }

    String source() {
        return source;
    }
}
