package org.dicompipe.emulator.deid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.VR;

/**
 * DEIDENTIFY_TAG_CONTENTS without Cloud DLP: the values of the VRs Google inspects (AE, LO, LT, PN, SH, ST, UC, UT,
 * DA, DT, AS) are treated as an info-type inspector would treat them, with the instance's own identifiers as the
 * dictionary. Person names become [PERSON_NAME]; dates and ages are emptied (their VRs cannot hold a token); in
 * free text, the patient's name parts, IDs, birth date and accession number are replaced by info-type tokens.
 * An approximation: text that names someone the instance does not identify is not found.
 */
final class ContentInspector {

    static final String PERSON_NAME = "[PERSON_NAME]";
    static final String RECORD_NUMBER = "[MEDICAL_RECORD_NUMBER]";
    static final String DATE = "[DATE]";

    private final Pattern identifiers;
    private final Map<String, String> tokens;

    private ContentInspector(Pattern identifiers, Map<String, String> tokens) {
        this.identifiers = identifiers;
        this.tokens = tokens;
    }

    /** The inspector for one instance, knowing the identifiers found at its top level. */
    static ContentInspector of(Attributes dataset) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (DicomElement e : dataset) {
            if (e.vr() == VR.PN && e.strings() != null) {
                for (String name : e.strings()) {
                    for (String part : name.split("[\\^=\\s,]+")) {
                        if (part.length() >= 2) {
                            tokens.putIfAbsent(part.toLowerCase(java.util.Locale.ROOT), PERSON_NAME);
                        }
                    }
                }
            }
        }
        for (int tag : new int[] {Tags.PatientID, Tags.OtherPatientIDs, Tags.AccessionNumber}) {
            String[] v = dataset.getStrings(tag);
            if (v != null) {
                for (String id : v) {
                    if (id.length() >= 2) {
                        tokens.put(id.toLowerCase(java.util.Locale.ROOT), RECORD_NUMBER);
                    }
                }
            }
        }
        String birth = dataset.getString(Tags.PatientBirthDate);
        if (birth != null && birth.length() >= 6) {
            tokens.put(birth.toLowerCase(java.util.Locale.ROOT), DATE);
        }
        if (tokens.isEmpty()) {
            return new ContentInspector(null, tokens);
        }
        List<String> keys = new ArrayList<>(tokens.keySet());
        keys.sort(Comparator.comparingInt(String::length).reversed()); // longest first: "DOE^JOHN" before "DOE"
        StringBuilder regex = new StringBuilder();
        for (String k : keys) {
            if (!regex.isEmpty()) {
                regex.append('|');
            }
            regex.append(Pattern.quote(k));
        }
        return new ContentInspector(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                tokens);
    }

    DicomElement inspect(DicomElement e) {
        VR vr = e.vr();
        String[] values = e.strings();
        if (values == null || values.length == 0) {
            return e;
        }
        switch (vr) {
            case PN -> {
                return DicomElement.ofStrings(e.tag(), vr, replaceAll(values, PERSON_NAME));
            }
            case DA, DT, AS -> {
                return DicomElement.ofStrings(e.tag(), vr);
            }
            case AE, LO, LT, SH, ST, UC, UT -> {
                if (identifiers == null) {
                    return e;
                }
                String[] out = new String[values.length];
                boolean changed = false;
                for (int i = 0; i < values.length; i++) {
                    out[i] = truncate(replaceIdentifiers(values[i]), maxLength(vr));
                    changed |= !out[i].equals(values[i]);
                }
                return changed ? DicomElement.ofStrings(e.tag(), vr, out) : e;
            }
            default -> {
                return e;
            }
        }
    }

    private String replaceIdentifiers(String text) {
        Matcher m = identifiers.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(tokens.get(m.group().toLowerCase(java.util.Locale.ROOT))));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    private static String[] replaceAll(String[] values, String token) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].isEmpty() ? "" : token;
        }
        return out;
    }

    /** PS3.5 Table 6.2-1 maximum lengths in characters; 0 for no practical limit. */
    private static int maxLength(VR vr) {
        return switch (vr) {
            case AE, SH -> 16;
            case LO -> 64;
            case ST -> 1024;
            case LT -> 10240;
            default -> 0;
        };
    }

    private static String truncate(String s, int max) {
        return max > 0 && s.length() > max ? s.substring(0, max) : s;
    }
}
