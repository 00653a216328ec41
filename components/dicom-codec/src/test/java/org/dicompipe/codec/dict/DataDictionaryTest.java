package org.dicompipe.codec.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dicompipe.codec.VR;
import org.junit.jupiter.api.Test;

class DataDictionaryTest {

    @Test
    void exactTagsGiveKeywordVrVmAndRetiredFlag() {
        DictionaryEntry pn = DataDictionary.lookup(0x00100010);
        assertEquals(new DictionaryEntry(0x00100010, "PatientName", "PN", "1", false), pn);
        assertEquals(VR.PN, DataDictionary.vrOf(0x00100010));
        assertEquals("SpecificCharacterSet", DataDictionary.keywordOf(0x00080005));
        assertEquals("1-n", DataDictionary.lookup(0x00080005).vm());
        assertEquals(VR.SQ, DataDictionary.vrOf(0x00081115)); // ReferencedSeriesSequence
        assertEquals(VR.UI, DataDictionary.vrOf(0x00020010));
    }

    @Test
    void retiredEntriesLoseDcmtksPrefixAndKeepTheFlag() {
        DictionaryEntry e = DataDictionary.lookup(0x00080010); // RecognitionCode, retired
        assertEquals("RecognitionCode", e.keyword());
        assertTrue(e.retired());
        assertEquals(0x00080010, DataDictionary.tagOf("RecognitionCode"));
        assertNull(DataDictionary.tagOf("RETIRED_RecognitionCode"));
    }

    @Test
    void keywordsMapBothWays() {
        assertEquals(0x0020000D, DataDictionary.tagOf("StudyInstanceUID"));
        assertEquals(0x7FE00010, DataDictionary.tagOf("PixelData"));
        assertEquals(0x00020000, DataDictionary.tagOf("FileMetaInformationGroupLength"));
        assertNull(DataDictionary.tagOf("NoSuchKeyword"));
        assertNull(DataDictionary.tagOf("OverlayRows")); // repeating group: no single tag
    }

    @Test
    void repeatingGroupsMatchEvenGroupsOnly() {
        DictionaryEntry overlayRows = DataDictionary.lookup(0x60020010);
        assertEquals(new DictionaryEntry(0x60020010, "OverlayRows", "US", "1", false), overlayRows);
        assertEquals("OverlayData", DataDictionary.keywordOf(0x601E3000));
        assertEquals(VR.OW, DataDictionary.vrOf(0x60003000)); // dcmtk "ox"
        assertEquals("CurveData", DataDictionary.keywordOf(0x50003000));
        assertTrue(DataDictionary.lookup(0x50003000).retired());
        assertEquals("VariablePixelData", DataDictionary.keywordOf(0x7F000010));
        // (6001,0010) is an odd, private group: a private creator, not Overlay Rows
        assertEquals("PrivateCreator", DataDictionary.keywordOf(0x60010010));
        assertEquals(VR.LO, DataDictionary.vrOf(0x60010010));
    }

    @Test
    void elementRangesFollowDcmtksEvenDefault() {
        assertEquals("SourceImageIDs", DataDictionary.keywordOf(0x00203100));
        assertEquals("SourceImageIDs", DataDictionary.keywordOf(0x002031FE));
        assertNull(DataDictionary.lookup(0x002031FF));
    }

    @Test
    void groupLengthsAreUlAndPrivateCreatorsAreLo() {
        assertEquals(VR.UL, DataDictionary.vrOf(0x00080000));
        assertEquals(VR.UL, DataDictionary.vrOf(0x00290000));
        assertEquals(VR.UL, DataDictionary.vrOf(0x7FE00000));
        assertEquals("CommandGroupLength", DataDictionary.keywordOf(0x00000000)); // exact entry wins over the rule
        assertEquals(VR.LO, DataDictionary.vrOf(0x00090010));
        assertEquals(VR.LO, DataDictionary.vrOf(0x001100FF));
        assertEquals(0x001100FF, DataDictionary.lookup(0x001100FF).tag());
        // private data elements and reserved creator slots in groups 0001-0007 are not in the dictionary
        assertEquals(VR.UN, DataDictionary.vrOf(0x00091001));
        assertNull(DataDictionary.lookup(0x00090001));
        assertNull(DataDictionary.lookup(0x00030010));
    }

