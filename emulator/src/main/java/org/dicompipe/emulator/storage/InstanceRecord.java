package org.dicompipe.emulator.storage;

import java.util.Map;
import org.dicompipe.codec.BulkDataRef;

/**
 * Everything the index keeps about one stored instance, worked out once when it is stored so that searches and
 * metadata never have to open the file.
 *
 * @param studyAttrs    DICOM JSON object of the patient and study level attributes
 * @param seriesAttrs   DICOM JSON object of the series level attributes
 * @param instanceAttrs DICOM JSON object of the remaining top-level attributes (values small enough to inline)
 * @param defaults      the same three objects keeping only the attributes some QIDO level returns by default
 * @param metadata      the instance's full DICOM JSON; large values are BulkDataURIs starting with
 *                      {@link #INSTANCE_URL_PLACEHOLDER}, replaced by the instance's URL when served
 * @param pixels        JSON of {@link PixelLayout}, or null when the instance has no pixel data
 * @param checksum      {@link Checksums#of} the file: tells a re-sent identical instance from a different one
 * @param bulk          the byte range of each bulk data value in the file, by the URI path after "bulkdata/"
 */
public record InstanceRecord(
        InstanceKey key,
        String sopClassUid,
        String transferSyntaxUid,
        Integer instanceNumber,
        long size,
        String checksum,
        long storedAtMillis,
        StudyKeys study,
        SeriesKeys series,
        String studyAttrs,
        String seriesAttrs,
        String instanceAttrs,
        LevelDefaults defaults,
        String metadata,
        String pixels,
        Map<String, BulkDataRef> bulk) {

    public static final String INSTANCE_URL_PLACEHOLDER = "@@dicompipe-instance-url@@";

    /** DICOM JSON objects of each level's attributes that are in {@link SearchDefaults#ANY_LEVEL}. */
    public record LevelDefaults(String study, String series, String instance) {
    }

    /** The study level values QIDO matches on. */
    public record StudyKeys(String patientName, String patientId, String accessionNumber, String referringPhysicianName,
                            String studyDate, String studyTime, String studyId) {
    }

    /** The series level values QIDO matches on. */
    public record SeriesKeys(String modality, String seriesNumber) {
    }
}
