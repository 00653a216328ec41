package org.dicompipe.emulator.deid;

import java.io.IOException;
import java.util.List;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.VR;

/**
 * Made-up CT instances carrying the kinds of identifying data de-identification must deal with: patient
 * attributes, dates, names of staff, free text, a private block, and a sequence that references another instance.
 * No real patient data.
 */
final class TestInstances {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private TestInstances() {
    }

    record Patient(String name, String id, String birthDate) {
    }

    /**
     * @param referenced SOP Instance UID put in a Referenced Image Sequence (null for none)
     */
    static Attributes ct(Patient patient, String study, String series, String sop, String referenced, int number) {
        Attributes a = new Attributes();
        a.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        a.setString(Tags.SOPClassUID, VR.UI, CT_IMAGE_STORAGE);
        a.setString(Tags.SOPInstanceUID, VR.UI, sop);
        a.setString(Tags.StudyDate, VR.DA, "20240131");
        a.setString(Tag.of(0x0008, 0x0030), VR.TM, "101500"); // Study Time
        a.setString(Tags.AccessionNumber, VR.SH, "ACC" + patient.id());
        a.setString(Tags.Modality, VR.CS, "CT");
        a.setString(Tag.of(0x0008, 0x0080), VR.LO, "Saint Nowhere Hospital"); // Institution Name
        a.setString(Tag.of(0x0008, 0x0090), VR.PN, "Referrer^Rita"); // Referring Physician's Name
        a.setString(Tag.of(0x0008, 0x1030), VR.LO, "CT of " + patient.name().replace('^', ' ')); // Study Description
        a.setString(Tags.PatientName, VR.PN, patient.name());
        a.setString(Tags.PatientID, VR.LO, patient.id());
        a.setString(Tags.PatientBirthDate, VR.DA, patient.birthDate());
        a.setString(Tag.of(0x0010, 0x0040), VR.CS, "O"); // Patient's Sex
        a.setString(Tag.of(0x0010, 0x4000), VR.LT, "Patient " + patient.id() + " was anxious"); // Patient Comments
        a.setString(Tag.of(0x0018, 0x0050), VR.DS, "1.25"); // Slice Thickness
        a.setString(Tags.StudyInstanceUID, VR.UI, study);
        a.setString(Tags.SeriesInstanceUID, VR.UI, series);
        a.setString(Tag.of(0x0020, 0x0010), VR.SH, "S" + patient.id()); // Study ID
        a.setString(Tag.of(0x0020, 0x0013), VR.IS, Integer.toString(number)); // Instance Number
        a.setString(Tag.of(0x0020, 0x0052), VR.UI, study + ".9"); // Frame of Reference UID
        if (referenced != null) {
            Attributes ref = new Attributes();
            ref.setString(Tags.ReferencedSOPClassUID, VR.UI, CT_IMAGE_STORAGE);
            ref.setString(Tags.ReferencedSOPInstanceUID, VR.UI, referenced);
            a.setSequence(Tag.of(0x0008, 0x1140), List.of(ref)); // Referenced Image Sequence
        }
        // a private block naming the patient again, as vendor blocks do
        a.setString(Tag.of(0x0029, 0x0010), VR.LO, "ACME PRIVATE");
        a.setString(Tag.of(0x0029, 0x1001), VR.LO, patient.name());
        a.setInt(Tags.SamplesPerPixel, VR.US, 1);
        a.setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        a.setInt(Tags.Rows, VR.US, 16);
        a.setInt(Tags.Columns, VR.US, 16);
        a.setInt(Tags.BitsAllocated, VR.US, 16);
        a.setInt(Tags.BitsStored, VR.US, 12);
        a.setInt(Tags.HighBit, VR.US, 11);
        a.setInt(Tags.PixelRepresentation, VR.US, 0);
        a.setString(Tags.RescaleIntercept, VR.DS, "-1024");
        a.setString(Tags.RescaleSlope, VR.DS, "1");
        byte[] pixels = new byte[16 * 16 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            pixels[i] = (byte) (i * 7 + number);
            pixels[i + 1] = (byte) ((i >> 4) & 0x0F);
        }
        a.setBytes(Tags.PixelData, VR.OW, pixels);
        return a;
    }

    static byte[] part10(Attributes a) throws IOException {
        return DicomWriter.toBytes(a, UID.ExplicitVRLittleEndian);
    }
}
