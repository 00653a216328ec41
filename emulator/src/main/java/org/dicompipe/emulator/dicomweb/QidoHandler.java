package org.dicompipe.emulator.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.dict.DataDictionary;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.SearchCriteria;
import org.dicompipe.emulator.storage.SearchCriteria.Field;
import org.dicompipe.emulator.storage.SearchCriteria.Match;
import org.dicompipe.emulator.storage.SearchDefaults;
import org.dicompipe.emulator.storage.SearchHit;
import org.dicompipe.emulator.storage.SearchLevel;

/**
 * QIDO-RS searchForStudies / searchForSeries / searchForInstances, with the matching the Cloud Healthcare API
 * documents: exact and wildcard matching on the string attributes, range matching on StudyDate and StudyTime, UID
 * lists, {@code fuzzymatching} on PatientName; {@code includefield} (or {@code all}), {@code limit}, {@code offset}.
 */
final class QidoHandler {

    /** The largest page the API returns (studies and series / instances); also the default. */
    static final int MAX_STUDIES_OR_SERIES = 5000;
    static final int MAX_INSTANCES = 50000;

    /** Rows fetched from the index per query while a result page is written. */
    private static final int CHUNK = 500;
    /** Characters of results gathered before they are encoded and handed to the response. */
    private static final int FLUSH_CHARS = 32 * 1024;

    /** The matching keys, their level and how they may be matched. */
    private static final Map<Integer, Field> FIELDS = Map.ofEntries(
            Map.entry(Tags.StudyInstanceUID, Field.STUDY_UID),
            Map.entry(Tags.PatientName, Field.PATIENT_NAME),
            Map.entry(Tags.PatientID, Field.PATIENT_ID),
            Map.entry(Tags.AccessionNumber, Field.ACCESSION_NUMBER),
            Map.entry(Tags.ReferringPhysicianName, Field.REFERRING_PHYSICIAN_NAME),
            Map.entry(Tags.StudyDate, Field.STUDY_DATE),
            Map.entry(Tags.StudyTime, Field.STUDY_TIME),
            Map.entry(Tags.StudyID, Field.STUDY_ID),
            Map.entry(Tags.ModalitiesInStudy, Field.MODALITIES_IN_STUDY),
            Map.entry(Tags.SeriesInstanceUID, Field.SERIES_UID),
            Map.entry(Tags.Modality, Field.MODALITY),
            Map.entry(Tags.SeriesNumber, Field.SERIES_NUMBER),
            Map.entry(Tags.SOPInstanceUID, Field.SOP_INSTANCE_UID),
            Map.entry(Tags.SOPClassUID, Field.SOP_CLASS_UID),
            Map.entry(Tags.InstanceNumber, Field.INSTANCE_NUMBER));

    private QidoHandler() {
    }

