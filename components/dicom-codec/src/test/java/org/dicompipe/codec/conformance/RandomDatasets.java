package org.dicompipe.codec.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomParseException;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.VR;
import org.dicompipe.codec.dict.DataDictionary;
import org.dicompipe.codec.dict.DictionaryEntry;

/**
 * Random but valid data sets for write-then-read properties: public attributes of every VR (tags taken from
 * the corpus and the dictionary, with their dictionary VR so implicit VR encodings can recover it), private
 * blocks with their creator (explicit VR only: implicit VR cannot carry a private VR), nested sequences, empty
 * values, multi-valued strings, and text in the default repertoire, Latin-1 or UTF-8.
 */
final class RandomDatasets {
    /** Attributes the generator sets itself or that have a structural role. */
    private static final TreeSet<Integer> RESERVED = new TreeSet<>(List.of(
            0x00080005, 0x00080016, 0x00080018, 0x7FE00010, 0x7FE00008, 0x7FE00009, 0xFFFCFFFC));
    /** Keywords for the VRs the corpus lacks. */
    private static final List<String> RARE = List.of("SelectorSVValue", "SelectorUVValue", "SelectorOVValue",
            "LongPrimitivePointIndexList", "DoublePointCoordinatesData", "VectorGridData", "LongCodeValue",
            "CodingSchemeURL", "RetrieveURL", "DimensionIndexPointer", "RecommendedDisplayFrameRateInFloat",
            "EventTimeOffset", "ReferencePixelX0", "TagAngleSecondAxis", "AcquisitionDateTime", "PatientAge",
            "StrainAdditionalInformation", "InstitutionAddress", "RetrieveAETitle", "PixelDataProviderURL");
    private static final String LATIN1 = "ÄÖÜäöüßéèêçñøåÆØÅ¿¡";
    private static final String UNICODE = "ÄöüßéçñøŁżĆ東京都日本語한국어中文Ωλ";

    private static volatile Map<VR, List<Integer>> pool;

    private final Random random;
    private final boolean explicit;
    private final String charset;

    private RandomDatasets(long seed, String transferSyntax) {
        this.random = new Random(seed);
        this.explicit = !UID.ImplicitVRLittleEndian.equals(transferSyntax);
        String[] charsets = {null, "ISO_IR 100", "ISO_IR 192"};
        this.charset = charsets[random.nextInt(charsets.length)];
    }

    /** A data set for {@code transferSyntax}, the same for the same seed. */
    static Attributes generate(long seed, String transferSyntax) {
        RandomDatasets g = new RandomDatasets(seed, transferSyntax);
        Attributes a = g.dataset(0);
        if (g.charset != null) {
            a.setString(0x00080005, VR.CS, g.charset);
        }
        a.setString(0x00080016, VR.UI, UID.SecondaryCaptureImageStorage);
        a.setString(0x00080018, VR.UI, "2.25." + Long.toUnsignedString(seed) + "1");
        return a;
    }

    private Attributes dataset(int depth) {
        Attributes a = new Attributes();
        int n = random.nextInt(depth == 0 ? 30 : 8) + 1;
        Map<VR, List<Integer>> tags = pool();
        List<VR> vrs = new ArrayList<>(tags.keySet());
        for (int i = 0; i < n; i++) {
            VR vr = vrs.get(random.nextInt(vrs.size()));
            if (vr == VR.SQ && depth >= 3) {
                continue;
            }
            List<Integer> candidates = tags.get(vr);
            int tag = candidates.get(random.nextInt(candidates.size()));
            set(a, tag, vr, depth);
        }
        if (explicit && random.nextInt(3) == 0) {
            privateBlock(a, depth);
        }
        return a;
    }

