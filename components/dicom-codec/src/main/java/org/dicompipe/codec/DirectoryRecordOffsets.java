package org.dicompipe.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DICOMDIR's records point at each other by byte offset in the file (PS3.3 F.3.2.1: the offset of a record's Item
 * tag, counted from the first byte of the file). Rewriting the file moves the records (other File Meta Information,
 * other length encodings), so before writing, every offset that pointed at a record of the source is made to point
 * at where the writer puts that record. Readers that follow the offsets (pydicom) fail otherwise.
 */
final class DirectoryRecordOffsets {
    static final int DIRECTORY_RECORD_SEQUENCE = 0x00041220;
    private static final int[] ROOT_OFFSETS = {0x00041200, 0x00041202};
    private static final int[] RECORD_OFFSETS = {0x00041400, 0x00041420};

    private DirectoryRecordOffsets() {
    }

    /** The records of a DICOMDIR-like data set, or null when there are none to relocate. */
    static List<Attributes> records(Attributes dataset) {
        DicomElement seq = dataset.get(DIRECTORY_RECORD_SEQUENCE);
        return seq == null || !seq.hasItems() || seq.items().isEmpty() ? null : seq.items();
    }

    /**
     * {@code dataset} with its record offsets moved to {@code newOffsets} (one per record, in sequence order), or
     * {@code dataset} itself when the source position of some record is unknown (built in memory, read from deflated
     * data): offsets then cannot be mapped and are left as they are. The input is not modified.
     */
    static Attributes relocate(Attributes dataset, long[] newOffsets) {
        List<Attributes> records = records(dataset);
        Map<Long, Long> moved = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            long old = records.get(i).itemOffset();
            if (old < 0) {
                return dataset;
            }
            moved.put(old, newOffsets[i]);
        }
        Attributes out = shallowCopy(dataset);
        remap(out, ROOT_OFFSETS, moved);
        List<Attributes> relocated = new ArrayList<>(records.size());
        for (Attributes record : records) {
            Attributes r = shallowCopy(record);
            remap(r, RECORD_OFFSETS, moved);
            relocated.add(r);
        }
        DicomElement seq = dataset.get(DIRECTORY_RECORD_SEQUENCE);
        DicomElement items = DicomElement.ofItems(DIRECTORY_RECORD_SEQUENCE, relocated);
        out.set(seq.vr() == VR.SQ ? items : items.withVr(seq.vr()));
        return out;
    }

    /** Offsets that point at no record (0 = none, or already dangling in the source) are kept. */
    private static void remap(Attributes ds, int[] tags, Map<Long, Long> moved) {
        for (int tag : tags) {
            DicomElement e = ds.get(tag);
            if (e == null || e.bytes() == null || e.bytes().length != 4) {
                continue;
            }
            Long now = moved.get(ByteOrderUtil.intLE(e.bytes(), 0) & 0xFFFFFFFFL);
            if (now != null) {
                byte[] v = new byte[4];
                ByteOrderUtil.putIntLE(v, 0, (int) (long) now);
                ds.set(DicomElement.ofBytes(tag, e.vr(), v));
            }
        }
    }

    private static Attributes shallowCopy(Attributes ds) {
        Attributes c = new Attributes(Math.max(4, ds.size()));
        for (DicomElement e : ds) {
            c.set(e);
        }
        c.setItemOffset(ds.itemOffset());
        return c;
    }
}
