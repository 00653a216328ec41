package org.dicompipe.emulator.storage;

import java.util.HashSet;
import java.util.Set;
import org.dicompipe.codec.Tags;

/**
 * What each QIDO-RS level returns without includefield (PS3.18 Table 10.6.3-3/4/5). The index keeps, next to each
 * level's attributes, just those of them that are in some level's defaults, so that a search without includefield
 * copies its results from a few members instead of splitting every hit's full attribute text.
 */
public final class SearchDefaults {

    public static final int NUMBER_OF_STUDY_RELATED_SERIES = 0x00201206;
    public static final int NUMBER_OF_STUDY_RELATED_INSTANCES = 0x00201208;
    public static final int NUMBER_OF_SERIES_RELATED_INSTANCES = 0x00201209;
    public static final int RETRIEVE_URL = 0x00081190;
    public static final int INSTANCE_AVAILABILITY = 0x00080056;
    public static final int TIMEZONE_OFFSET = 0x00080201;

    public static final Set<Integer> STUDY = Set.of(Tags.SpecificCharacterSet, Tags.StudyDate,
            Tags.StudyTime, Tags.AccessionNumber, INSTANCE_AVAILABILITY, Tags.ModalitiesInStudy,
            Tags.ReferringPhysicianName, TIMEZONE_OFFSET, RETRIEVE_URL, Tags.PatientName, Tags.PatientID,
            0x00100030, 0x00100040, Tags.StudyInstanceUID, Tags.StudyID, NUMBER_OF_STUDY_RELATED_SERIES,
            NUMBER_OF_STUDY_RELATED_INSTANCES);
    public static final Set<Integer> SERIES = Set.of(Tags.SpecificCharacterSet, Tags.Modality,
            TIMEZONE_OFFSET, 0x0008103E, RETRIEVE_URL, Tags.SeriesInstanceUID, Tags.SeriesNumber,
            NUMBER_OF_SERIES_RELATED_INSTANCES, 0x00400244, 0x00400245, 0x00400275);
    public static final Set<Integer> INSTANCE = Set.of(Tags.SpecificCharacterSet, Tags.SOPClassUID,
            Tags.SOPInstanceUID, INSTANCE_AVAILABILITY, TIMEZONE_OFFSET, RETRIEVE_URL, Tags.InstanceNumber,
            Tags.Rows, Tags.Columns, Tags.BitsAllocated, Tags.NumberOfFrames);
    /** Every level's defaults: what the default-attribute texts of the index keep. */
    public static final Set<Integer> ANY_LEVEL = union(STUDY, SERIES, INSTANCE);

    private SearchDefaults() {
    }

    @SafeVarargs
    private static Set<Integer> union(Set<Integer>... sets) {
        Set<Integer> all = new HashSet<>();
        for (Set<Integer> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
