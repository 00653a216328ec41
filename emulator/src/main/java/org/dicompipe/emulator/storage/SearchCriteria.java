package org.dicompipe.emulator.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * A QIDO-RS query translated into matching on indexed columns, independent of HTTP. Built by the DICOMweb layer,
 * executed by {@link InstanceIndex#search}.
 */
public final class SearchCriteria {

    /** An indexed column that can be matched. */
    public enum Field {
        STUDY_UID("st.study_uid", SearchLevel.STUDY),
        PATIENT_NAME("st.patient_name_lc", SearchLevel.STUDY),
        PATIENT_ID("st.patient_id", SearchLevel.STUDY),
        ACCESSION_NUMBER("st.accession", SearchLevel.STUDY),
        REFERRING_PHYSICIAN_NAME("st.referring_lc", SearchLevel.STUDY),
        STUDY_DATE("st.study_date", SearchLevel.STUDY),
        STUDY_TIME("st.study_time", SearchLevel.STUDY),
        STUDY_ID("st.study_id", SearchLevel.STUDY),
        MODALITIES_IN_STUDY(null, SearchLevel.STUDY),
        SERIES_UID("se.series_uid", SearchLevel.SERIES),
        MODALITY("se.modality", SearchLevel.SERIES),
        SERIES_NUMBER("se.series_number", SearchLevel.SERIES),
        SOP_INSTANCE_UID("i.sop_uid", SearchLevel.INSTANCE),
        SOP_CLASS_UID("i.sop_class_uid", SearchLevel.INSTANCE),
        INSTANCE_NUMBER("i.instance_number", SearchLevel.INSTANCE);

        final String column;
        final SearchLevel level;

        Field(String column, SearchLevel level) {
            this.column = column;
            this.level = level;
        }

        public SearchLevel level() {
            return level;
        }
    }

    /** How one value is compared (PS3.4 C.2.2.2). */
    public enum Match {
        /** Single value matching; values compared exactly. */
        EXACT,
        /** '*' and '?' wildcards; value holds them. */
        WILDCARD,
        /** Any of a list of UIDs. */
        UID_LIST,
        /** Inclusive range; either end may be null. */
        RANGE,
        /** Every query word is a prefix of some word of the name (fuzzymatching=true). */
        FUZZY_WORDS
    }

    public record Condition(Field field, Match match, List<String> values) {
    }

    private final SearchLevel level;
    private final List<Condition> conditions = new ArrayList<>();
    private int limit = 100;
    private int offset;
    private boolean defaultAttributesOnly;

    public SearchCriteria(SearchLevel level) {
        this.level = level;
    }

    public SearchCriteria add(Field field, Match match, List<String> values) {
        conditions.add(new Condition(field, match, java.util.Collections.unmodifiableList(new ArrayList<>(values))));
        return this;
    }

    public SearchCriteria page(int newOffset, int newLimit) {
        this.offset = newOffset;
        this.limit = newLimit;
        return this;
    }

    /**
     * Asks for each level's default-attribute text (see {@link SearchDefaults}) instead of all its attributes, for a
     * search whose results hold only default attributes (no includefield).
     */
    public SearchCriteria defaultAttributesOnly(boolean only) {
        this.defaultAttributesOnly = only;
        return this;
    }

    public boolean defaultAttributesOnly() {
        return defaultAttributesOnly;
    }

    public SearchLevel level() {
        return level;
    }

    public List<Condition> conditions() {
        return conditions;
    }

    public int limit() {
        return limit;
    }

    public int offset() {
        return offset;
    }
}
