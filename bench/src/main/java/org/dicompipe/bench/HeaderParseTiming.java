package org.dicompipe.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;

/**
 * The codec side of bench/codec.sh: parses the headers of the given files (from disk, up to the pixel data, as
 * pydicom's {@code dcmread(stop_before_pixels=True)} does) a number of times and prints the rate.
 *
 * <pre>
 *   HeaderParseTiming [--rounds N] [--warmup N] FILE|DIR|@LIST...   prints "codec files=F seconds=S files_per_s=R"
 *       warm-up: N rounds, and at least 20000 parses so the JIT has compiled the reader (0 = none)
 *   HeaderParseTiming --readable FILE|DIR|@LIST...                   prints the files the codec reads without error
 * </pre>
 */
public final class HeaderParseTiming {
    private static final ReadOptions HEADER = ReadOptions.defaults().stopBeforePixelData();

    private HeaderParseTiming() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = 1;
        int warmup = 1;
        boolean readable = false;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--readable": readable = true; break;
                default: inputs.add(args[i]);
            }
        }
        List<Path> files = CorpusFiles.expand(inputs);
        if (readable) {
            printReadable(files);
            return;
        }
        long sink = 0;
        int warmupRounds = warmup == 0 ? 0 : Math.max(warmup, (20_000 + files.size() - 1) / Math.max(1, files.size()));
        for (int r = 0; r < warmupRounds; r++) {
            sink += parseAll(files);
        }
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            sink += parseAll(files);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long parsed = (long) files.size() * rounds;
        System.out.printf(Locale.ROOT, "codec files=%d seconds=%.3f files_per_s=%.1f (elements seen: %d)%n",
                parsed, seconds, parsed / seconds, sink);
    }

    private static long parseAll(List<Path> files) throws IOException {
        long elements = 0;
        for (Path f : files) {
            DicomFile df = DicomReader.read(f, HEADER);
            elements += df.dataset().size();
        }
        return elements;
    }

    private static void printReadable(List<Path> files) {
        for (Path f : files) {
            try {
                DicomReader.read(f, HEADER);
                System.out.println(f);
            } catch (IOException e) {
                System.err.println("codec cannot read " + f + ": " + e.getMessage());
            }
        }
    }
}
