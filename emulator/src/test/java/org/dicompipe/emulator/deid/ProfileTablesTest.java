package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;
import org.junit.jupiter.api.Test;

/** The generated PS3.15 table and the minimal keep list, spot-checked against the standard's Table E.1-1. */
class ProfileTablesTest {

    @Test
    void basicProfileCodesFromTheStandard() {
        BasicProfile p = BasicProfile.get();
        assertEquals("Z", p.code(Tags.PatientName));
        assertEquals("Z/D", p.code(Tags.PatientID));
        assertEquals("Z", p.code(Tags.PatientBirthDate));
        assertEquals("U", p.code(Tags.StudyInstanceUID));
        assertEquals("U", p.code(Tags.SOPInstanceUID));
        assertEquals("U", p.code(Tags.ReferencedSOPInstanceUID));
        assertEquals("X/Z/D", p.code(Tag.of(0x0008, 0x0080)), "Institution Name");
        assertEquals("X/Z/U*", p.code(Tag.of(0x0008, 0x1140)), "Referenced Image Sequence");
        assertEquals("X", p.code(Tag.of(0x6002, 0x3000)), "overlay data in any 60xx group");
        assertEquals("X", p.code(Tag.of(0x5010, 0x0000)), "curve data in any 50xx group");
        assertEquals("X", p.code(Tag.of(0x0029, 0x1001)), "private attributes");
        assertNull(p.code(Tags.Rows), "not in the table: kept");
        assertNull(p.code(Tags.SOPClassUID));
        assertTrue(p.codes().size() > 600, "the whole table, not a sample: " + p.codes().size());
    }

    @Test
    void compoundCodesResolveToOneAction() {
        assertEquals(TagAction.EMPTY, TagAction.ofProfileCode("Z/D"));
        assertEquals(TagAction.EMPTY, TagAction.ofProfileCode("X/Z"));
        assertEquals(TagAction.DUMMY, TagAction.ofProfileCode("X/D"));
        assertEquals(TagAction.KEEP, TagAction.ofProfileCode("X/Z/U*"));
        assertEquals(TagAction.REPLACE_UID, TagAction.ofProfileCode("U"));
        assertEquals(TagAction.REMOVE, BasicProfile.get().action(Tag.of(0x0011, 0x0010)));
    }

    @Test
    void minimalKeepListHoldsTheImagePixelModuleAndIdentification() {
        for (int tag : new int[] {Tags.SOPClassUID, Tags.SOPInstanceUID, Tags.StudyInstanceUID,
                Tags.SeriesInstanceUID, Tags.Rows, Tags.Columns, Tags.BitsAllocated, Tags.PixelData}) {
            assertTrue(MinimalKeepList.tags().contains(tag), Tag.format(tag));
        }
        assertTrue(!MinimalKeepList.tags().contains(Tags.PatientName));
    }
}
