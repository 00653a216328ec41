package org.dicompipe.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Header-only and full parse, from memory (so the disk is not measured), on pydicom's test files and on one
 * synthetic 512x512 16-bit CT slice ({@link SyntheticStudy}). Corpus benchmarks parse one file per operation,
 * round robin over the files the codec reads without error, so their score is files per second.
 *
 * <pre>  java -jar bench/target/benchmarks.jar CodecBenchmark [-p corpusDir=DIR]</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    private static final ReadOptions HEADER = ReadOptions.defaults().stopBeforePixelData();
    private static final ReadOptions FULL = ReadOptions.defaults();

    /** pydicom's data directory (Debian python3-pydicom); every file under it the codec can read is used. */
    @Param("/usr/lib/python3/dist-packages/pydicom/data")
    public String corpusDir;

    private byte[][] corpus;
    private byte[] ctSlice;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        List<byte[]> readable = new ArrayList<>();
        for (Path f : CorpusFiles.expand(List.of(corpusDir))) {
            String name = f.getFileName().toString();
            if (name.matches(".*\\.(txt|json|gz|py|pyc|dump|md)$") || name.startsWith("README")) {
                continue;
            }
            byte[] b = Files.readAllBytes(f);
            try {
                DicomReader.read(new ByteArrayInputStream(b), FULL);
                readable.add(b);
            } catch (IOException notDicomOrDamaged) {
                // the corpus holds deliberately broken files; the benchmark measures the good ones
            }
        }
        if (readable.isEmpty()) {
            throw new IllegalStateException("no readable DICOM files under " + Paths.get(corpusDir));
        }
        corpus = readable.toArray(new byte[0][]);
        ctSlice = SyntheticStudy.withSeed(1).size(512, 512).bitsAllocated(16).toPart10(0);
    }

    private byte[] nextFile() {
        byte[] b = corpus[next];
        next = next + 1 == corpus.length ? 0 : next + 1;
        return b;
    }

    @Benchmark
    public DicomFile headerParseCorpus() throws IOException {
        return DicomReader.read(new ByteArrayInputStream(nextFile()), HEADER);
    }

    @Benchmark
    public DicomFile fullParseCorpus() throws IOException {
        return DicomReader.read(new ByteArrayInputStream(nextFile()), FULL);
    }

    @Benchmark
    public DicomFile headerParseCtSlice() throws IOException {
        return DicomReader.read(new ByteArrayInputStream(ctSlice), HEADER);
    }

    @Benchmark
    public DicomFile fullParseCtSlice() throws IOException {
        return DicomReader.read(new ByteArrayInputStream(ctSlice), FULL);
    }
}
