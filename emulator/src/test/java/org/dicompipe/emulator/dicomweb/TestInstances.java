package org.dicompipe.emulator.dicomweb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.VR;

/** Variants of corpus files for tests: same content, other UIDs or attribute values. */
final class TestInstances {

    private TestInstances() {
    }

    /** The instance re-encoded with new UIDs (null keeps the original). */
    static byte[] withUids(byte[] original, String study, String series, String sop) throws IOException {
        DicomFile f = DicomReader.read(original);
        Attributes ds = f.dataset().copy();
        if (study != null) {
            ds.setString(Tags.StudyInstanceUID, VR.UI, study);
        }
        if (series != null) {
            ds.setString(Tags.SeriesInstanceUID, VR.UI, series);
        }
        if (sop != null) {
            ds.setString(Tags.SOPInstanceUID, VR.UI, sop);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.write(ds, f.transferSyntaxUid(), out);
        return out.toByteArray();
    }

    /** The instance with several string attributes set: tag, VR, value triples. */
    static byte[] with(byte[] original, Object... tagVrValue) throws IOException {
        DicomFile f = DicomReader.read(original);
        Attributes ds = f.dataset().copy();
        for (int i = 0; i < tagVrValue.length; i += 3) {
            ds.setString((Integer) tagVrValue[i], (VR) tagVrValue[i + 1], (String) tagVrValue[i + 2]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.write(ds, f.transferSyntaxUid(), out);
        return out.toByteArray();
    }

    /** The instance with one string attribute changed. */
    static byte[] withString(byte[] original, int tag, VR vr, String value) throws IOException {
        DicomFile f = DicomReader.read(original);
        Attributes ds = f.dataset().copy();
        ds.setString(tag, vr, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.write(ds, f.transferSyntaxUid(), out);
        return out.toByteArray();
    }
}
