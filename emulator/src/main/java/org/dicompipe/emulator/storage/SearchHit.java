package org.dicompipe.emulator.storage;

import java.util.List;

/**
 * One QIDO-RS result row. The attribute strings are DICOM JSON objects of each level; the levels below the query
 * level are null. Counts are the PS3.18 "number of related" values of the row's own level.
 */
public record SearchHit(String studyUid, String seriesUid, String sopUid,
                        String studyAttrs, String seriesAttrs, String instanceAttrs,
                        long seriesCount, long instanceCount, List<String> modalities) {
}
