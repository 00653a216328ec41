package org.dicompipe.emulator.deid;

import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DicomConfig;
import com.google.api.services.healthcare.v1.model.ImageConfig;
import com.google.api.services.healthcare.v1.model.TagFilterList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.VR;
import org.dicompipe.codec.dict.DataDictionary;
import org.dicompipe.emulator.http.GoogleError;

/**
 * A validated {@code DeidentifyConfig} for DICOM: the tag filter, whether UIDs are kept, whether tag contents are
 * inspected, and how the result describes its de-identification. Every check happens here, before an operation
 * starts, so that a bad config is an INVALID_ARGUMENT answer and never a half-done operation.
 *
 * @param filterName        the filter profile, or "keepList" / "removeList"
 * @param methodDescription De-identification Method (0012,0063) values
 * @param methodCodes       De-identification Method Code Sequence (0012,0064) items (empty when none applies)
 */
record DeidentifyOptions(String filterName, TagFilter filter, boolean skipIdRedaction, boolean inspectContents,
                         List<String> methodDescription, List<Attributes> methodCodes) {

    static final String UNSPECIFIED = "TAG_FILTER_PROFILE_UNSPECIFIED";
    static final String MINIMAL = "MINIMAL_KEEP_LIST_PROFILE";
    static final String BASIC = "ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE";
    static final String KEEP_ALL = "KEEP_ALL_PROFILE";
    static final String TAG_CONTENTS = "DEIDENTIFY_TAG_CONTENTS";
    static final Set<String> PROFILES = Set.of(UNSPECIFIED, MINIMAL, BASIC, KEEP_ALL, TAG_CONTENTS);

    /** ImageConfig.textRedactionMode values; only those that need no text detection are served. */
    static final Set<String> NO_OCR_MODES = Set.of("TEXT_REDACTION_MODE_UNSPECIFIED", "REDACT_NO_TEXT");
    static final Set<String> OCR_MODES = Set.of("REDACT_ALL_TEXT", "REDACT_SENSITIVE_TEXT",
            "REDACT_SENSITIVE_TEXT_CLEAN_DESCRIPTORS");

    static final String METHOD_PREFIX = "dicompipe healthcare emulator";

    /**
     * @param config the request's config (or the one read from gcsConfigUri); null means the defaults
     * @throws GoogleError INVALID_ARGUMENT naming the field that is wrong
     */
    static DeidentifyOptions from(DeidentifyConfig config) {
        DeidentifyConfig c = config == null ? new DeidentifyConfig() : config;
        rejectImageRedaction(c.getImage());
        DicomConfig dicom = c.getDicom() == null ? new DicomConfig() : c.getDicom();
        boolean skip = Boolean.TRUE.equals(dicom.getSkipIdRedaction());
        int filters = (dicom.getFilterProfile() != null ? 1 : 0) + (dicom.getKeepList() != null ? 1 : 0)
                + (dicom.getRemoveList() != null ? 1 : 0);
        if (filters > 1) {
            throw GoogleError.invalidArgument("config.dicom: only one of filterProfile, keepList and removeList"
                    + " can be set (they are the members of the tag_filter union)");
        }
        List<Attributes> codes = new ArrayList<>();
        String name;
        TagFilter filter;
        boolean inspect = false;
        if (dicom.getKeepList() != null) {
            name = "keepList";
            filter = TagFilter.keepList(tags("config.dicom.keepList", dicom.getKeepList()), skip);
        } else if (dicom.getRemoveList() != null) {
            name = "removeList";
            filter = TagFilter.removeList(tags("config.dicom.removeList", dicom.getRemoveList()), skip);
        } else {
            name = dicom.getFilterProfile() == null ? UNSPECIFIED : dicom.getFilterProfile();
            if (!PROFILES.contains(name)) {
                throw GoogleError.invalidArgument("config.dicom.filterProfile: invalid value \"" + name
                        + "\"; expected one of " + String.join(", ", PROFILES.stream().sorted().toList()));
            }
            switch (name) {
                case MINIMAL -> filter = TagFilter.keepList(Set.of(), skip);
                case BASIC -> {
                    filter = TagFilter.basicProfile(skip);
                    codes.add(code("113100", "Basic Application Confidentiality Profile"));
                    if (skip) {
                        codes.add(code("113110", "Retain UIDs Option"));
                    }
                }
                case TAG_CONTENTS -> {
                    filter = TagFilter.keepAll(skip);
                    inspect = true;
                }
                default -> filter = TagFilter.keepAll(skip);
            }
        }
        List<String> description = new ArrayList<>(List.of(METHOD_PREFIX, name));
        if (skip) {
            description.add("skipIdRedaction");
        }
        return new DeidentifyOptions(name, filter, skip, inspect, List.copyOf(description), List.copyOf(codes));
    }

    private static void rejectImageRedaction(ImageConfig image) {
        if (image == null || image.getTextRedactionMode() == null) {
            return;
        }
        String mode = image.getTextRedactionMode();
        if (OCR_MODES.contains(mode)) {
            throw GoogleError.invalidArgument("config.image.textRedactionMode " + mode + " is not supported by this"
                    + " emulator: it needs text detection (OCR) in the pixel data."
                    + " Use REDACT_NO_TEXT or leave it unset.");
        }
        if (!NO_OCR_MODES.contains(mode)) {
            throw GoogleError.invalidArgument("config.image.textRedactionMode: invalid value \"" + mode + "\"");
        }
    }

    /** Tags by keyword ("PatientID") or as 8 hex digits ("00100020"), as TagFilterList accepts them. */
    static Set<Integer> tags(String field, TagFilterList list) {
        Set<Integer> out = new LinkedHashSet<>();
        List<String> names = list.getTags() == null ? List.of() : list.getTags();
        for (String n : names) {
            out.add(parseTag(field, n));
        }
        return Set.copyOf(out);
    }

    private static int parseTag(String field, String name) {
        String s = name == null ? "" : name.strip();
        if (s.matches("[0-9A-Fa-f]{8}")) {
            return (int) Long.parseLong(s, 16);
        }
        Integer tag = s.isEmpty() ? null : DataDictionary.tagOf(s);
        if (tag == null) {
            throw GoogleError.invalidArgument(field + ".tags: \"" + name + "\" is neither a DICOM keyword nor a tag"
                    + " of 8 hex digits");
        }
        return tag;
    }

    private static Attributes code(String value, String meaning) {
        Attributes item = new Attributes(4);
        item.setString(Tags.CodeValue, VR.SH, value);
        item.setString(Tags.CodingSchemeDesignator, VR.SH, "DCM");
        item.setString(Tags.CodeMeaning, VR.LO, meaning);
        return item;
    }
}
