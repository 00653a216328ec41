package org.dicompipe.emulator.deid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * {@code filterConfig.resourcePathsGcsUri}: the studies, series and instances to include, one resource path a line
 * ({@code /studies/{study}[/series/{series}[/instances/{instance}]]}, lines separated by \n or \r\n).
 */
final class ResourcePathFilter {

    private final Set<String> studies = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    private final Set<InstanceKey> instances = new HashSet<>();

    /** @throws GoogleError INVALID_ARGUMENT naming the first line that is not a resource path */
    static ResourcePathFilter parse(String uri, String text) {
        ResourcePathFilter f = new ResourcePathFilter();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split("/", -1);
            boolean ok = p.length >= 3 && p[0].isEmpty() && p[1].equals("studies")
                    && (p.length == 3 || p.length == 5 && p[3].equals("series")
                    || p.length == 7 && p[3].equals("series") && p[5].equals("instances"));
            for (int k = 2; ok && k < p.length; k += 2) {
                ok = InstanceKey.isValidUid(p[k]);
            }
            if (!ok) {
                throw GoogleError.invalidArgument("filterConfig.resourcePathsGcsUri " + uri + ", line " + (i + 1)
                        + ": not a resource path of the form /studies/{uid}[/series/{uid}[/instances/{uid}]]");
            }
            switch (p.length) {
                case 3 -> f.studies.add(p[2]);
                case 5 -> f.series.add(p[2] + "/" + p[4]);
                default -> f.instances.add(new InstanceKey(p[2], p[4], p[6]));
            }
        }
        return f;
    }

    boolean includes(InstanceKey key) {
        return studies.contains(key.study()) || series.contains(key.study() + "/" + key.series())
                || instances.contains(key);
    }

    List<InstanceKey> select(List<InstanceKey> all) {
        List<InstanceKey> out = new ArrayList<>();
        for (InstanceKey k : all) {
            if (includes(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
