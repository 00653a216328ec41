package org.dicompipe.emulator.dicomweb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.InstanceKey;

/**
 * A parsed path below {@code dicomWeb/}: the UIDs it names (each validated before anything else sees it), what
 * follows them, and a custom method suffix such as {@code :getStudyMetrics}.
 *
 * @param study    StudyInstanceUID or null
 * @param series   SeriesInstanceUID or null
 * @param instance SOPInstanceUID or null
 * @param resource what follows the deepest UID: "", "series", "instances", "metadata", "rendered", "frames",
 *                 "bulkdata" (for the store level: "studies", "series", "instances")
 * @param tail     the segments after the resource (frame list, rendered, bulkdata path)
 * @param method   the custom method after ':' or null
 */
record DicomWebPath(String study, String series, String instance, String resource, List<String> tail, String method) {

    static DicomWebPath parse(String rest) {
        String method = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.indexOf(':', lastSlash + 1);
        if (colon >= 0) {
            method = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        List<String> seg = new ArrayList<>(Arrays.asList(rest.split("/", -1)));
        if (seg.isEmpty() || seg.stream().anyMatch(String::isEmpty)) {
            throw GoogleError.invalidArgument("invalid DICOMweb path: empty path segment");
        }
        String study = null;
        String series = null;
        String instance = null;
        int i = 0;
        if (seg.get(0).equals("studies") && seg.size() >= 2) {
            study = InstanceKey.requireUid("StudyInstanceUID", seg.get(1));
            i = 2;
            if (seg.size() >= 4 && seg.get(2).equals("series")) {
                series = InstanceKey.requireUid("SeriesInstanceUID", seg.get(3));
                i = 4;
                if (seg.size() >= 6 && seg.get(4).equals("instances")) {
                    instance = InstanceKey.requireUid("SOPInstanceUID", seg.get(5));
                    i = 6;
                }
            }
        }
        String resource = i < seg.size() ? seg.get(i) : "";
        List<String> tail = i + 1 < seg.size() ? List.copyOf(seg.subList(i + 1, seg.size())) : List.of();
        return new DicomWebPath(study, series, instance, resource, tail, method);
    }

    InstanceKey instanceKey() {
        return new InstanceKey(study, series, instance);
    }
}