    private void privateBlock(Attributes a, int depth) {
        int group = 0x0009 + 2 * random.nextInt(8);
        int block = 0x10 + random.nextInt(0xF0);
        a.setString(Tag.of(group, block), VR.LO, "DICOMPIPE FUZZ " + random.nextInt(100));
        VR[] vrs = {VR.LO, VR.SH, VR.US, VR.SL, VR.FD, VR.OB, VR.UN, VR.DS, VR.SQ, VR.UT, VR.PN};
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            VR vr = vrs[random.nextInt(vrs.length)];
            if (vr == VR.SQ && depth >= 3) {
                continue;
            }
            set(a, Tag.of(group, block << 8 | random.nextInt(0x100)), vr, depth);
        }
    }

    private void set(Attributes a, int tag, VR vr, int depth) {
        if (vr == VR.SQ) {
            List<Attributes> items = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                items.add(random.nextInt(6) == 0 ? new Attributes() : dataset(depth + 1));
            }
            a.setSequence(tag, items);
        } else if (vr.isString()) {
            a.setString(tag, vr, strings(vr));
        } else {
            a.setBytes(tag, vr, bytes(vr));
        }
    }

    private String[] strings(VR vr) {
        if (random.nextInt(10) == 0) {
            return new String[0];
        }
        boolean single = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
        int n = single ? 1 : 1 + (random.nextInt(4) == 0 ? random.nextInt(5) : 0);
        String[] v = new String[n];
        boolean allEmpty = true;
        for (int i = 0; i < n; i++) {
            v[i] = n > 1 && random.nextInt(6) == 0 ? "" : value(vr);
            allEmpty &= v[i].isEmpty();
        }
        // "" and no value encode the same (zero length): generate the canonical form
        return allEmpty ? new String[0] : v;
    }

    private String value(VR vr) {
        switch (vr) {
            case AE: return word("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 1, 16);
            case AS: return String.format("%03d%c", random.nextInt(1000), "DWMY".charAt(random.nextInt(4)));
            case CS: return word("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", 1, 16);
            case DA: return String.format("%04d%02d%02d", 1900 + random.nextInt(200), 1 + random.nextInt(12), 1 + random.nextInt(28));
            case TM: return String.format("%02d%02d%02d.%d", random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000000));
            case DT: return String.format("%04d%02d%02d%02d%02d%02d.%06d", 1900 + random.nextInt(200), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000000));
            case DS: return decimal();
            case IS: return Integer.toString(random.nextInt());
            case UI: return "1.2." + (1 + random.nextInt(999)) + "." + Long.toUnsignedString(random.nextLong());
            case UR: return "http://example.org/" + word("abcdefghij0123456789/", 1, 40);
            case PN: return personName();
            case LO: case SH: return text(vr == VR.SH ? 16 : 64, false);
            case UC: return text(200, false);
            case LT: case ST: case UT: return text(vr == VR.ST ? 1024 : 3000, true);
            default: throw new IllegalArgumentException("not a string VR: " + vr);
        }
    }

    private String decimal() {
        double d = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 4);
        String s = Double.toString(d);
        return s.length() <= 16 ? s : String.format(java.util.Locale.ROOT, "%.6g", d).strip();
    }

    private String personName() {
        StringBuilder pn = new StringBuilder();
        int groups = 1 + random.nextInt(charset == null ? 1 : 3);
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                pn.append('=');
            }
            int components = 1 + random.nextInt(5);
            for (int c = 0; c < components; c++) {
                if (c > 0) {
                    pn.append('^');
                }
                pn.append(letters(1, 10));
            }
        }
        return pn.toString();
    }

    /** Text without leading or trailing spaces (padding is not significant, so it does not survive a round trip). */
    private String text(int max, boolean multiLine) {
        StringBuilder s = new StringBuilder(letters(1, 8));
        int words = random.nextInt(Math.max(1, max / 10));
        while (words-- > 0 && s.length() < max - 12) {
            s.append(multiLine && random.nextInt(8) == 0 ? "\r\n" : " ");
            if (multiLine && random.nextInt(10) == 0) {
                s.append('\\');
            }
            s.append(letters(1, 8));
        }
        return s.toString();
    }

    private String letters(int min, int max) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-'"
                + (charset == null ? "" : "ISO_IR 100".equals(charset) ? LATIN1 : UNICODE);
        return word(alphabet, min, max);
    }

    private String word(String alphabet, int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private byte[] bytes(VR vr) {
        int width = vr == VR.OB || vr == VR.UN ? 1 : vr.width();
        int count = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(vr == VR.OB || vr.name().startsWith("O") || vr == VR.UN ? 300 : 4);
        byte[] b = new byte[count * width];
        random.nextBytes(b);
        return b;
    }

    /** Public tags by VR whose dictionary VR is exactly that VR (so implicit VR reading recovers it). */
    static Map<VR, List<Integer>> pool() {
        Map<VR, List<Integer>> p = pool;
        if (p == null) {
            Map<VR, TreeSet<Integer>> found = new EnumMap<>(VR.class);
            for (PydicomCorpus.CorpusFile f : PydicomCorpus.files()) {
                try {
                    collect(DicomReader.read(f.path(), ReadOptions.defaults().stopBeforePixelData()).dataset(), found);
                } catch (DicomParseException damaged) {
                    // skip
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            for (String keyword : RARE) {
                Integer tag = DataDictionary.tagOf(keyword);
                if (tag != null) {
                    add(tag, found);
                }
            }
            p = new EnumMap<>(VR.class);
            for (Map.Entry<VR, TreeSet<Integer>> e : found.entrySet()) {
                p.put(e.getKey(), new ArrayList<>(e.getValue()));
            }
            pool = p;
        }
        return p;
    }

    private static void collect(Attributes a, Map<VR, TreeSet<Integer>> found) {
        for (DicomElement e : a) {
            add(e.tag(), found);
            if (e.items() != null) {
                for (Attributes item : e.items()) {
                    collect(item, found);
                }
            }
        }
    }

    private static void add(int tag, Map<VR, TreeSet<Integer>> found) {
        if (Tag.isPrivate(tag) || Tag.group(tag) <= 0x0002 || Tag.element(tag) == 0 || RESERVED.contains(tag)
                || Tag.group(tag) >= 0x7FE0) {
            return;
        }
        DictionaryEntry entry = DataDictionary.lookup(tag);
        if (entry == null || entry.retired() || entry.tag() != tag || !entry.vr().matches("[A-Z][A-Z]")) {
            return;
        }
        found.computeIfAbsent(VR.of(entry.vr()), k -> new TreeSet<>()).add(tag);
    }
}
