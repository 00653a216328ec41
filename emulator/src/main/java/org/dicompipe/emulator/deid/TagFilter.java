package org.dicompipe.emulator.deid;

import java.util.HashSet;
import java.util.Set;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;

/**
 * Which action applies to each attribute under one {@code DicomConfig} tag filter (a filter profile, a keepList or
 * a removeList), at the top level and inside sequence items.
 */
interface TagFilter {

    /** The UIDs {@code skipIdRedaction} is about, plus the references to instances that must follow them. */
    Set<Integer> ID_UIDS = Set.of(Tags.StudyInstanceUID, Tags.SeriesInstanceUID, Tags.SOPInstanceUID,
            Tags.MediaStorageSOPInstanceUID, Tags.ReferencedSOPInstanceUID);

    TagAction action(int tag);

    /** The filter for the items of a sequence this filter keeps. */
    TagFilter inItems();

    /** KEEP_ALL_PROFILE (and no profile): everything stays, the identifying UIDs are replaced. */
    static TagFilter keepAll(boolean skipIdRedaction) {
        return new TagFilter() {
            @Override
            public TagAction action(int tag) {
                return idUid(tag, skipIdRedaction);
            }

            @Override
            public TagFilter inItems() {
                return this;
            }
        };
    }

    /**
     * A keepList (MINIMAL_KEEP_LIST_PROFILE is the empty one): the listed tags and those needed for valid DICOM stay
     * at the top level, everything else goes, private tags included. A kept sequence is kept whole. A listed private
     * attribute (gggg,xxyy) keeps its Private Creator (gggg,00xx) too: without it the value could not be interpreted
     * and the file would not be valid DICOM (PS3.5 7.8.1).
     */
    static TagFilter keepList(Set<Integer> listed, boolean skipIdRedaction) {
        TagFilter inside = keepAll(skipIdRedaction);
        Set<Integer> minimal = MinimalKeepList.tags();
        Set<Integer> creators = new HashSet<>();
        for (int tag : listed) {
            int creator = Tag.creatorOf(tag);
            if (creator >= 0) {
                creators.add(creator);
            }
        }
        return new TagFilter() {
            @Override
            public TagAction action(int tag) {
                if (listed.contains(tag) || minimal.contains(tag) || creators.contains(tag)) {
                    return idUid(tag, skipIdRedaction);
                }
                return TagAction.REMOVE;
            }

            @Override
            public TagFilter inItems() {
                return inside;
            }
        };
    }

    /** A removeList: the listed tags go at every depth, everything else stays. */
    static TagFilter removeList(Set<Integer> listed, boolean skipIdRedaction) {
        return new TagFilter() {
            @Override
            public TagAction action(int tag) {
                return listed.contains(tag) ? TagAction.REMOVE : idUid(tag, skipIdRedaction);
            }

            @Override
            public TagFilter inItems() {
                return this;
            }
        };
    }

    /**
     * ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE: the PS3.15 table at every depth. With skipIdRedaction no UID is
     * replaced, so that references between instances keep pointing at the UIDs that were kept.
     */
    static TagFilter basicProfile(boolean skipIdRedaction) {
        BasicProfile profile = BasicProfile.get();
        return new TagFilter() {
            @Override
            public TagAction action(int tag) {
                TagAction a = profile.action(tag);
                return a == TagAction.REPLACE_UID && skipIdRedaction ? TagAction.KEEP : a;
            }

            @Override
            public TagFilter inItems() {
                return this;
            }
        };
    }

    private static TagAction idUid(int tag, boolean skipIdRedaction) {
        return !skipIdRedaction && ID_UIDS.contains(tag) ? TagAction.REPLACE_UID : TagAction.KEEP;
    }

    /** Group lengths are recomputed by the writer and never copied. */
    static boolean isGroupLength(int tag) {
        return Tag.element(tag) == 0;
    }
}
