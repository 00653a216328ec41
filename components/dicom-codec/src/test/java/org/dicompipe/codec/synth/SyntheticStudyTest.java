package org.dicompipe.codec.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.Uids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticStudyTest {

    @Test
    void theCommittedSampleIsWhatTheGeneratorProduces() throws Exception {
        byte[] committed = Files.readAllBytes(Path.of("src/test/resources/samples/synthetic-ct.dcm"));
        assertArrayEquals(SyntheticStudy.withSeed(1).size(64, 64).bitsAllocated(16).toPart10(0), committed,
                "regenerate with: SyntheticStudy DIR 1 64 64 16 1");
    }

    @Test
    void aSeriesSharesStudyAndSeriesAndIsDeterministic() {
        List<Attributes> a = SyntheticStudy.withSeed(42).instances(3).size(16, 8).generate();
        List<Attributes> b = SyntheticStudy.withSeed(42).instances(3).size(16, 8).generate();
        assertEquals(3, a.size());
        for (int i = 0; i < 3; i++) {
            assertTrue(a.get(i).sameValues(b.get(i)));
            assertEquals(a.get(0).getString(Tags.StudyInstanceUID), a.get(i).getString(Tags.StudyInstanceUID));
            assertEquals(a.get(0).getString(Tags.PatientID), a.get(i).getString(Tags.PatientID));
            assertEquals(i + 1, a.get(i).getInt(Tags.InstanceNumber, 0));
            assertTrue(Uids.isValid(a.get(i).getString(Tags.SOPInstanceUID)));
            assertEquals(16 * 8 * 2, a.get(i).get(Tags.PixelData).length());
        }
        assertNotEquals(a.get(0).getString(Tags.SOPInstanceUID), a.get(1).getString(Tags.SOPInstanceUID));
        assertFalse(a.get(0).sameValues(SyntheticStudy.withSeed(43).instances(3).size(16, 8).instance(0)));
        Attributes eight = SyntheticStudy.withSeed(1).bitsAllocated(8).size(4, 4).instance(0);
        assertEquals(16, eight.get(Tags.PixelData).length());
        assertEquals(8, eight.getInt(Tags.BitsAllocated, 0));
    }

    @Test
    void writesReadableFiles(@TempDir Path dir) throws Exception {
        List<Path> files = SyntheticStudy.withSeed(9).instances(2).size(8, 8).writeTo(dir, UID.ImplicitVRLittleEndian);
        assertEquals(2, files.size());
        Attributes second = DicomReader.read(files.get(1)).dataset();
        assertEquals(2, second.getInt(Tags.InstanceNumber, 0));
        assertEquals("CT", second.getString(Tags.Modality));
    }
}
