package org.dicompipe.codec.dict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dicompipe.codec.VR;

/**
 * The standard DICOM data dictionary, loaded once (on first use, thread-safe through class initialisation)
 * from {@code dictionary.tsv}, which {@code scripts/gen-dictionary.py} generates from dcmtk's {@code dicom.dic}.
 *
 * <p>Exact tags are answered from a hash map; repeating groups (50xx, 60xx, 7Fxx), element ranges
 * (0020,31xx) and the generic rules (any group length is UL, a private creator is LO) from a short list
 * of masked entries, narrowest first. Private data elements other than creators are looked up by their block's
 * creator in a separate dictionary of vendors' attributes ({@link #lookupPrivate}).
 */
public final class DataDictionary {

    static final String RESOURCE = "dictionary.tsv";

    private DataDictionary() {
    }

    /** The entry for {@code tag}, or null if the standard does not define it. */
    public static DictionaryEntry lookup(int tag) {
        Known k = find(tag);
        if (k == null) {
            return null;
        }
        return k.range == null ? k.entry : new DictionaryEntry(tag, k.entry.keyword(), k.entry.vr(), k.entry.vm(),
                k.entry.retired());
    }

    /** The tag of a keyword (exact tags only, not repeating groups), or null if unknown. */
    public static Integer tagOf(String keyword) {
        return Tables.BY_KEYWORD.get(keyword);
    }

    /** The keyword of {@code tag}, or null if the standard does not define it. */
    public static String keywordOf(int tag) {
        Known k = find(tag);
        return k == null ? null : k.entry.keyword();
    }

    /**
     * The VR to use for {@code tag} when the data does not say (implicit VR); {@link VR#UN} if unknown.
     * Ambiguous dictionary VRs map to the first choice: US for US-or-SS, OW for OB-or-OW, pixel data and
     * LUT data, UL for directory offsets; the raw code stays in {@link DictionaryEntry#vr()}.
     */
    public static VR vrOf(int tag) {
        Known k = find(tag);
        return k == null ? VR.UN : k.vr;
    }

    /**
     * The entry for private data element {@code tag} in the block reserved by {@code creator} (the value of the
     * block's Private Creator element, e.g. {@code "SIEMENS CSA HEADER"}), from dcmtk's private dictionary; null if
     * the tag is not a private data element or neither the creator nor the element offset is known there.
     * The entry's {@code tag} is the looked-up tag, its keyword dcmtk's name for the attribute.
     */
    public static DictionaryEntry lookupPrivate(String creator, int tag) {
        return PrivateDictionary.lookup(creator, tag);
    }

    /**
     * The VR of a private data element whose data does not say (implicit VR): the private dictionary's, with the
     * ambiguous codes mapped as in {@link #vrOf}; {@link VR#UN} if unknown.
     */
    public static VR vrOfPrivate(String creator, int tag) {
        DictionaryEntry e = PrivateDictionary.lookup(creator, tag);
        return e == null ? VR.UN : firstChoice(e);
    }

    /** Number of exact and masked entries; for diagnostics and tests. */
    public static int size() {
        return Tables.EXACT.size() + Tables.MASKED.size();
    }

    private static Known find(int tag) {
        Known k = Tables.EXACT.get(tag);
        if (k != null) {
            return k;
        }
        for (Known m : Tables.MASKED) {
            if (m.range.contains(tag)) {
                return m;
            }
        }
        return null;
    }

    private static VR firstChoice(DictionaryEntry e) {
        List<VR> choices = e.vrChoices();
        return choices.isEmpty() ? VR.UN : choices.get(0);
    }

    private record Known(DictionaryEntry entry, VR vr, TagRange range) {
    }

    /** Holder so the resource is parsed on first use, exactly once. */
    private static final class Tables {
        static final Map<Integer, Known> EXACT = new HashMap<>(8192);
        static final Map<String, Integer> BY_KEYWORD = new HashMap<>(8192);
        static final List<Known> MASKED = new ArrayList<>();

        static {
            TsvResource.forEachRow(RESOURCE, 5, Tables::add);
            MASKED.sort(Comparator.comparingLong(k -> k.range.span()));
        }

        private static void add(String[] f) {
            boolean retired = "R".equals(f[4]);
            if (f[0].length() == 8 && f[0].indexOf(',') < 0) {
                int tag = (int) Long.parseLong(f[0], 16);
                DictionaryEntry e = new DictionaryEntry(tag, f[1], f[2], f[3], retired);
                EXACT.put(tag, new Known(e, firstChoice(e), null));
                BY_KEYWORD.put(f[1], tag);
            } else {
                TagRange range = TagRange.parse(f[0]);
                DictionaryEntry e = new DictionaryEntry((range.groupLow() << 16) | range.elementLow(), f[1], f[2],
                        f[3], retired);
                MASKED.add(new Known(e, firstChoice(e), range));
            }
        }
    }
}