    @Test
    void ambiguousVrsMapToTheirFirstChoiceAndKeepTheRawCode() {
        DictionaryEntry smallest = DataDictionary.lookup(0x00280106); // SmallestImagePixelValue, US or SS
        assertEquals("xs", smallest.vr());
        assertEquals(VR.US, DataDictionary.vrOf(0x00280106));
        assertEquals("px", DataDictionary.lookup(0x7FE00010).vr());
        assertEquals(VR.OW, DataDictionary.vrOf(0x7FE00010));
        assertEquals(VR.OW, DataDictionary.vrOf(0x00283006)); // LUTData, US or SS or OW
        assertEquals(VR.UL, DataDictionary.vrOf(0x00041200)); // directory offsets
        assertEquals(VR.UN, DataDictionary.vrOf(0xFFFEE000)); // item: no VR
        assertEquals("Item", DataDictionary.keywordOf(0xFFFEE000));
        assertEquals(List.of(VR.US, VR.SS), smallest.vrChoices());
        assertEquals(List.of(VR.OW, VR.OB), DataDictionary.lookup(0x60003000).vrChoices());
        assertEquals(List.of(VR.PN), DataDictionary.lookup(0x00100010).vrChoices());
        assertEquals(List.of(), DataDictionary.lookup(0xFFFEE000).vrChoices());
    }

    @Test
    void privateElementsAreLookedUpByCreatorAndOffsetInAnyBlock() {
        DictionaryEntry csa = DataDictionary.lookupPrivate("SIEMENS CSA HEADER", 0x00291010);
        assertEquals(new DictionaryEntry(0x00291010, "CSAImageHeaderInfo", "OB", "1", false), csa);
        assertEquals(VR.CS, DataDictionary.vrOfPrivate("SIEMENS CSA HEADER", 0x00291108));
        assertEquals(VR.CS, DataDictionary.vrOfPrivate("SIEMENS CSA HEADER", 0x0029FF08));
        assertEquals(VR.CS, DataDictionary.vrOfPrivate("SIEMENS CSA HEADER ", 0x00291008), "LO padding");
        assertEquals(VR.UN, DataDictionary.vrOfPrivate("SIEMENS CSA HEADER", 0x00291001), "unknown offset");
        assertEquals(VR.UN, DataDictionary.vrOfPrivate("SIEMENS CSA HEADER", 0x00311010), "other group");
        assertEquals(VR.UN, DataDictionary.vrOfPrivate("siemens csa header", 0x00291010), "creators are exact");
        assertEquals(VR.UN, DataDictionary.vrOfPrivate(null, 0x00291010));
        assertNull(DataDictionary.lookupPrivate("SIEMENS CSA HEADER", 0x00290010), "the creator element itself");
        assertNull(DataDictionary.lookupPrivate("SIEMENS CSA HEADER", 0x00281010), "not a private group");
    }

    @Test
    void privateEntriesWithAFixedElementAndGroupRanges() {
        // (0025,"CMR42 CIRCLECVI",1010): only in the block reserved by (0025,0010)
        assertEquals("WorkspaceID", DataDictionary.lookupPrivate("CMR42 CIRCLECVI", 0x00251010).keyword());
        assertNull(DataDictionary.lookupPrivate("CMR42 CIRCLECVI", 0x00251110));
        // (6001-o-60ff,"PAPYRUS 3.0",10): odd groups of the range only
        assertEquals(VR.US, DataDictionary.vrOfPrivate("PAPYRUS 3.0", 0x60011010));
        assertEquals(VR.US, DataDictionary.vrOfPrivate("PAPYRUS 3.0", 0x60FF2010));
        assertEquals(VR.UN, DataDictionary.vrOfPrivate("PAPYRUS 3.0", 0x61011010));
        // dcmtk's ambiguity codes map like the standard dictionary's: px -> OW, keeping the raw code
        DictionaryEntry px = DataDictionary.lookupPrivate("GEMS_Ultrasound_MovieGroup_001", 0x7FE11060);
        assertEquals("px", px.vr());
        assertEquals(VR.OW, DataDictionary.vrOfPrivate("GEMS_Ultrasound_MovieGroup_001", 0x7FE11060));
    }

    @Test
    void unknownTagsGiveNullAndUn() {
        assertNull(DataDictionary.lookup(0x00080003));
        assertNull(DataDictionary.keywordOf(0x00080003));
        assertEquals(VR.UN, DataDictionary.vrOf(0x00080003));
        assertEquals(VR.UN, DataDictionary.vrOf(0xFFFFFFFF));
    }

    @Test
    void concurrentFirstUseSeesOneConsistentDictionary() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> DataDictionary.size());
            }
            List<Integer> sizes = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                sizes.add(f.get());
            }
            assertTrue(sizes.get(0) > 4000, "dictionary has " + sizes.get(0) + " entries");
            assertTrue(sizes.stream().allMatch(sizes.get(0)::equals), sizes.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tagRangeParsesDcmtkNotation() {
        TagRange r = TagRange.parse("0009-o-FFFF,0010-u-00FF");
        assertTrue(r.contains(0x00090010));
        assertTrue(r.contains(0x00110011));
        assertFalse(r.contains(0x00100010));
        assertFalse(r.contains(0x00090100));
        assertEquals(32764L * 240, r.span());
        assertNotNull(TagRange.parse("6000-60FF,0010"));
        assertFalse(TagRange.parse("6000-60FF,0010").contains(0x60010010));
    }
}
