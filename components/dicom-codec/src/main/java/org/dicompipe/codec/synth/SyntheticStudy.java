package org.dicompipe.codec.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.Uids;
import org.dicompipe.codec.VR;

/**
 * Generates a CT series of one study with made-up patient data and a simple phantom image (an ellipse of soft
 * tissue with a bright disc and noise). Everything, UIDs included, is a function of the seed and the settings,
 * so tests and benchmarks get the same files every time. Not real patient data.
 *
 * <p>Command line: {@code SyntheticStudy OUT_DIR [instances] [rows] [columns] [bitsAllocated] [seed]} writes
 * {@code OUT_DIR/ct-0001.dcm}... in explicit VR little endian.
 */
public final class SyntheticStudy {
    /** Private creator of the one private element each instance carries (exercises private tag handling). */
    public static final String PRIVATE_CREATOR = "DICOMPIPE SYNTHETIC";

    private static final String[] FAMILY = {"Doe", "Roe", "Smith", "Garcia", "Muller", "Rossi", "Tanaka", "Kowalski",
        "Novak", "Silva", "Jensen", "Dubois"};
    private static final String[] GIVEN_F = {"Jane", "Maria", "Anna", "Emma", "Sofia", "Yuki"};
    private static final String[] GIVEN_M = {"John", "Peter", "Luca", "Jan", "Hiro", "Pierre"};

    private final long seed;
    private int instances = 1;
    private int rows = 64;
    private int columns = 64;
    private int bitsAllocated = 16;

    private SyntheticStudy(long seed) {
        this.seed = seed;
    }

    public static SyntheticStudy withSeed(long seed) {
        return new SyntheticStudy(seed);
    }

