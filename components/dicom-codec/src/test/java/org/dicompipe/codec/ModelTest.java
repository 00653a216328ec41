package org.dicompipe.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void tags() {
        assertEquals(0x00100010, Tag.of(0x10, 0x10));
        assertEquals("7FE00010", Tag.hex(Tags.PixelData));
        assertEquals("(7FE0,0010)", Tag.format(Tags.PixelData));
        assertEquals(Tags.PixelData, Tag.parseHex("7fe00010"));
        assertEquals(Tags.PixelData, Tag.parseHex("(7FE0,0010)"));
        assertEquals(0x7FE0, Tag.group(Tags.PixelData));
        assertTrue(Tag.isPrivate(0x00291010));
        assertFalse(Tag.isPrivate(Tags.PatientName));
        assertTrue(Tag.isPrivateCreator(0x00290010));
        assertFalse(Tag.isPrivateCreator(0x00291010));
        assertEquals(0x00290012, Tag.creatorOf(0x00291234));
    }

    @Test
    void vrs() {
        assertSame(VR.SQ, VR.of("SQ"));
        assertNull(VR.of("XX"));
        assertTrue(VR.OB.longHeader());
        assertTrue(VR.UT.longHeader());
        assertFalse(VR.LO.longHeader());
        assertTrue(VR.PN.isString());
        assertTrue(VR.OW.isBinary());
        assertEquals(34, VR.values().length);
    }

    @Test
    void attributesStayOrderedWhateverTheInsertionOrder() {
        Attributes a = new Attributes(2);
        a.setString(Tags.PatientID, VR.LO, "p");
        a.setString(Tags.SOPInstanceUID, VR.UI, "1.2");
        a.setBytes(Tags.PixelData, VR.OW, new byte[2]);
        a.setString(0x00291010, VR.LO, "private");
        a.setString(Tags.PatientName, VR.PN, "n");
        assertArrayEquals(new int[] {Tags.SOPInstanceUID, Tags.PatientName, Tags.PatientID, 0x00291010,
            Tags.PixelData}, a.tags());
        a.setString(Tags.PatientID, VR.LO, "q");
        assertEquals(5, a.size());
        assertEquals("q", a.getString(Tags.PatientID));
        assertEquals("n", a.remove(Tags.PatientName).string());
        assertFalse(a.contains(Tags.PatientName));
        assertEquals(4, a.size());
        assertNull(a.get(Tags.PatientName));
    }

    @Test
    void copyIsDeep() {
        Attributes item = new Attributes();
        item.setString(Tags.CodeValue, VR.SH, "A");
        Attributes a = new Attributes();
        a.setSequence(Tags.ConceptNameCodeSequence, List.of(item));
        Attributes c = a.copy();
        c.getNestedItem(Tags.ConceptNameCodeSequence, 0).setString(Tags.CodeValue, VR.SH, "B");
        assertEquals("A", a.getNestedItem(Tags.ConceptNameCodeSequence, 0).getString(Tags.CodeValue));
        assertFalse(a.sameValues(c));
    }

    @Test
    void numbersFromEveryVr() {
        Attributes a = new Attributes();
        a.setInt(Tags.Rows, VR.US, 40000);
        a.setInt(0x00189219, VR.SL, -70000);
        a.setInt(0x00280008, VR.IS, 12);
        a.setDouble(0x0018602C, VR.FD, 2.5);
        a.setString(Tags.SliceThickness, VR.DS, " 2.50 ");
        assertEquals(40000, a.getInt(Tags.Rows, 0));
        assertEquals(-70000, a.getInt(0x00189219, 0));
        assertEquals(12, a.getInt(0x00280008, 0));
        assertEquals(2.5, a.getDouble(0x0018602C, 0));
        assertEquals(2.5, a.getDouble(Tags.SliceThickness, 0));
        assertEquals(7, a.getInt(Tags.Columns, 7));
        assertArrayEquals(new String[] {"40000"}, a.getStrings(Tags.Rows));
    }
}
