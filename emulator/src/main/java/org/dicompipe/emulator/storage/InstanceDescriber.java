package org.dicompipe.emulator.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.BulkDataRef;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.Fragments;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.VR;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.codec.json.JsonOptions;
import org.dicompipe.emulator.http.GoogleError;

/**
 * Reads a DICOM file's header once (bulk values are skipped, so memory does not grow with the file) and works out
 * everything the index keeps: the searchable values, the DICOM JSON of each level, the metadata with BulkDataURIs
 * and where the frames are.
 */
public final class InstanceDescriber {

    /** Values longer than this are not loaded while reading. */
    static final int READ_THRESHOLD = 64 * 1024;
    /** Binary values longer than this become BulkDataURIs in metadata (shorter ones are InlineBinary). */
    public static final int INLINE_BINARY_THRESHOLD = 1024;
    /** Binary values longer than this are left out of search results (they are in metadata). */
    private static final int SEARCH_BINARY_LIMIT = 64;

    /** Patient and study level attributes (Patient, Patient Study and General Study modules). */
    private static final Set<Integer> STUDY_TAGS = Set.of(
            Tags.StudyDate, Tags.StudyTime, Tags.AccessionNumber, Tags.IssuerOfAccessionNumberSequence,
            Tags.ReferringPhysicianName, 0x00080096, 0x00081030, 0x00081032, 0x00081048, 0x00081049,
            0x00081060, 0x00081062, 0x00081080, 0x00081084, Tags.StudyInstanceUID, Tags.StudyID,
            0x00321032, 0x00321033, 0x00321060, 0x00321064, 0x00401012);
    /** Series level attributes (General Series, General Equipment, Frame of Reference modules). */
    private static final Set<Integer> SERIES_TAGS = Set.of(
            0x00080021, 0x00080031, Tags.Modality, 0x00080070, 0x00080080, 0x00080081, 0x00081010, 0x00081040,
            0x00081050, 0x00081052, 0x00081070, 0x00081072, 0x0008103E, 0x0008103F, 0x00081090, 0x00081111,
            0x00180015, 0x00181000, 0x00181020, 0x00181030, 0x00185100, Tags.SeriesInstanceUID, Tags.SeriesNumber,
            0x00200052, 0x00200060, 0x00201040, 0x00400244, 0x00400245, 0x00400253, 0x00400254, 0x00400260,
            0x00400275, 0x00102210);
    /** Attributes every level repeats. */
    private static final Set<Integer> ALL_LEVEL_TAGS = Set.of(Tags.SpecificCharacterSet, 0x00080201);

    private InstanceDescriber() {
    }

    /**
     * @throws IOException    (a DicomParseException among them) when the file is not readable DICOM
     * @throws GoogleError    INVALID_ARGUMENT when a UID is missing or malformed
     */
    public static InstanceRecord describe(Path file, long size, String checksum, long storedAt) throws IOException {
        DicomFile dicom = DicomReader.read(file, ReadOptions.defaults().withBulkDataThreshold(READ_THRESHOLD));
        if (dicom.fileMeta().isEmpty()) {
            throw new IOException("not a DICOM Part 10 file: the File Meta Information is missing");
        }
        Attributes ds = dicom.dataset();
        InstanceKey key = new InstanceKey(ds.getString(Tags.StudyInstanceUID), ds.getString(Tags.SeriesInstanceUID),
                ds.getString(Tags.SOPInstanceUID));
        String sopClass = ds.getString(Tags.SOPClassUID);
        if (sopClass == null || sopClass.isBlank()) {
            throw GoogleError.invalidArgument("the instance has no SOPClassUID");
        }

        Attributes study = new Attributes();
        Attributes series = new Attributes();
        Attributes instance = new Attributes();
        Attributes studyDefaults = new Attributes();
        Attributes seriesDefaults = new Attributes();
        Attributes instanceDefaults = new Attributes();
        for (DicomElement e : ds) {
            int tag = e.tag();
            boolean isDefault = SearchDefaults.ANY_LEVEL.contains(tag);
            if (ALL_LEVEL_TAGS.contains(tag)) {
                study.set(e);
                series.set(e);
                instance.set(e);
                if (isDefault) {
                    studyDefaults.set(e);
                    seriesDefaults.set(e);
                    instanceDefaults.set(e);
                }
            } else if (STUDY_TAGS.contains(tag) || Tag.group(tag) == 0x0010 || Tag.group(tag) == 0x0038) {
                study.set(e);
                if (isDefault) {
                    studyDefaults.set(e);
                }
            } else if (SERIES_TAGS.contains(tag)) {
                series.set(e);
                if (isDefault) {
                    seriesDefaults.set(e);
                }
            } else if (searchable(e)) {
                instance.set(e);
                if (isDefault) {
                    instanceDefaults.set(e);
                }
            }
        }

        Map<String, BulkDataRef> bulk = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        // In a deflated file, value offsets count in the inflated stream, not in the file: nothing can be served by
        // byte range, so small binary values are inlined and large ones left out of the metadata.
        boolean deflated = UID.DeflatedExplicitVRLittleEndian.equals(dicom.transferSyntaxUid());
        String metadata = deflated ? DicomJson.toJson(ds, JsonOptions.inlineAll())
                : DicomJson.toJson(ds, new JsonOptions(INLINE_BINARY_THRESHOLD, (tagPath, e) -> {
            StringBuilder p = new StringBuilder();
            for (int t : tagPath) {
                p.append(p.length() == 0 ? "" : "/").append(Tag.hex(t));
            }
            // The occurrence number keeps the URIs of an attribute in several sequence items distinct, and gives
            // every URI the two segments after "bulkdata/" that Google's clients require.
            int n = seen.merge(p.toString(), 1, Integer::sum);
            String path = p + "/" + (n - 1);
            BulkDataRef ref = rangeOf(e);
            if (ref != null) {
                bulk.put(path, ref);
            }
            return InstanceRecord.INSTANCE_URL_PLACEHOLDER + "/bulkdata/" + path;
        }));

        PixelLayout pixels = deflated ? null : pixelLayout(ds, dicom.transferSyntaxUid());
        String instanceNumber = ds.getString(Tags.InstanceNumber);
        return new InstanceRecord(key, sopClass, dicom.transferSyntaxUid(), parseInt(instanceNumber), size, checksum,
                storedAt,
                new InstanceRecord.StudyKeys(ds.getString(Tags.PatientName), ds.getString(Tags.PatientID),
                        ds.getString(Tags.AccessionNumber), ds.getString(Tags.ReferringPhysicianName),
                        ds.getString(Tags.StudyDate), ds.getString(Tags.StudyTime), ds.getString(Tags.StudyID)),
                new InstanceRecord.SeriesKeys(ds.getString(Tags.Modality), ds.getString(Tags.SeriesNumber)),
                DicomJson.toJson(study, JsonOptions.inlineAll()), DicomJson.toJson(series, JsonOptions.inlineAll()),
                DicomJson.toJson(instance, JsonOptions.inlineAll()),
                new InstanceRecord.LevelDefaults(DicomJson.toJson(studyDefaults, JsonOptions.inlineAll()),
                        DicomJson.toJson(seriesDefaults, JsonOptions.inlineAll()),
                        DicomJson.toJson(instanceDefaults, JsonOptions.inlineAll())), metadata,
                pixels == null ? null : pixels.toJson(), bulk);
    }

