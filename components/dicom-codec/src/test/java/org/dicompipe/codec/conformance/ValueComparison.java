package org.dicompipe.codec.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.Fragments;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.VR;

/**
 * Element-by-element equality of two data sets as the codec read them: the same tags in the same order, the
 * same VRs, and the same values — decoded strings for string VRs (so a change of padding is not a difference
 * but a change of character is), the little-endian value bytes for binary VRs, item by item for sequences,
 * fragment by fragment (and the Basic Offset Table) for encapsulated pixel data. Group lengths (gggg,0000)
 * must be present on both sides, but their values depend on the encoding and are not compared here.
 * Written independently of the codec's own {@code sameValue} so that a bug there cannot hide one here.
 */
final class ValueComparison {
    /** DICOMDIR offsets (VR "up"): byte positions of directory records, which move when the file is rewritten. */
    private static final java.util.Set<Integer> RECORD_OFFSETS = java.util.Set.of(0x00041200, 0x00041202, 0x00041400, 0x00041420);
    private static final int DIRECTORY_RECORD_SEQUENCE = 0x00041220;

    private final List<String> differences = new ArrayList<>();
    private final java.util.Map<Long, Integer> recordIndexBefore = new java.util.HashMap<>();
    private final List<Long> recordOffsetAfter = new ArrayList<>();

    private ValueComparison() {
    }

    /** Human-readable differences, empty when equal; {@code before} is the original, {@code after} the re-read. */
    static List<String> differences(Attributes before, Attributes after) {
        ValueComparison c = new ValueComparison();
        c.indexRecords(before, after);
        c.dataset("", before, after);
        return c.differences;
    }

    /** Record offsets are compared as links: the same record (by index) must be pointed at before and after. */
    private void indexRecords(Attributes before, Attributes after) {
        DicomElement b = before.get(DIRECTORY_RECORD_SEQUENCE);
        DicomElement a = after.get(DIRECTORY_RECORD_SEQUENCE);
        if (b == null || a == null || b.items() == null || a.items() == null) {
            return;
        }
        for (int i = 0; i < b.items().size(); i++) {
            recordIndexBefore.put(b.items().get(i).itemOffset(), i);
        }
        for (Attributes item : a.items()) {
            recordOffsetAfter.add(item.itemOffset());
        }
    }

    private void recordLink(String path, DicomElement before, DicomElement after) {
        long b = before.longs().length == 0 ? 0 : before.longs()[0];
        long a = after.longs().length == 0 ? 0 : after.longs()[0];
        Integer index = recordIndexBefore.get(b);
        long expected = b == 0 ? 0 : index == null || index >= recordOffsetAfter.size() ? -1 : recordOffsetAfter.get(index);
        if (a != expected) {
            differences.add(path + " points at offset " + a + ", but the record it pointed at (offset " + b
                    + (index == null ? ", no record there" : ", record " + index) + ") is now at " + expected);
        }
    }

    private void dataset(String path, Attributes before, Attributes after) {
        List<Integer> beforeTags = tags(before);
        List<Integer> afterTags = tags(after);
        if (!beforeTags.equals(afterTags)) {
            List<Integer> lost = new ArrayList<>(beforeTags);
            lost.removeAll(afterTags);
            List<Integer> added = new ArrayList<>(afterTags);
            added.removeAll(beforeTags);
            differences.add(path + "tags differ: lost " + format(lost) + ", added " + format(added)
                    + (lost.isEmpty() && added.isEmpty() ? " (order changed)" : ""));
        }
        for (DicomElement b : before) {
            DicomElement a = after.get(b.tag());
            if (a != null) {
                element(path + Tag.format(b.tag()), b, a);
            }
        }
    }

    private void element(String path, DicomElement before, DicomElement after) {
        if (Tag.element(before.tag()) == 0) {
            // a group length describes the encoding, which a writer must recompute (DcmtkRoundTripTest checks it)
            return;
        }
        if (RECORD_OFFSETS.contains(before.tag()) && !recordIndexBefore.isEmpty()) {
            recordLink(path, before, after);
            return;
        }
        // PS3.5 A.4: encapsulated Pixel Data is OB; a writer may correct a source's OW
        boolean encapsulatedOwToOb = before.hasFragments() && before.vr() == VR.OW && after.vr() == VR.OB;
        if (before.vr() != after.vr() && !encapsulatedOwToOb) {
            differences.add(path + " VR " + before.vr() + " became " + after.vr());
            return;
        }
        if (before.isBulkData() || after.isBulkData()) {
            differences.add(path + " value not loaded (read with the default options everything must be)");
        } else if (before.hasItems() || after.hasItems()) {
            items(path, before, after);
        } else if (before.hasFragments() || after.hasFragments()) {
            fragments(path, before.fragments(), after.fragments());
        } else if (before.vr().isString()) {
            String[] b = before.strings();
            String[] a = after.strings();
            if (!Arrays.equals(b, a)) {
                differences.add(path + " " + before.vr() + " " + abbreviate(Arrays.toString(b)) + " became " + abbreviate(Arrays.toString(a)));
            }
        } else {
            bytes(path, before.bytes(), after.bytes());
        }
    }

    private void items(String path, DicomElement before, DicomElement after) {
        List<Attributes> b = before.items();
        List<Attributes> a = after.items();
        if (b == null || a == null) {
            differences.add(path + " sequence became a non-sequence value (or back)");
            return;
        }
        if (b.size() != a.size()) {
            differences.add(path + " " + b.size() + " items became " + a.size());
            return;
        }
        for (int i = 0; i < b.size(); i++) {
            dataset(path + "[" + i + "].", b.get(i), a.get(i));
        }
    }

    private void fragments(String path, Fragments before, Fragments after) {
        if (before == null || after == null) {
            differences.add(path + " encapsulated pixel data became a native value (or back)");
            return;
        }
        if (!Arrays.equals(before.basicOffsetTable(), after.basicOffsetTable())) {
            differences.add(path + " Basic Offset Table " + Arrays.toString(before.basicOffsetTable())
                    + " became " + Arrays.toString(after.basicOffsetTable()));
        }
        if (before.size() != after.size()) {
            differences.add(path + " " + before.size() + " fragments became " + after.size());
            return;
        }
        for (int i = 0; i < before.size(); i++) {
            bytes(path + " fragment " + i, before.data(i), after.data(i));
        }
    }

    /**
     * Equal bytes; a written value of odd length gains one pad byte (PS3.5 7.1.1 requires even lengths), which
     * is not a difference.
     */
    private void bytes(String path, byte[] before, byte[] after) {
        if (before == null || after == null) {
            differences.add(path + " value " + (before == null ? "missing before" : "missing after"));
            return;
        }
        boolean padded = after.length == before.length + 1 && (before.length & 1) == 1 && after[before.length] == 0;
        int n = padded ? before.length : after.length;
        if (before.length != n || !Arrays.equals(before, 0, n, after, 0, n)) {
            int first = Arrays.mismatch(before, after);
            differences.add(path + " " + before.length + " bytes became " + after.length + " bytes, first difference at byte " + first);
        }
    }

    private static List<Integer> tags(Attributes a) {
        List<Integer> tags = new ArrayList<>(a.size());
        for (DicomElement e : a) {
            tags.add(e.tag());
        }
        return tags;
    }

    private static String format(List<Integer> tags) {
        List<String> s = new ArrayList<>();
        for (int t : tags) {
            s.add(Tag.format(t));
        }
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
