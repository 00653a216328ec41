package org.dicompipe.camel.dicomstore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query of a QIDO-RS search: match attributes (keywords or tags) from the query.* options, overridden by the
 * {@link DicomStoreConstants#QUERY_PARAMETERS} header, then includefield, limit, offset and fuzzymatching.
 */
final class QidoParameters {

    /** A keyword (PatientName), a tag (00100010), or a sequence path (00081110.00081150). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*");

    private QidoParameters() {
    }

    static Map<String, Object> of(DicomStoreCall call) {
        Map<String, Object> params = new LinkedHashMap<>();
        putAll(params, call.config.getQueryParameters());
        Map<?, ?> fromHeader = call.in.getHeader(DicomStoreConstants.QUERY_PARAMETERS, Map.class);
        putAll(params, fromHeader);
        String includefield = call.option(DicomStoreConstants.INCLUDEFIELD, call.config.getIncludefield());
        if (includefield != null && !includefield.isBlank()) {
            List<String> fields = Arrays.stream(includefield.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .toList();
            params.put("includefield", fields.size() == 1 ? fields.get(0) : fields);
        }
        Integer limit = call.option(DicomStoreConstants.LIMIT, Integer.class, call.config.getLimit());
        if (limit != null) {
            params.put("limit", limit);
        }
        Integer offset = call.option(DicomStoreConstants.OFFSET, Integer.class, call.config.getOffset());
        if (offset != null) {
            params.put("offset", offset);
        }
        Boolean fuzzy = call.option(DicomStoreConstants.FUZZYMATCHING, Boolean.class, call.config.getFuzzymatching());
        if (fuzzy != null) {
            params.put("fuzzymatching", fuzzy);
        }
        return params;
    }

    private static void putAll(Map<String, Object> params, Map<?, ?> source) {
        if (source == null) {
            return;
        }
        for (Map.Entry<?, ?> e : source.entrySet()) {
            String key = String.valueOf(e.getKey()).trim();
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not a DICOM keyword or tag: '" + key + "'");
            }
            Object value = e.getValue();
            if (value == null) {
                params.remove(key);
            } else if (value instanceof Collection<?> values) {
                params.put(key, new ArrayList<>(values));
            } else {
                params.put(key, value.toString());
            }
        }
    }
}
