package org.dicompipe.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelFramesTest {

    @Test
    void nativeMultiFrameRangesAndFramesFromTheFile(@TempDir Path dir) throws Exception {
        Attributes a = SyntheticStudy.withSeed(4).size(4, 4).instance(0);
        byte[] px = new byte[3 * 32];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        a.setBytes(Tags.PixelData, VR.OW, px);
        a.setString(Tags.NumberOfFrames, VR.IS, "3");
        Path file = dir.resolve("mf.dcm");
        for (String ts : new String[] {UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian}) {
            try (OutputStream os = Files.newOutputStream(file)) {
                DicomWriter.write(a, ts, os);
            }
            Attributes lazy = DicomReader.read(file, ReadOptions.defaults().withBulkDataThreshold(16)).dataset();
            List<List<BulkDataRef>> r = PixelFrames.ranges(lazy);
            assertEquals(3, r.size());
            assertEquals(32, r.get(2).get(0).length());
            assertEquals(r.get(0).get(0).offset() + 64, r.get(2).get(0).offset());
            assertArrayEquals(Arrays.copyOfRange(px, 32, 64), PixelFrames.frame(lazy, 1, BulkDataSource.of(file)), ts);
            Attributes loaded = DicomReader.read(file).dataset();
            assertArrayEquals(Arrays.copyOfRange(px, 64, 96), PixelFrames.frame(loaded, 2, BulkDataSource.NONE));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> PixelFrames.frame(a, 3, BulkDataSource.NONE));
    }

    @Test
    void encapsulatedFramesAreTheirFragments(@TempDir Path dir) throws Exception {
        Attributes a = SyntheticStudy.withSeed(4).size(4, 4).instance(0);
        byte[] f1 = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1};
        byte[] f2 = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 2, 3, 4};
        a.set(DicomElement.ofFragments(Tags.PixelData, VR.OB, Fragments.ofFrames(List.of(f1, f2))));
        a.setString(Tags.NumberOfFrames, VR.IS, "2");
        Path file = dir.resolve("enc.dcm");
        try (OutputStream os = Files.newOutputStream(file)) {
            DicomWriter.write(a, UID.JPEGBaseline8Bit, os);
        }
        Attributes lazy = DicomReader.read(file, ReadOptions.defaults().withBulkDataThreshold(0)).dataset();
        assertArrayEquals(f2, PixelFrames.frame(lazy, 1, BulkDataSource.of(file)));
        assertArrayEquals(f1, PixelFrames.frame(DicomReader.read(file).dataset(), 0, BulkDataSource.NONE));
        byte[] all = Files.readAllBytes(file);
        BulkDataRef r = PixelFrames.ranges(lazy).get(1).get(0);
        assertArrayEquals(f2, Arrays.copyOfRange(all, (int) r.offset(), (int) (r.offset() + r.length())));
    }

    @Test
    void inconsistentGeometryIsReported() throws Exception {
        Attributes a = SyntheticStudy.withSeed(4).size(4, 4).instance(0);
        a.setString(Tags.NumberOfFrames, VR.IS, "5");
        Attributes read = DicomReader.read(DicomWriter.toBytes(a, UID.ExplicitVRLittleEndian)).dataset();
        assertThrows(IllegalStateException.class, () -> PixelFrames.ranges(read));
        a.remove(Tags.PixelData);
        assertThrows(IllegalStateException.class, () -> PixelFrames.ranges(a));
    }

    @Test
    void framesSplitOverSeveralFragmentsWithoutTableAreFoundByTheirMarkers(@TempDir Path dir) throws Exception {
        byte[] soi = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
        byte[] more = {5, 6};
        byte[] file = new DicomBytes().preamble().meta(UID.JPEGBaseline8Bit)
                .explicit(Tags.NumberOfFrames, "IS", "2 ")
                .explicitHeader(Tags.PixelData, "OB", 0xFFFFFFFFL)
                .item(0)
                .item(4).raw(soi).item(2).raw(more) // frame 1: two fragments
                .item(4).raw(soi) // frame 2: one fragment
                .sequenceEnd().toByteArray();
        Path p = dir.resolve("nobot.dcm");
        Files.write(p, file);
        Attributes lazy = DicomReader.read(p, ReadOptions.defaults().withBulkDataThreshold(0)).dataset();
        assertThrows(IllegalStateException.class, () -> PixelFrames.ranges(lazy));
        List<List<BulkDataRef>> r = PixelFrames.ranges(lazy, BulkDataSource.of(p));
        assertEquals(2, r.get(0).size());
        assertEquals(1, r.get(1).size());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 5, 6},
                PixelFrames.frame(lazy, 0, BulkDataSource.of(p)));
    }
}
