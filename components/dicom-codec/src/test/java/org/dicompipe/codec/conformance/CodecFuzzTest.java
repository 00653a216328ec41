package org.dicompipe.codec.conformance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomParseException;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.codec.json.JsonOptions;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Two properties. First, mutated corpus files (bit flips, byte replacements, truncations, bogus lengths such as 0xFFFFFFF0 in real
 * length fields, duplicated and deleted chunks, swapped VRs) must parse, and convert to DICOM JSON, or fail
 * with {@link DicomParseException} — never another throwable, never a hang, and never an allocation sized by
 * a bogus length instead of by the input (measured per call with the thread's allocation counter).
 * Second, random data sets ({@link RandomDatasets}) written in each uncompressed transfer syntax read back
 * with equal values, and dcmdump accepts a sample of the written files without a warning.
 */
class CodecFuzzTest {
    /** Issue 2 asks for at least this many inputs per CI run. */
    static final int INPUTS = 100_000;
    /** Hang guard, not a timing assertion: a try normally takes well under a millisecond. */
    private static final long HANG_LIMIT_MILLIS = 20_000;
    /** Generous: 32 MiB plus the largest expansion deflate allows (about 1032:1), per byte of input. */
    private static final long ALLOCATION_BASE = 32L << 20;
    private static final long ALLOCATION_PER_INPUT_BYTE = 1100;

    private static final int RANDOM_DATASETS = 2_000;
    /** Every n-th written random data set is also checked with dcmdump (a process per file is slow). */
    private static final int DCMDUMP_EVERY = 25;

    private static final AtomicLong TRIED = new AtomicLong();
    private static final AtomicLong WRITTEN = new AtomicLong();
    private static Path scratch;
    private static final AtomicLong PARSED = new AtomicLong();
    private static Bounded bounded;
    private static List<FuzzSeeds.Seed> seeds;

    /** How the mutated bytes are handed to the codec. */
    enum Mode {
        BYTES_LOAD_ALL, STREAM_BULK_THRESHOLD_64, STREAM_STOP_BEFORE_PIXELS,
        /** A stream that hands out 1 to 7 bytes per read call, as sockets do: exercises every buffer refill. */
        TRICKLING_STREAM
    }

    /** One generated input: a seed, what was done to it, and how it is read. */
    record Input(int seed, List<Mutation> mutations, Mode mode) {
        byte[] bytes() {
            FuzzSeeds.Seed s = seeds.get(seed);
            byte[] b = s.bytes();
            for (Mutation m : mutations) {
                b = m.apply(b, s.valueOffsets());
            }
            return b;
        }

        @Override
        public String toString() {
            byte[] b = bytes();
            return seeds.get(seed).name() + " " + mutations + " " + mode + " (" + b.length + " bytes, base64 "
                    + (b.length <= 8192 ? Base64.getEncoder().encodeToString(b) : "omitted") + ")";
        }
    }

    @BeforeContainer
    static void loadSeeds() throws IOException {
        seeds = FuzzSeeds.all();
        scratch = Files.createTempDirectory("codec-fuzz");
        bounded = new Bounded(HANG_LIMIT_MILLIS);
    }

    @AfterContainer
    static void enoughInputsWereTried() throws IOException {
        if (bounded != null) {
            bounded.close();
        }
        if (scratch != null) {
            Files.deleteIfExists(scratch);
        }
        if (TRIED.get() < INPUTS) {
            throw new AssertionError("only " + TRIED.get() + " fuzz inputs were tried, at least " + INPUTS + " are required");
        }
        // a fuzzer whose every input fails at byte 0 tests nothing: many mutated inputs must still parse
        if (PARSED.get() < INPUTS / 20) {
            throw new AssertionError("only " + PARSED.get() + " of " + TRIED.get() + " fuzz inputs parsed; the mutations are too destructive");
        }
    }

    @Property(tries = INPUTS, edgeCases = EdgeCasesMode.NONE)
    void mutatedFilesParseOrFailWithDicomParseException(@ForAll("inputs") Input input) throws Throwable {
        TRIED.incrementAndGet();
        byte[] data = input.bytes();
        long allocated;
        try {
            allocated = bounded.call(() -> parseAndConvert(data, input.mode()));
        } catch (DicomParseException expected) {
            Statistics.label("outcome").collect("DicomParseException");
            return;
        } catch (Bounded.HangException hang) {
            throw new AssertionError("the codec hangs on " + input, hang);
        } catch (Throwable other) {
            throw new AssertionError("the codec threw " + other + " (only DicomParseException is allowed) on " + input, other);
        }
        PARSED.incrementAndGet();
        Statistics.label("outcome").collect("parsed and converted to JSON");
        long limit = ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * data.length;
        if (allocated > limit) {
            throw new AssertionError("the codec allocated " + allocated + " bytes for a " + data.length
                    + "-byte input (limit " + limit + "): a length was trusted over the input on " + input);
        }
    }

    /** Parses and converts to JSON (what the CLI's "json" command does); returns the bytes this thread allocated. */
    private static long parseAndConvert(byte[] data, Mode mode) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        DicomFile f;
        switch (mode) {
            case BYTES_LOAD_ALL:
                f = DicomReader.read(data);
                break;
            case STREAM_BULK_THRESHOLD_64:
                f = DicomReader.read(new ByteArrayInputStream(data), ReadOptions.defaults().withBulkDataThreshold(64));
                break;
            case STREAM_STOP_BEFORE_PIXELS:
                f = DicomReader.read(new ByteArrayInputStream(data), ReadOptions.defaults().stopBeforePixelData());
                break;
            default:
                f = DicomReader.read(new TricklingInputStream(data), ReadOptions.defaults());
        }
        DicomJson.toJson(f.fileMeta(), JsonOptions.inlineAll());
        DicomJson.toJson(f.dataset(), JsonOptions.inlineAll());
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    @Property(tries = RANDOM_DATASETS)
    void randomDatasetsWrittenAndReadBackAreEqual(@ForAll long seed, @ForAll("transferSyntaxes") String ts) throws Exception {
        Attributes original = RandomDatasets.generate(seed, ts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.write(original, ts, out);
        byte[] written = out.toByteArray();
        DicomFile reread;
        try {
            // half of them through a stream that delivers a few bytes per read, as a socket would
            reread = (seed & 1) == 0 ? DicomReader.read(written)
                    : DicomReader.read(new TricklingInputStream(written), ReadOptions.defaults());
        } catch (DicomParseException e) {
            throw new AssertionError("the codec cannot read what it wrote (seed " + seed + ", " + ts + "): " + e.getMessage(), e);
        }
        if (!ts.equals(reread.transferSyntaxUid())) {
            throw new AssertionError("written as " + ts + ", read as " + reread.transferSyntaxUid());
        }
        List<String> differences = ValueComparison.differences(original, reread.dataset());
        if (!differences.isEmpty()) {
            throw new AssertionError("seed " + seed + ", " + ts + ":\n  " + String.join("\n  ", differences));
        }
        if (WRITTEN.incrementAndGet() % DCMDUMP_EVERY == 0) {
            Dcmdump.Result dump = Dcmdump.run(written, scratch);
            if (!dump.clean()) {
                throw new AssertionError("seed " + seed + ", " + ts + ": " + dump.problems());
            }
        }
    }

    /** Returns at most a few bytes per call, never filling a caller's buffer in one go. */
    static final class TricklingInputStream extends ByteArrayInputStream {
        private int calls;

        TricklingInputStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + (calls++ % 7)));
        }
    }

    @Provide
    Arbitrary<String> transferSyntaxes() {
        return Arbitraries.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.ExplicitVRBigEndian,
                UID.DeflatedExplicitVRLittleEndian);
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, FuzzSeeds.all().size() - 1);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(seed, mutations, Arbitraries.of(Mode.class)).as(Input::new);
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> position = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 1 << 16);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<String> vr = Arbitraries.oneOf(
                Arbitraries.of("SQ", "UN", "OB", "OW", "UT", "US", "FD", "AT", "PN", "LO", "SV", "OV", "UC", "UR"),
                Arbitraries.strings().withCharRange('A', 'Z').ofLength(2),
                Arbitraries.strings().withCharRange('\0', '\u00ff').ofLength(2));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(position, Arbitraries.integers().between(0, 7)).as(Mutation.BitFlip::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(position, Arbitraries.bytes()).as(Mutation.ByteSet::new)),
                net.jqwik.api.Tuple.of(2, position.map(Mutation.Truncate::new)),
                net.jqwik.api.Tuple.of(5, Combinators.combine(position, small, flag, flag).as(Mutation.LengthField::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(position, small, flag).as(Mutation.LengthAnywhere::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(position, small).as(Mutation.InsertLength::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(position, small, position).as(Mutation.DuplicateChunk::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(position, small).as(Mutation.DeleteChunk::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(position, vr).as(Mutation.VrSwap::new)));
    }
}