    public SyntheticStudy instances(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("instances must be >= 1");
        }
        this.instances = n;
        return this;
    }

    public SyntheticStudy size(int rows, int columns) {
        if (rows < 1 || columns < 1 || rows > 0xFFFF || columns > 0xFFFF) {
            throw new IllegalArgumentException("rows and columns must be 1..65535");
        }
        this.rows = rows;
        this.columns = columns;
        return this;
    }

    /** 8 or 16. */
    public SyntheticStudy bitsAllocated(int bits) {
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bitsAllocated must be 8 or 16");
        }
        this.bitsAllocated = bits;
        return this;
    }

    public String studyInstanceUid() {
        return Uids.fromName("dicompipe-synthetic/" + seed + "/study");
    }

    public String seriesInstanceUid() {
        return Uids.fromName("dicompipe-synthetic/" + seed + "/series");
    }

    public String sopInstanceUid(int index) {
        return Uids.fromName("dicompipe-synthetic/" + seed + "/instance/" + index);
    }

    /** All instances, in order. */
    public List<Attributes> generate() {
        List<Attributes> out = new ArrayList<>(instances);
        for (int i = 0; i < instances; i++) {
            out.add(instance(i));
        }
        return out;
    }

    /** Instance {@code index} (0-based) of the series. */
    public Attributes instance(int index) {
        if (index < 0 || index >= instances) {
            throw new IndexOutOfBoundsException("instance " + index + " of " + instances);
        }
        Random patient = new Random(seed);
        boolean female = patient.nextBoolean();
        String family = FAMILY[patient.nextInt(FAMILY.length)];
        String[] givenNames = female ? GIVEN_F : GIVEN_M;
        String given = givenNames[patient.nextInt(givenNames.length)];
        int birthYear = 1940 + patient.nextInt(60);
        String birthDate = String.format(Locale.ROOT, "%04d%02d%02d", birthYear, 1 + patient.nextInt(12),
                1 + patient.nextInt(28));
        String patientId = String.format(Locale.ROOT, "SYN%07d", patient.nextInt(10_000_000));
        String accession = String.format(Locale.ROOT, "ACC%06d", patient.nextInt(1_000_000));
        String studyDate = String.format(Locale.ROOT, "2024%02d%02d", 1 + patient.nextInt(12),
                1 + patient.nextInt(28));
        String studyTime = String.format(Locale.ROOT, "%02d%02d%02d", 7 + patient.nextInt(10), patient.nextInt(60),
                patient.nextInt(60));

        Attributes a = new Attributes(64);
        a.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        a.setString(Tags.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        a.setString(Tags.SOPClassUID, VR.UI, UID.CTImageStorage);
        a.setString(Tags.SOPInstanceUID, VR.UI, sopInstanceUid(index));
        a.setString(Tags.StudyDate, VR.DA, studyDate);
        a.setString(Tags.SeriesDate, VR.DA, studyDate);
        a.setString(Tags.ContentDate, VR.DA, studyDate);
        a.setString(Tags.StudyTime, VR.TM, studyTime);
        a.setString(Tags.SeriesTime, VR.TM, studyTime);
        a.setString(Tags.ContentTime, VR.TM, studyTime);
        a.setString(Tags.AccessionNumber, VR.SH, accession);
        a.setString(Tags.Modality, VR.CS, "CT");
        a.setString(Tags.Manufacturer, VR.LO, "DICOMPIPE SYNTHETIC");
        a.setString(Tags.InstitutionName, VR.LO, "Synthetic General Hospital");
        a.setString(Tags.ReferringPhysicianName, VR.PN, "Referrer^Rita");
        a.setString(Tags.StudyDescription, VR.LO, "CT CHEST SYNTHETIC");
        a.setString(Tags.SeriesDescription, VR.LO, "AXIAL 5MM");
        Attributes code = new Attributes(4);
        code.setString(Tags.CodeValue, VR.SH, "CTCHEST");
        code.setString(Tags.CodingSchemeDesignator, VR.SH, "99DICOMPIPE");
        code.setString(Tags.CodeMeaning, VR.LO, "CT Chest");
        a.setSequence(Tags.ProcedureCodeSequence, List.of(code));
        a.setString(Tags.PatientName, VR.PN, family + "^" + given);
        a.setString(Tags.PatientID, VR.LO, patientId);
        a.setString(Tags.PatientBirthDate, VR.DA, birthDate);
        a.setString(Tags.PatientSex, VR.CS, female ? "F" : "M");
        a.setString(Tags.PatientAge, VR.AS, String.format(Locale.ROOT, "%03dY", 2024 - birthYear));
        a.setString(Tags.BodyPartExamined, VR.CS, "CHEST");
        a.setString(Tags.SliceThickness, VR.DS, "5");
        a.setString(Tags.KVP, VR.DS, "120");
        int privateTag = a.privateTag(PRIVATE_CREATOR, 0x0009, 0x01, true);
        a.setString(privateTag, VR.LO, "seed " + seed);
        a.setString(Tags.StudyInstanceUID, VR.UI, studyInstanceUid());
        a.setString(Tags.SeriesInstanceUID, VR.UI, seriesInstanceUid());
        a.setString(Tags.StudyID, VR.SH, "1");
        a.setString(Tags.SeriesNumber, VR.IS, "1");
        a.setString(Tags.InstanceNumber, VR.IS, Integer.toString(index + 1));
        double z = -5.0 * index;
        a.setString(Tags.ImagePositionPatient, VR.DS, "-160", "-160", ds(z));
        a.setString(Tags.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0");
        a.setString(Tags.FrameOfReferenceUID, VR.UI, Uids.fromName("dicompipe-synthetic/" + seed + "/for"));
        a.setString(Tags.SliceLocation, VR.DS, ds(z));
        a.setInt(Tags.SamplesPerPixel, VR.US, 1);
        a.setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        a.setInt(Tags.Rows, VR.US, rows);
        a.setInt(Tags.Columns, VR.US, columns);
        a.setString(Tags.PixelSpacing, VR.DS, ds(320.0 / rows), ds(320.0 / columns));
        int bitsStored = bitsAllocated == 16 ? 12 : 8;
        a.setInt(Tags.BitsAllocated, VR.US, bitsAllocated);
        a.setInt(Tags.BitsStored, VR.US, bitsStored);
        a.setInt(Tags.HighBit, VR.US, bitsStored - 1);
        a.setInt(Tags.PixelRepresentation, VR.US, 0);
        a.setString(Tags.WindowCenter, VR.DS, bitsAllocated == 16 ? "40" : "128");
        a.setString(Tags.WindowWidth, VR.DS, bitsAllocated == 16 ? "400" : "256");
        a.setString(Tags.RescaleIntercept, VR.DS, bitsAllocated == 16 ? "-1024" : "0");
        a.setString(Tags.RescaleSlope, VR.DS, "1");
        a.setString(Tags.RescaleType, VR.LO, "HU");
        a.setBytes(Tags.PixelData, bitsAllocated == 16 ? VR.OW : VR.OB, pixels(index));
        return a;
    }

    private static String ds(double v) {
        String s = v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** Phantom: air outside, a soft-tissue ellipse, a bone-like disc whose size changes along the series. */
    private byte[] pixels(int index) {
        Random noise = new Random(seed * 31 + index);
        int bytesPerPixel = bitsAllocated / 8;
        byte[] px = new byte[rows * columns * bytesPerPixel];
        double cy = rows / 2.0;
        double cx = columns / 2.0;
        double ry = rows * 0.40;
        double rx = columns * 0.45;
        double disc = Math.max(1, Math.min(rows, columns) * (0.08 + 0.04 * Math.sin(index * 0.3)));
        int max = bitsAllocated == 16 ? 4095 : 255;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double dy = (y - cy) / ry;
                double dx = (x - cx) / rx;
                double hu;
                if (dx * dx + dy * dy > 1) {
                    hu = -1000;
                } else if (Math.hypot(x - cx * 1.2, y - cy) < disc) {
                    hu = 700;
                } else {
                    hu = 40;
                }
                hu += noise.nextGaussian() * 10;
                int v = bitsAllocated == 16 ? (int) Math.round(hu + 1024) : (int) Math.round((hu + 1000) / 2000 * 255);
                v = Math.max(0, Math.min(max, v));
                int p = (y * columns + x) * bytesPerPixel;
                px[p] = (byte) v;
                if (bytesPerPixel == 2) {
                    px[p + 1] = (byte) (v >>> 8);
                }
            }
        }
        return px;
    }

    /** Writes the series as Part 10 files {@code ct-0001.dcm}... into {@code dir}; returns the paths. */
    public List<Path> writeTo(Path dir, String transferSyntaxUid) throws IOException {
        Files.createDirectories(dir);
        List<Path> paths = new ArrayList<>(instances);
        for (int i = 0; i < instances; i++) {
            Path p = dir.resolve(String.format(Locale.ROOT, "ct-%04d.dcm", i + 1));
            try (OutputStream os = Files.newOutputStream(p)) {
                DicomWriter.write(instance(i), transferSyntaxUid, os);
            }
            paths.add(p);
        }
        return paths;
    }

    /** One instance as Part 10 bytes in explicit VR little endian. */
    public byte[] toPart10(int index) throws IOException {
        return DicomWriter.toBytes(instance(index), UID.ExplicitVRLittleEndian);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SyntheticStudy OUT_DIR [instances] [rows] [columns] [bitsAllocated] [seed]");
            System.exit(1);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int r = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int c = args.length > 3 ? Integer.parseInt(args[3]) : r;
        int bits = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 1;
        for (Path p : withSeed(seed).instances(n).size(r, c).bitsAllocated(bits)
                .writeTo(Path.of(args[0]), UID.ExplicitVRLittleEndian)) {
            System.out.println(p);
        }
    }
}
