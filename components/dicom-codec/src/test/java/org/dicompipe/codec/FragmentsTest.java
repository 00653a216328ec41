package org.dicompipe.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentsTest {

    @Test
    void ofFramesBuildsAnOffsetTableThatFramesUses() {
        Fragments f = Fragments.ofFrames(List.of(new byte[3], new byte[4], new byte[6]));
        assertArrayEquals(new long[] {0, 12, 24}, f.basicOffsetTable()); // 3 is padded to 4
        List<List<BulkDataRef>> frames = f.frames(3);
        assertEquals(3, frames.size());
        assertEquals(6, frames.get(2).get(0).length());
        byte[] items = f.encodeItems();
        assertEquals(8 + 12 + 8 + 4 + 8 + 4 + 8 + 6, items.length);
    }

    @Test
    void framesByJpegMarkersWhenThereIsNoTable() {
        byte[] soi = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0};
        byte[] cont = {1, 2};
        Fragments f = new Fragments(null, List.of(new BulkDataRef(0, 4), new BulkDataRef(12, 2),
                new BulkDataRef(22, 4)), List.of(soi, cont, soi));
        List<List<BulkDataRef>> frames = f.frames(2);
        assertEquals(2, frames.get(0).size());
        assertEquals(1, frames.get(1).size());
    }

    @Test
    void inconsistentTablesAreReported() {
        Fragments wrongCount = new Fragments(new long[] {0}, List.of(new BulkDataRef(8, 2), new BulkDataRef(18, 2)),
                null);
        assertThrows(IllegalStateException.class, () -> wrongCount.frames(2));
        Fragments notAtFragment = new Fragments(new long[] {0, 5}, List.of(new BulkDataRef(8, 2),
                new BulkDataRef(18, 2)), null);
        assertThrows(IllegalStateException.class, () -> notAtFragment.frames(2));
    }
}
