package org.dicompipe.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A dataset (or sequence item): elements kept in ascending tag order in two parallel arrays, so reading a file in
 * order only appends, and lookups are binary searches. Not thread-safe.
 */
public final class Attributes implements Iterable<DicomElement> {
    private int[] tags;
    private DicomElement[] elements;
    private int size;
    /** Where this item's Item tag was in the source; -1 for a data set and for items not read from a source. */
    private long itemOffset = -1;

    public Attributes() {
        this(16);
    }

    public Attributes(int initialCapacity) {
        tags = new int[Math.max(4, initialCapacity)];
        elements = new DicomElement[tags.length];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int indexOf(int tag) {
        if (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) < 0) {
            return -size - 1;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    public DicomElement get(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? elements[i] : null;
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** Adds or replaces the element with the same tag. */
    public void set(DicomElement e) {
        int i = indexOf(e.tag());
        if (i >= 0) {
            elements[i] = e;
            return;
        }
        i = -i - 1;
        if (size == tags.length) {
            int n = size * 2;
            tags = Arrays.copyOf(tags, n);
            elements = Arrays.copyOf(elements, n);
        }
        if (i < size) {
            System.arraycopy(tags, i, tags, i + 1, size - i);
            System.arraycopy(elements, i, elements, i + 1, size - i);
        }
        tags[i] = e.tag();
        elements[i] = e;
        size++;
    }

    public DicomElement remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return null;
        }
        DicomElement e = elements[i];
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(elements, i + 1, elements, i, size - i - 1);
        size--;
        elements[size] = null;
        return e;
    }

    /** First value as a string, or null if absent or empty. */
    public String getString(int tag) {
        DicomElement e = get(tag);
        return e == null ? null : e.string();
    }

    public String getString(int tag, String dflt) {
        String s = getString(tag);
        return s == null ? dflt : s;
    }

    /** All values as strings (see DicomElement.strings()), or null if absent. */
    public String[] getStrings(int tag) {
        DicomElement e = get(tag);
        return e == null ? null : e.strings();
    }

    public int getInt(int tag, int dflt) {
        DicomElement e = get(tag);
        if (e == null) {
            return dflt;
        }
        long[] l = e.longs();
        if (l != null) {
            return l.length == 0 ? dflt : (int) l[0];
        }
        double[] d = e.doubles();
        return d == null || d.length == 0 || Double.isNaN(d[0]) ? dflt : (int) d[0];
    }

    public double getDouble(int tag, double dflt) {
        DicomElement e = get(tag);
        if (e == null) {
            return dflt;
        }
        double[] d = e.doubles();
        return d == null || d.length == 0 || Double.isNaN(d[0]) ? dflt : d[0];
    }

    /** Item {@code index} of sequence {@code seqTag}, or null. */
    public Attributes getNestedItem(int seqTag, int index) {
        DicomElement e = get(seqTag);
        List<Attributes> items = e == null ? null : e.items();
        return items == null || index < 0 || index >= items.size() ? null : items.get(index);
    }

    public void setString(int tag, VR vr, String... values) {
        set(DicomElement.ofStrings(tag, vr, values));
    }

    /** Binary integers for US/SS/UL/SL/UV/SV/OW/OL/AT(packed tags), decimal strings for IS/DS and other string VRs. */
    public void setInt(int tag, VR vr, int... v) {
        if (vr.isString()) {
            String[] s = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = Integer.toString(v[i]);
            }
            setString(tag, vr, s);
            return;
        }
        int w = vr == VR.OB || vr == VR.UN ? 1 : vr.width();
        byte[] b = new byte[v.length * w];
        for (int i = 0; i < v.length; i++) {
            switch (w) {
                case 1 -> b[i] = (byte) v[i];
                case 2 -> ByteOrderUtil.putShortLE(b, i * 2, v[i]);
                case 4 -> {
                    if (vr == VR.AT) {
                        ByteOrderUtil.putShortLE(b, i * 4, v[i] >>> 16);
                        ByteOrderUtil.putShortLE(b, i * 4 + 2, v[i]);
                    } else if (vr == VR.FL || vr == VR.OF) {
                        ByteOrderUtil.putIntLE(b, i * 4, Float.floatToIntBits(v[i]));
                    } else {
                        ByteOrderUtil.putIntLE(b, i * 4, v[i]);
                    }
                }
                case 8 -> {
                    if (vr == VR.FD || vr == VR.OD) {
                        ByteOrderUtil.putLongLE(b, i * 8, Double.doubleToLongBits(v[i]));
                    } else {
                        ByteOrderUtil.putLongLE(b, i * 8, vr == VR.UV ? v[i] & 0xFFFFFFFFL : v[i]);
                    }
                }
                default -> throw new IllegalArgumentException("cannot set integers as " + vr);
            }
        }
        setBytes(tag, vr, b);
    }