    static void search(DicomStoreStorage storage, SearchLevel level, String study, String series, DicomWebUrls urls,
            HttpServletRequest req, HttpServletResponse resp) throws IOException {
        requireJsonAccepted(req.getHeader("Accept"));
        int max = level == SearchLevel.INSTANCE ? MAX_INSTANCES : MAX_STUDIES_OR_SERIES;
        SearchCriteria criteria = new SearchCriteria(level);
        Set<Integer> include = new LinkedHashSet<>();
        boolean all = false;
        boolean fuzzy = false;
        int limit = max;
        int offset = 0;
        if (study != null) {
            criteria.add(Field.STUDY_UID, Match.EXACT, List.of(study));
        }
        if (series != null) {
            criteria.add(Field.SERIES_UID, Match.EXACT, List.of(series));
        }
        Map<Integer, String> matches = new TreeMap<>();
        for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
            String name = p.getKey();
            String[] values = p.getValue();
            switch (name) {
                case "limit" -> limit = Math.min(max, nonNegative(name, values));
                case "offset" -> {
                    offset = nonNegative(name, values);
                    if (offset > Integer.MAX_VALUE - MAX_INSTANCES) {
                        throw GoogleError.invalidArgument("offset is too large: " + offset);
                    }
                }
                case "fuzzymatching" -> fuzzy = Boolean.parseBoolean(values[values.length - 1]);
                case "includefield" -> {
                    for (String v : values) {
                        for (String f : v.split(",")) {
                            if (f.trim().equals("all")) {
                                all = true;
                            } else if (!f.isBlank()) {
                                include.add(tagOf(f.trim()));
                            }
                        }
                    }
                }
                // Google's client adds these standard parameters to every request.
                case "alt", "prettyPrint", "key", "access_token", "quotaUser", "fields", "$.xgafv", "uploadType",
                        "upload_protocol", "callback", "oauth_token" -> {
                }
                default -> {
                    int tag = tagOf(name);
                    String value = String.join(",", values);
                    matches.put(tag, value);
                }
            }
        }
        for (Map.Entry<Integer, String> m : matches.entrySet()) {
            addCondition(criteria, level, m.getKey(), m.getValue(), fuzzy);
        }
        Set<Integer> wanted = new LinkedHashSet<>(include);
        wanted.addAll(matches.keySet());
        Set<Integer> resultTags = defaults(level, study, series, wanted);
        // Results of only default attributes are copied from the index's small default-attribute texts.
        criteria.defaultAttributesOnly(!all && SearchDefaults.ANY_LEVEL.containsAll(resultTags));
        // The first chunk is fetched with one row more than it needs: for pages that fit in one chunk (the usual
        // case) that row says whether more results match, which must be known before the body (Warning header).
        int first = Math.min(limit, CHUNK);
        criteria.page(offset, first + 1);
        List<SearchHit> hits = storage.index().search(criteria);
        boolean more;
        if (hits.size() <= first) {
            more = false;
        } else if (limit <= CHUNK) {
            more = true;
        } else {
            criteria.page(offset + limit, 1);
            more = !storage.index().search(criteria).isEmpty();
        }
        if (more) {
            resp.addHeader("Warning", "299 healthcare-emulator: There are additional results that match the query.");
        }
        resp.setStatus(200);
        resp.setContentType("application/dicom+json; charset=utf-8");
        OutputStream out = resp.getOutputStream();
        ResultWriter results = new ResultWriter(level, resultTags, all, urls);
        results.begin();
        int done = 0;
        boolean last = hits.size() <= first;
        // Written a chunk at a time: a page of 50,000 instances is never held at once.
        while (true) {
            for (int i = 0; i < hits.size() && done < limit; i++, done++) {
                results.add(hits.get(i));
                if (results.buffered() >= FLUSH_CHARS) {
                    results.drainTo(out);
                }
            }
            if (last || done >= limit) {
                break;
            }
            int chunk = Math.min(CHUNK, limit - done);
            criteria.page(offset + done, chunk);
            hits = storage.index().search(criteria);
            last = hits.size() < chunk;
        }
        results.end();
        results.drainTo(out);
        out.flush();
    }

    private static void addCondition(SearchCriteria c, SearchLevel level, int tag, String value, boolean fuzzy) {
        Field f = FIELDS.get(tag);
        if (f == null) {
            throw GoogleError.invalidArgument("searching on " + describe(tag) + " is not supported; matching keys are"
                    + " StudyInstanceUID, PatientName, PatientID, AccessionNumber, ReferringPhysicianName, StudyDate,"
                    + " StudyTime, StudyID, ModalitiesInStudy, SeriesInstanceUID, Modality, SeriesNumber,"
                    + " SOPInstanceUID, SOPClassUID, InstanceNumber");
        }
        if (f.level().ordinal() > level.ordinal()) {
            throw GoogleError.invalidArgument(describe(tag) + " cannot be matched when searching for "
                    + level.name().toLowerCase() + (level == SearchLevel.SERIES ? "" : "s"));
        }
        if (value.isEmpty()) {
            return; // universal matching
        }
        switch (f) {
            case STUDY_UID, SERIES_UID, SOP_INSTANCE_UID, SOP_CLASS_UID, MODALITIES_IN_STUDY -> {
                List<String> list = new ArrayList<>();
                for (String v : value.split("[,\\\\]")) {
                    if (!v.isBlank()) {
                        if (f != Field.MODALITIES_IN_STUDY) {
                            InstanceKey.requireUid(describe(tag), v.trim());
                        }
                        list.add(v.trim());
                    }
                }
                c.add(f, list.size() == 1 && f != Field.MODALITIES_IN_STUDY ? Match.EXACT : Match.UID_LIST, list);
            }
            case STUDY_DATE -> c.add(f, Match.RANGE, range(value, QidoHandler::date, tag));
            case STUDY_TIME -> c.add(f, Match.RANGE, range(value, QidoHandler::time, tag));
            case INSTANCE_NUMBER -> {
                try {
                    c.add(f, Match.EXACT, List.of(Integer.toString(Integer.parseInt(value.trim()))));
                } catch (NumberFormatException e) {
                    throw GoogleError.invalidArgument("InstanceNumber must be an integer: " + value);
                }
            }
            default -> {
                if (f == Field.PATIENT_NAME && fuzzy) {
                    List<String> words = new ArrayList<>();
                    for (String w : value.replace("*", " ").replace("?", " ").split("[\\^=\\s,]+")) {
                        if (!w.isEmpty()) {
                            words.add(w);
                        }
                    }
                    c.add(f, Match.FUZZY_WORDS, words);
                } else if (value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
                    c.add(f, Match.WILDCARD, List.of(value));
                } else {
                    c.add(f, Match.EXACT, List.of(value));
                }
            }
        }
    }

    private interface Normalizer {
        String apply(String v, boolean upper);
    }

    /** "a", "a-b", "-b", "a-": inclusive bounds, each normalised so that string order is chronological. */
    private static List<String> range(String value, Normalizer norm, int tag) {
        String v = value.trim();
        int dash = v.indexOf('-');
        try {
            if (dash < 0) {
                return Arrays.asList(norm.apply(v, false), norm.apply(v, true));
            }
            String from = v.substring(0, dash).trim();
            String to = v.substring(dash + 1).trim();
            if (from.isEmpty() && to.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return Arrays.asList(from.isEmpty() ? null : norm.apply(from, false), to.isEmpty() ? null : norm.apply(to, true));
        } catch (IllegalArgumentException e) {
            throw GoogleError.invalidArgument("invalid " + describe(tag) + " value or range: " + value);
        }
    }

    private static String date(String d, boolean upper) {
        String s = d.replace(".", "");
        if (!s.matches("\\d{8}")) {
            throw new IllegalArgumentException();
        }
        return s;
    }

    /** HHMMSS.FFFFFF; a shorter upper bound covers the whole hour, minute or second it names. */
    private static String time(String t, boolean upper) {
        String s = t.replace(":", "");
        if (!s.matches("\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?")) {
            throw new IllegalArgumentException();
        }
        return upper ? s + "\uffff" : s;
    }

    private static int nonNegative(String name, String[] values) {
        try {
            int v = Integer.parseInt(values[values.length - 1].trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw GoogleError.invalidArgument(name + " must be a non-negative integer: " + values[values.length - 1]);
        }
    }

    /** A keyword ("PatientName") or a tag ("00100010"). */
    static int tagOf(String attributeId) {
        Integer byKeyword = DataDictionary.tagOf(attributeId);
        if (byKeyword != null) {
            return byKeyword;
        }
        if (attributeId.matches("[0-9A-Fa-f]{8}")) {
            return Tag.parseHex(attributeId);
        }
        throw GoogleError.invalidArgument("unknown attribute in query: " + attributeId.replaceAll("[^\\x20-\\x7e]", "?"));
    }

    private static String describe(int tag) {
        String k = DataDictionary.keywordOf(tag);
        return k != null ? k : Tag.format(tag);
    }

    private static void requireJsonAccepted(String accept) {
        List<MediaType> types = MediaType.parseAccept(accept);
        if (types.isEmpty()) {
            return;
        }
        for (MediaType m : types) {
            if (m.isWildcard() || m.is("application/*") || m.is("application/dicom+json") || m.is("application/json")) {
                return;
            }
        }
        throw new GoogleError(406, "INVALID_ARGUMENT", "search results are available as application/dicom+json only");
    }

    /** Which attributes a result of the query has: the requested ones plus each answered level's defaults. */
    private static Set<Integer> defaults(SearchLevel level, String study, String series, Set<Integer> wanted) {
        boolean studyLevelToo = level == SearchLevel.STUDY || study == null;
        boolean seriesLevelToo = level == SearchLevel.SERIES || (level == SearchLevel.INSTANCE && series == null);
        Set<Integer> defaults = new HashSet<>(wanted);
        switch (level) {
            case STUDY -> defaults.addAll(SearchDefaults.STUDY);
            case SERIES -> defaults.addAll(SearchDefaults.SERIES);
            case INSTANCE -> defaults.addAll(SearchDefaults.INSTANCE);
        }
        if (studyLevelToo && level != SearchLevel.STUDY) {
            defaults.addAll(SearchDefaults.STUDY);
        }
        if (seriesLevelToo && level == SearchLevel.INSTANCE) {
            defaults.addAll(SearchDefaults.SERIES);
        }
        return defaults;
    }

    /**
     * Writes the results of one query as a JSON array. Each result holds the wanted attributes of each level present,
     * plus those computed from the index, in tag order. The stored values are copied as they were written to the
     * index, without parsing them; the members a study or series text gives are worked out once for the consecutive
     * hits that share it (the index returns hits in UID order). The text is gathered in a buffer and encoded to UTF-8
     * in one go per buffer, far cheaper than a character encoder on many small writes.
     */
    private static final class ResultWriter {
        private static final String RETRIEVE_URL_NAME = Tag.hex(SearchDefaults.RETRIEVE_URL);
        private static final String AVAILABILITY_NAME = Tag.hex(SearchDefaults.INSTANCE_AVAILABILITY);
        private static final String STUDY_SERIES_COUNT_NAME = Tag.hex(SearchDefaults.NUMBER_OF_STUDY_RELATED_SERIES);
        private static final String STUDY_INSTANCE_COUNT_NAME = Tag.hex(SearchDefaults.NUMBER_OF_STUDY_RELATED_INSTANCES);
        private static final String SERIES_INSTANCE_COUNT_NAME = Tag.hex(SearchDefaults.NUMBER_OF_SERIES_RELATED_INSTANCES);
        private static final String MODALITIES_NAME = Tag.hex(Tags.ModalitiesInStudy);
        private static final String ONLINE = "{\"vr\":\"CS\",\"Value\":[\"ONLINE\"]}";
        private static final String URL_END = "\"]}";

        private final SearchLevel level;
        /** The wanted attributes' names, for the computed ones. */
        private final Set<String> wanted = new HashSet<>();
        private final boolean all;
        private final String urlPrefix;
        /** The wanted tags, sorted: members of the stored texts are chosen by tag without copying their names. */
        private final int[] wantedTags;
        private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 8192);
        private final String[] texts = new String[3];
        private final List<List<JsonObjectText.Member>> picked = new ArrayList<>(Arrays.asList(null, null, null));
        private final List<JsonObjectText.Member> result = new ArrayList<>();
        private boolean comma;

        ResultWriter(SearchLevel level, Set<Integer> wantedTags, boolean all, DicomWebUrls urls) {
            this.level = level;
            for (int tag : wantedTags) {
                wanted.add(Tag.hex(tag));
            }
            this.wantedTags = wantedTags.stream().mapToInt(Integer::intValue).sorted().toArray();
            this.all = all;
            // {"vr":"UR","Value":[".../studies/ : the part of every RetrieveURL element before the UIDs
            String studiesRoot = urls.study("");
            String element = stringElement("UR", studiesRoot);
            this.urlPrefix = element.substring(0, element.length() - URL_END.length());
        }

        void begin() {
            buffer.append('[');
        }

        void end() {
            buffer.append(']');
        }

        int buffered() {
            return buffer.length();
        }

        void drainTo(OutputStream out) throws IOException {
            out.write(buffer.toString().getBytes(StandardCharsets.UTF_8));
            buffer.setLength(0);
        }

        void add(SearchHit h) {
            result.clear();
            pick(0, h.studyAttrs());
            if (level != SearchLevel.STUDY) {
                pick(1, h.seriesAttrs());
            }
            if (level == SearchLevel.INSTANCE) {
                pick(2, h.instanceAttrs());
            }
            // Attributes computed from the index rather than copied from an instance. The UIDs were validated when
            // the instance was stored, so they go into the URL as they are.
            switch (level) {
                case STUDY -> {
                    computed(RETRIEVE_URL_NAME, () -> urlPrefix + h.studyUid() + URL_END);
                    computed(STUDY_SERIES_COUNT_NAME, () -> numberElement(h.seriesCount()));
                    computed(STUDY_INSTANCE_COUNT_NAME, () -> numberElement(h.instanceCount()));
                    computed(MODALITIES_NAME, () -> stringElement("CS", h.modalities()));
                }
                case SERIES -> {
                    computed(RETRIEVE_URL_NAME,
                            () -> urlPrefix + h.studyUid() + "/series/" + h.seriesUid() + URL_END);
                    computed(SERIES_INSTANCE_COUNT_NAME, () -> numberElement(h.instanceCount()));
                }
                case INSTANCE -> computed(RETRIEVE_URL_NAME, () -> urlPrefix + h.studyUid() + "/series/" + h.seriesUid()
                        + "/instances/" + h.sopUid() + URL_END);
            }
            computed(AVAILABILITY_NAME, () -> ONLINE);
            // A lower level's value of an attribute replaces an upper one's (they are the same attribute of the
            // same instance); the stable sort keeps them in the order they were added.
            result.sort(BY_NAME);
            if (comma) {
                buffer.append(',');
            }
            comma = true;
            buffer.append('{');
            int n = result.size();
            boolean first = true;
            for (int i = 0; i < n; i++) {
                JsonObjectText.Member m = result.get(i);
                if (i + 1 < n && result.get(i + 1).name().equals(m.name())) {
                    continue;
                }
                if (!first) {
                    buffer.append(',');
                }
                first = false;
                buffer.append('"').append(m.name()).append("\":").append(m.value());
            }
            buffer.append('}');
        }

        private void computed(String name, Supplier<String> value) {
            if (all || wanted.contains(name)) {
                result.add(new JsonObjectText.Member(name, value.get()));
            }
        }

        /** Whether the member named by {@code json[start, end)} (DICOM JSON: 8 hex digits) is wanted. */
        private boolean wanted(String json, int start, int end) {
            if (end - start != 8) {
                return false;
            }
            int tag = 0;
            for (int i = start; i < end; i++) {
                int digit = Character.digit(json.charAt(i), 16);
                if (digit < 0) {
                    return false;
                }
                tag = tag << 4 | digit;
            }
            return Arrays.binarySearch(wantedTags, tag) >= 0;
        }

        private void pick(int levelIndex, String json) {
            if (json == null) {
                return;
            }
            if (!json.equals(texts[levelIndex])) {
                texts[levelIndex] = json;
                picked.set(levelIndex, all ? JsonObjectText.members(json) : JsonObjectText.members(json, this::wanted));
            }
            result.addAll(picked.get(levelIndex));
        }
    }

    private static final Comparator<JsonObjectText.Member> BY_NAME =
            Comparator.comparing(JsonObjectText.Member::name);

    /** A DICOM JSON element of one or more strings; without "Value" when there are none (as an empty value is). */
    static String stringElement(String vr, List<String> values) {
        StringBuilder b = new StringBuilder(64).append("{\"vr\":\"").append(vr).append('"');
        if (!values.isEmpty()) {
            b.append(",\"Value\":[");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                jsonString(b, values.get(i));
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    private static String stringElement(String vr, String value) {
        return stringElement(vr, List.of(value));
    }

    /** IS: DICOM JSON writes integer strings as JSON numbers. */
    private static String numberElement(long value) {
        return "{\"vr\":\"IS\",\"Value\":[" + value + "]}";
    }

    /** {@code s} as a JSON string literal (RFC 8259: quote, backslash and control characters escaped). */
    static void jsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
