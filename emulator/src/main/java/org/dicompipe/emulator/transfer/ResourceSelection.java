package org.dicompipe.emulator.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * The instances a setBlobStorageSettings or deidentify request applies to: a study, series or instance named in the
 * resource path, or the lines of {@code filterConfig.resourcePathsGcsUri}
 * ({@code /studies/{uid}[/series/{uid}[/instances/{uid}]]} one a line), or the whole store.
 */
public final class ResourceSelection {

    /** A study, series or instance; the deeper UIDs are null for a shallower level. */
    public record Level(String study, String series, String instance) {
    }

    private final List<Level> levels;

    private ResourceSelection(List<Level> levels) {
        this.levels = levels;
    }

    public static ResourceSelection all() {
        return new ResourceSelection(null);
    }

    public static ResourceSelection of(Level level) {
        return new ResourceSelection(List.of(level));
    }

    /** @throws GoogleError INVALID_ARGUMENT naming the first line that is not a resource path */
    public static ResourceSelection parse(String uri, String text) {
        List<Level> levels = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Level level = parsePath(line);
            if (level == null) {
                throw GoogleError.invalidArgument("filterConfig.resourcePathsGcsUri " + GcsLocation.printable(uri)
                        + ", line " + (i + 1) + ": not a resource path /studies/{uid}[/series/{uid}[/instances/{uid}]]");
            }
            levels.add(level);
        }
        return new ResourceSelection(levels);
    }

    /** "/studies/1.2[/series/3.4[/instances/5.6]]" (a trailing slash allowed), or null. */
    public static Level parsePath(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] s = p.split("/", -1);
        boolean shape = s.length >= 3 && s[0].isEmpty() && s[1].equals("studies")
                && (s.length == 3 || s.length == 5 && s[3].equals("series")
                || s.length == 7 && s[3].equals("series") && s[5].equals("instances"));
        for (int k = 2; shape && k < s.length; k += 2) {
            shape = InstanceKey.isValidUid(s[k]);
        }
        if (!shape) {
            return null;
        }
        return new Level(s[2], s.length >= 5 ? s[4] : null, s.length == 7 ? s[6] : null);
    }

    /** The stored instances selected, each once, in a stable order. */
    public List<InstanceKey> select(DicomStoreStorage storage) throws IOException {
        if (levels == null) {
            return storage.keys();
        }
        Set<InstanceKey> out = new LinkedHashSet<>();
        for (Level l : levels) {
            if (l.instance() != null) {
                InstanceKey k = new InstanceKey(l.study(), l.series(), l.instance());
                if (storage.find(k).isPresent()) {
                    out.add(k);
                }
            } else {
                out.addAll(storage.index().keys(l.study(), l.series()));
            }
        }
        return new ArrayList<>(out);
    }
}