    /** FL/FD/OF/OD binary values, or DS strings. */
    public void setDouble(int tag, VR vr, double... v) {
        if (vr.isString()) {
            String[] s = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = v[i] == Math.rint(v[i]) && Math.abs(v[i]) < 1e15 ? Long.toString((long) v[i])
                        : Double.toString(v[i]);
            }
            setString(tag, vr, s);
            return;
        }
        int w = vr.width();
        byte[] b = new byte[v.length * w];
        for (int i = 0; i < v.length; i++) {
            if (w == 4) {
                ByteOrderUtil.putIntLE(b, i * 4, Float.floatToIntBits((float) v[i]));
            } else if (w == 8) {
                ByteOrderUtil.putLongLE(b, i * 8, Double.doubleToLongBits(v[i]));
            } else {
                throw new IllegalArgumentException("cannot set floating point values as " + vr);
            }
        }
        setBytes(tag, vr, b);
    }

    public void setBytes(int tag, VR vr, byte[] v) {
        set(DicomElement.ofBytes(tag, vr, v));
    }

    public void setSequence(int tag, List<Attributes> items) {
        set(DicomElement.ofItems(tag, items));
    }

    /** The Private Creator string that reserves the block of private tag {@code tag}, or null. */
    public String privateCreator(int tag) {
        int c = Tag.creatorOf(tag);
        return c == -1 ? null : getString(c);
    }

    /**
     * The tag of element {@code elementOffset} (0x00-0xFF) in the block reserved by {@code creator} in private
     * group {@code group}; reserves a new block when {@code create} is true and none exists, else returns -1.
     */
    public int privateTag(String creator, int group, int elementOffset, boolean create) {
        int free = -1;
        for (int e = 0x10; e <= 0xFF; e++) {
            int ct = Tag.of(group, e);
            String s = getString(ct);
            if (s == null) {
                if (free == -1 && !contains(ct)) {
                    free = e;
                }
            } else if (s.equals(creator)) {
                return Tag.of(group, e << 8 | (elementOffset & 0xFF));
            }
        }
        if (!create || free == -1) {
            return -1;
        }
        setString(Tag.of(group, free), VR.LO, creator);
        return Tag.of(group, free << 8 | (elementOffset & 0xFF));
    }

    /** Deep copy of the structure (items are copied; byte arrays and fragments are shared, being treated as immutable). */
    /**
     * For a sequence item read from a file or stream: the offset of its Item tag there (what DICOMDIR record offsets
     * point to); -1 for a data set, an item built in memory, or one read from deflated data. Copies keep it.
     */
    public long itemOffset() {
        return itemOffset;
    }

    void setItemOffset(long offset) {
        itemOffset = offset;
    }

    public Attributes copy() {
        Attributes c = new Attributes(Math.max(4, size));
        c.itemOffset = itemOffset;
        for (int i = 0; i < size; i++) {
            DicomElement e = elements[i];
            List<Attributes> items = e.items();
            if (items != null) {
                List<Attributes> copies = new ArrayList<>(items.size());
                for (Attributes item : items) {
                    copies.add(item.copy());
                }
                DicomElement n = DicomElement.ofItems(e.tag(), copies);
                c.tags[c.size] = e.tag();
                c.elements[c.size++] = e.vr() == VR.SQ ? n : n.withVr(e.vr());
            } else {
                c.tags[c.size] = e.tag();
                c.elements[c.size++] = e;
            }
        }
        return c;
    }

    /** Adds all elements of {@code other}, replacing those with the same tag. */
    public void addAll(Attributes other) {
        for (DicomElement e : other) {
            set(e);
        }
    }

    /** Same tags with the same values (see DicomElement.sameValue), recursively. */
    public boolean sameValues(Attributes o) {
        if (o == null || o.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (tags[i] != o.tags[i] || !elements[i].sameValue(o.elements[i])) {
                return false;
            }
        }
        return true;
    }

    /** Tags present in ascending order. */
    public int[] tags() {
        return Arrays.copyOf(tags, size);
    }

    /** Appends when the tag is larger than the last (the reader's common case), otherwise inserts in order. */
    void add(DicomElement e) {
        if (size > 0 && Integer.compareUnsigned(tags[size - 1], e.tag()) >= 0) {
            set(e);
            return;
        }
        if (size == tags.length) {
            int n = size * 2;
            tags = Arrays.copyOf(tags, n);
            elements = Arrays.copyOf(elements, n);
        }
        tags[size] = e.tag();
        elements[size++] = e;
    }

    @Override
    public Iterator<DicomElement> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < size;
            }

            @Override
            public DicomElement next() {
                if (i >= size) {
                    throw new NoSuchElementException();
                }
                return elements[i++];
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(elements[i]).append('\n');
        }
        return sb.toString();
    }
}