    /** Whether a top-level instance attribute is small enough to be returned by searches. */
    private static boolean searchable(DicomElement e) {
        if (e.isBulkData() || e.hasFragments() || e.tag() == Tags.PixelData) {
            return false;
        }
        if (e.vr().isBinary() && e.length() > SEARCH_BINARY_LIMIT) {
            return false;
        }
        return !e.hasItems() || e.items().size() <= 16;
    }

    private static BulkDataRef rangeOf(DicomElement e) {
        if (e.isBulkData()) {
            return e.bulkData();
        }
        if (e.bytes() != null && e.valueOffset() >= 0) {
            return new BulkDataRef(e.valueOffset(), e.bytes().length);
        }
        return null; // encapsulated pixel data: served frame by frame from the pixel layout
    }

    static PixelLayout pixelLayout(Attributes ds, String ts) {
        DicomElement pd = ds.get(Tags.PixelData);
        if (pd == null) {
            return null;
        }
        int rows = ds.getInt(Tags.Rows, 0);
        int cols = ds.getInt(Tags.Columns, 0);
        int samples = ds.getInt(Tags.SamplesPerPixel, 1);
        int bitsAllocated = ds.getInt(Tags.BitsAllocated, 8);
        int frames = Math.max(1, ds.getInt(Tags.NumberOfFrames, 1));
        String photometric = ds.getString(Tags.PhotometricInterpretation);
        int planar = ds.getInt(Tags.PlanarConfiguration, 0);
        int bitsStored = ds.getInt(Tags.BitsStored, bitsAllocated);
        int pixelRep = ds.getInt(Tags.PixelRepresentation, 0);
        Fragments fragments = pd.fragments();
        if (fragments != null) {
            List<List<long[]>> perFrame = new ArrayList<>();
            for (List<BulkDataRef> frame : fragments.frames(frames)) {
                List<long[]> ranges = new ArrayList<>();
                for (BulkDataRef r : frame) {
                    ranges.add(new long[] {r.offset(), r.length()});
                }
                perFrame.add(ranges);
            }
            return new PixelLayout(ts, rows, cols, samples, bitsAllocated, bitsStored, pixelRep, photometric, planar,
                    perFrame.size(), false, -1, -1, -1, perFrame);
        }
        BulkDataRef range = rangeOf(pd);
        if (range == null) {
            return null;
        }
        long frameBits = (long) rows * cols * samples * bitsAllocated;
        long frameLength = (frameBits + 7) / 8;
        if (frameLength <= 0 || frameLength * frames > range.length()) {
            // Not enough bytes for the frames the header announces: frames cannot be served, the file still can.
            frameLength = -1;
        }
        boolean bigEndian = UID.ExplicitVRBigEndian.equals(ts);
        return new PixelLayout(ts, rows, cols, samples, bitsAllocated, bitsStored, pixelRep, photometric, planar,
                frames, bigEndian && pd.vr() == VR.OW, range.offset(), range.length(), frameLength, null);
    }

    private static Integer parseInt(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
