package org.dicompipe.emulator.dicomweb;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.dict.DataDictionary;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.SearchCriteria;
import org.dicompipe.emulator.storage.SearchCriteria.Field;
import org.dicompipe.emulator.storage.SearchCriteria.Match;
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

    private static final int NUMBER_OF_STUDY_RELATED_SERIES = 0x00201206;
    private static final int NUMBER_OF_STUDY_RELATED_INSTANCES = 0x00201208;
    private static final int NUMBER_OF_SERIES_RELATED_INSTANCES = 0x00201209;
    private static final int RETRIEVE_URL = 0x00081190;
    private static final int INSTANCE_AVAILABILITY = 0x00080056;
    private static final int TIMEZONE_OFFSET = 0x00080201;
    /** Rows fetched from the index per query while a result page is written. */
    private static final int CHUNK = 500;

    /** PS3.18 Table 10.6.3-3/4/5: what each level returns without includefield. */
    private static final Set<Integer> STUDY_DEFAULTS = Set.of(Tags.SpecificCharacterSet, Tags.StudyDate,
            Tags.StudyTime, Tags.AccessionNumber, INSTANCE_AVAILABILITY, Tags.ModalitiesInStudy,
            Tags.ReferringPhysicianName, TIMEZONE_OFFSET, RETRIEVE_URL, Tags.PatientName, Tags.PatientID,
            0x00100030, 0x00100040, Tags.StudyInstanceUID, Tags.StudyID, NUMBER_OF_STUDY_RELATED_SERIES,
            NUMBER_OF_STUDY_RELATED_INSTANCES);
    private static final Set<Integer> SERIES_DEFAULTS = Set.of(Tags.SpecificCharacterSet, Tags.Modality,
            TIMEZONE_OFFSET, 0x0008103E, RETRIEVE_URL, Tags.SeriesInstanceUID, Tags.SeriesNumber,
            NUMBER_OF_SERIES_RELATED_INSTANCES, 0x00400244, 0x00400245, 0x00400275);
    private static final Set<Integer> INSTANCE_DEFAULTS = Set.of(Tags.SpecificCharacterSet, Tags.SOPClassUID,
            Tags.SOPInstanceUID, INSTANCE_AVAILABILITY, TIMEZONE_OFFSET, RETRIEVE_URL, Tags.InstanceNumber,
            Tags.Rows, Tags.Columns, Tags.BitsAllocated, Tags.NumberOfFrames);

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
        Set<Integer> wanted = new LinkedHashSet<>(include);
        wanted.addAll(matches.keySet());
        resp.setStatus(200);
        resp.setContentType("application/dicom+json; charset=utf-8");
        Writer out = new OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8);
        out.write('[');
        boolean comma = false;
        int done = 0;
        boolean last = hits.size() <= first;
        Set<Integer> defaults = defaults(level, study, series, wanted);
        LevelTexts texts = new LevelTexts();
        // Written a chunk at a time: a page of 50,000 instances is never held at once.
        while (true) {
            for (int i = 0; i < hits.size() && done < limit; i++, done++) {
                if (comma) {
                    out.write(',');
                }
                comma = true;
                writeResult(out, hits.get(i), level, defaults, all, urls, texts);
            }
            if (last || done >= limit) {
                break;
            }
            int chunk = Math.min(CHUNK, limit - done);
            criteria.page(offset + done, chunk);
            hits = storage.index().search(criteria);
            last = hits.size() < chunk;
        }
        out.write(']');
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

    /**
     * The members of the level texts of the hits of one page. Consecutive hits mostly share their study and series
     * (the index returns them in UID order), so each level remembers the last text it split.
     */
    private static final class LevelTexts {
        private final String[] texts = new String[3];
        private final List<List<JsonObjectText.Member>> members = new ArrayList<>(Arrays.asList(null, null, null));

        List<JsonObjectText.Member> of(int level, String json) {
            if (!json.equals(texts[level])) {
                texts[level] = json;
                members.set(level, JsonObjectText.members(json));
            }
            return members.get(level);
        }
    }

    /** Which attributes a result of the query has: the requested ones plus each answered level's defaults. */
    private static Set<Integer> defaults(SearchLevel level, String study, String series, Set<Integer> wanted) {
        boolean studyLevelToo = level == SearchLevel.STUDY || study == null;
        boolean seriesLevelToo = level == SearchLevel.SERIES || (level == SearchLevel.INSTANCE && series == null);
        Set<Integer> defaults = new HashSet<>(wanted);
        switch (level) {
            case STUDY -> defaults.addAll(STUDY_DEFAULTS);
            case SERIES -> defaults.addAll(SERIES_DEFAULTS);
            case INSTANCE -> defaults.addAll(INSTANCE_DEFAULTS);
        }
        if (studyLevelToo && level != SearchLevel.STUDY) {
            defaults.addAll(STUDY_DEFAULTS);
        }
        if (seriesLevelToo && level == SearchLevel.INSTANCE) {
            defaults.addAll(SERIES_DEFAULTS);
        }
        return defaults;
    }

    /**
     * One result: the wanted attributes of each level present, plus those computed from the index, in tag order.
     * The stored values are copied as they were written to the index, without parsing them.
     */
    private static void writeResult(Writer out, SearchHit h, SearchLevel level, Set<Integer> defaults, boolean all,
            DicomWebUrls urls, LevelTexts texts) throws IOException {
        TreeMap<String, String> attrs = new TreeMap<>();
        pick(texts, 0, h.studyAttrs(), all, defaults, attrs);
        if (level != SearchLevel.STUDY) {
            pick(texts, 1, h.seriesAttrs(), all, defaults, attrs);
        }
        if (level == SearchLevel.INSTANCE) {
            pick(texts, 2, h.instanceAttrs(), all, defaults, attrs);
        }
        // Attributes computed from the index rather than copied from an instance.
        switch (level) {
            case STUDY -> {
                put(attrs, defaults, RETRIEVE_URL, "UR", urls.study(h.studyUid()));
                put(attrs, defaults, NUMBER_OF_STUDY_RELATED_SERIES, "IS", Long.toString(h.seriesCount()));
                put(attrs, defaults, NUMBER_OF_STUDY_RELATED_INSTANCES, "IS", Long.toString(h.instanceCount()));
                if (defaults.contains(Tags.ModalitiesInStudy) || all) {
                    attrs.put(Tag.hex(Tags.ModalitiesInStudy),
                            element("CS", h.modalities().toArray(new String[0])).toString());
                }
            }
            case SERIES -> {
                put(attrs, defaults, RETRIEVE_URL, "UR", urls.series(h.studyUid(), h.seriesUid()));
                put(attrs, defaults, NUMBER_OF_SERIES_RELATED_INSTANCES, "IS", Long.toString(h.instanceCount()));
            }
            case INSTANCE -> put(attrs, defaults, RETRIEVE_URL, "UR",
                    urls.instance(new InstanceKey(h.studyUid(), h.seriesUid(), h.sopUid())));
        }
        put(attrs, defaults, INSTANCE_AVAILABILITY, "CS", "ONLINE");
        out.write('{');
        boolean comma = false;
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            if (comma) {
                out.write(',');
            }
            comma = true;
            out.write('"');
            out.write(e.getKey());
            out.write("\":");
            out.write(e.getValue());
        }
        out.write('}');
    }

    private static void pick(LevelTexts texts, int levelIndex, String json, boolean all, Set<Integer> wanted,
            Map<String, String> into) {
        if (json == null) {
            return;
        }
        for (JsonObjectText.Member m : texts.of(levelIndex, json)) {
            if (all || wanted.contains(Tag.parseHex(m.name()))) {
                into.put(m.name(), m.value());
            }
        }
    }

    private static void put(Map<String, String> attrs, Set<Integer> wanted, int tag, String vr, String value) {
        if (wanted.contains(tag)) {
            attrs.put(Tag.hex(tag), element(vr, value).toString());
        }
    }

    private static JsonObject element(String vr, String... values) {
        JsonObject e = new JsonObject();
        e.addProperty("vr", vr);
        if (values.length > 0) {
            JsonArray a = new JsonArray();
            for (String v : values) {
                if (vr.equals("IS")) {
                    a.add(Long.parseLong(v));
                } else {
                    a.add(v);
                }
            }
            e.add("Value", a);
        }
        return e;
    }
}
