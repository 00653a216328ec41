package org.dicompipe.codec.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomParseException;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;

/**
 * The starting points of the fuzz test: every corpus file, cut to its first {@value #HEAD} bytes so that a
 * try is cheap (for the small files, most of the corpus, that is the whole file), with the offsets where the
 * codec found element values, so mutations can aim at length fields.
 */
final class FuzzSeeds {
    static final int HEAD = 6 * 1024;

    /** A seed: its bytes and the ascending offsets just past each element header (= its value's first byte). */
    record Seed(String name, byte[] bytes, int[] valueOffsets) {
    }

    private static volatile List<Seed> cached;

    private FuzzSeeds() {
    }

    static List<Seed> all() {
        List<Seed> seeds = cached;
        if (seeds == null) {
            seeds = new ArrayList<>();
            for (PydicomCorpus.CorpusFile f : PydicomCorpus.files()) {
                try {
                    byte[] content = Files.readAllBytes(f.path());
                    byte[] head = Arrays.copyOf(content, Math.min(HEAD, content.length));
                    seeds.add(new Seed(f.name(), head, valueOffsets(content, head.length)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            cached = seeds;
        }
        return seeds;
    }

    private static int[] valueOffsets(byte[] content, int limit) {
        List<Integer> offsets = new ArrayList<>();
        try {
            DicomFile f = DicomReader.read(content, ReadOptions.defaults());
            collect(f.fileMeta(), offsets, limit);
            collect(f.dataset(), offsets, limit);
        } catch (DicomParseException damaged) {
            // a damaged seed is still a good seed; mutations then hit random positions only
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return offsets.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }

    private static void collect(Attributes a, List<Integer> offsets, int limit) {
        for (DicomElement e : a) {
            if (e.valueOffset() > 0 && e.valueOffset() < limit) {
                offsets.add((int) e.valueOffset());
            }
            if (e.items() != null) {
                for (Attributes item : e.items()) {
                    collect(item, offsets, limit);
                }
            }
        }
    }
}
