package org.dicompipe.emulator.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.dicompipe.codec.dict.DataDictionary;

/** The tags MINIMAL_KEEP_LIST_PROFILE keeps and every keepList keeps too ({@code minimal-keep-list.txt}). */
final class MinimalKeepList {

    static final String RESOURCE = "minimal-keep-list.txt";

    private static final Set<Integer> TAGS = load();

    private MinimalKeepList() {
    }

    static Set<Integer> tags() {
        return TAGS;
    }

    private static Set<Integer> load() {
        Set<Integer> tags = new HashSet<>();
        try (InputStream in = MinimalKeepList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Integer tag = DataDictionary.tagOf(line);
                if (tag == null) {
                    throw new IllegalStateException(RESOURCE + ": unknown keyword " + line);
                }
                tags.add(tag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(tags);
    }
}
