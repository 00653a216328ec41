package org.dicompipe.codec.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomParseException;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.json.BulkDataUriBuilder;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.codec.json.JsonOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file pydicom ships for its own tests: the codec's DICOM JSON (file meta and data set) must equal what
 * pydicom's {@code to_json_dict()} gives, compared semantically by {@link DicomJsonComparator}, both with every
 * value loaded and with large values left in the file as BulkDataURIs; a file pydicom
 * cannot read must make the codec throw {@link DicomParseException}. Differences are accepted only through
 * {@code conformance/allow-list.tsv}, whose entries must all still occur. Elements that pydicom itself cannot
 * convert to JSON are pydicom's limitation: they are listed in {@code conformance/pydicom-limitations.tsv}
 * (checked the same way) and not compared. Truncated copies of every file are checked too (see
 * {@link #truncatedCopiesAreRejectedWhenPydicomRejectsThem()}). All of pydicom's side comes from one python process.
 */
class PydicomConformanceTest {
    /** A file has one tag per difference; outcome differences with no tag use this one. */
    static final String NO_TAG = "FFFFFFFF";
    private static final int ALLOW_LIST_LIMIT = 10;
    private static final int BULK_THRESHOLD = 256;

    @TempDir
    static Path work;

    private static final AllowList ALLOWED = AllowList.load("/conformance/allow-list.tsv");
    private static final AllowList PYDICOM_LIMITS = AllowList.load("/conformance/pydicom-limitations.tsv");
    private static final Map<String, FileVerdict> VERDICTS = new TreeMap<>();
    private static Map<String, PydicomReference.Result> reference;

    /** The outcome for one file: the differences not allow-listed, or a throwable the codec must never throw. */
    record FileVerdict(List<Difference> unexpected, List<Difference> allowed, Throwable foreignThrowable) {
    }

    /** Truncated copies of the corpus files: name -> what is wrong with the codec's outcome, "" when nothing. */
    private static final Map<String, String> TRUNCATION_VERDICTS = new TreeMap<>();
    private static final String TRUNCATED = "truncated/";
    private static int pydicomRejectedCopies;
    /** Copies the codec wrote (in the source's transfer syntax): name -> what pydicom sees differently, "" when nothing. */
    private static final Map<String, String> WRITTEN_VERDICTS = new TreeMap<>();
    private static final String WRITTEN = "written/";

    @BeforeAll
    static void compareEveryFile() throws IOException {
        List<PydicomCorpus.CorpusFile> files = PydicomCorpus.files();
        List<PydicomCorpus.CorpusFile> truncated = truncatedCopies(files, work.resolve("truncated"));
        List<PydicomCorpus.CorpusFile> written = writtenCopies(files, work.resolve("written"));
        List<PydicomCorpus.CorpusFile> all = new ArrayList<>(files);
        all.addAll(truncated);
        all.addAll(written);
        Map<String, PydicomReference.Result> results = PydicomReference.run(all, work);
        reference = new TreeMap<>(results);
        reference.keySet().removeIf(name -> name.startsWith(TRUNCATED) || name.startsWith(WRITTEN));
        for (PydicomCorpus.CorpusFile f : written) {
            WRITTEN_VERDICTS.put(f.name(), writtenVerdict(f, results.get(f.name())));
        }
        try (Bounded bounded = new Bounded(30_000)) {
            for (PydicomCorpus.CorpusFile f : files) {
                VERDICTS.put(f.name(), verdict(f, reference.get(f.name()), bounded));
            }
            for (PydicomCorpus.CorpusFile f : truncated) {
                TRUNCATION_VERDICTS.put(f.name(), truncationVerdict(f, results.get(f.name()), bounded));
                if (!results.get(f.name()).readable()) {
                    pydicomRejectedCopies++;
                }
            }
        }
        writeReport(Path.of("target", "conformance", "pydicom-report.txt"));
    }

    /**
     * Each corpus file cut after a third, after two thirds, and one byte short of its end. pydicom's verdict on
     * damaged input is lenient (it returns what it got when a value is cut short), so only its rejections are a
     * reference: a copy pydicom cannot read must make the codec throw DicomParseException. A copy one byte short
     * always ends inside a value (a data set is a whole number of elements of even length), so the codec must
     * reject it whatever pydicom does.
     */
    @TestFactory
    Stream<DynamicTest> truncatedCopiesAreRejectedWhenPydicomRejectsThem() {
        return TRUNCATION_VERDICTS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            if (!e.getValue().isEmpty()) {
                fail(e.getKey() + ": " + e.getValue());
            }
        }));
    }

    /**
     * The writer checked by a second reader: pydicom must read every file the codec wrote (in the source's
     * transfer syntax) and see the same data set as in the original. Not compared: group lengths, which a writer
     * recomputes; the VR of encapsulated Pixel Data, written as OB where a source said OW (PS3.5 A.4); DICOMDIR
     * record offsets, which move with the records (checked as links by DcmtkRoundTripTest). pydicom follows those
     * offsets when it reads a DICOMDIR, so a stale one makes it fail here.
     */
    @TestFactory
    Stream<DynamicTest> pydicomReadsTheSameDataSetFromWhatTheCodecWrote() {
        return WRITTEN_VERDICTS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            if (!e.getValue().isEmpty()) {
                fail(e.getKey() + ":\n  " + e.getValue());
            }
        }));
    }

    private static List<PydicomCorpus.CorpusFile> writtenCopies(List<PydicomCorpus.CorpusFile> files, Path dir) throws IOException {
        List<PydicomCorpus.CorpusFile> copies = new ArrayList<>();
        for (PydicomCorpus.CorpusFile f : files) {
            DicomFile original;
            try {
                original = DicomReader.read(f.path(), ReadOptions.defaults());
            } catch (DicomParseException damaged) {
                continue; // reported by codecJsonEqualsPydicomJson
            }
            Path copy = dir.resolve(f.name());
            Files.createDirectories(copy.getParent());
            try (java.io.OutputStream out = Files.newOutputStream(copy)) {
                DicomWriter.write(original, out);
            }
            copies.add(new PydicomCorpus.CorpusFile(WRITTEN + f.name(), copy));
        }
        return copies;
    }

    private static String writtenVerdict(PydicomCorpus.CorpusFile copy, PydicomReference.Result ofCopy) {
        String originalName = copy.name().substring(WRITTEN.length());
        PydicomReference.Result ofOriginal = reference.get(originalName);
        if (!ofCopy.readable()) {
            return "pydicom cannot read the file the codec wrote: " + ofCopy.error();
        }
        Set<String> skip = new java.util.HashSet<>(ofOriginal.unconvertible(false));
        skip.addAll(ofCopy.unconvertible(false));
        for (String key : ofOriginal.dataset().keySet()) {
            if (key.endsWith("0000")) {
                skip.add(key); // group length
            }
        }
        for (String key : ofCopy.dataset().keySet()) {
            if (key.endsWith("0000")) {
                skip.add(key);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Difference d : DicomJsonComparator.compare(originalName, ofOriginal.dataset(), ofCopy.dataset(), skip, tag -> true)) {
            boolean pixelDataToOb = d.tag().equals("7FE00010") && d.what().equals("vr: pydicom OW, codec OB");
            // DICOMDIR record offsets move with the records; DcmtkRoundTripTest checks they point at the same records
            boolean recordOffset = d.path().matches(".*\\(0004,(1200|1202|1400|1420)\\) Value\\[0\\]$");
            if (!pixelDataToOb && !recordOffset) {
                // the comparator says "pydicom" for the original and "codec" for the written copy
                problems.add(d.path() + ": " + d.what().replace("pydicom", "original").replace("codec", "written"));
            }
        }
        return String.join("\n  ", problems);
    }

    /** pydicom 2.3.1 rejects 47 of the 546 copies; without such cases the test above would check little. */
    @Test
    void pydicomRejectsEnoughTruncatedCopiesToBeAReference() {
        assertTrue(pydicomRejectedCopies >= 20, "pydicom rejected only " + pydicomRejectedCopies + " truncated copies");
    }

    private static List<PydicomCorpus.CorpusFile> truncatedCopies(List<PydicomCorpus.CorpusFile> files, Path dir) throws IOException {
        List<PydicomCorpus.CorpusFile> copies = new ArrayList<>();
        for (PydicomCorpus.CorpusFile f : files) {
            byte[] content = Files.readAllBytes(f.path());
            for (int cut : new int[] {content.length / 3, 2 * content.length / 3, content.length - 1}) {
                String name = TRUNCATED + f.name() + "@" + cut;
                Path copy = dir.resolve(f.name() + "@" + cut);
                Files.createDirectories(copy.getParent());
                Files.write(copy, java.util.Arrays.copyOf(content, cut));
                copies.add(new PydicomCorpus.CorpusFile(name, copy));
            }
        }
        return copies;
    }

    private static String truncationVerdict(PydicomCorpus.CorpusFile f, PydicomReference.Result ref, Bounded bounded) {
        boolean oneByteShort = f.name().endsWith("@" + (sizeOfOriginal(f) - 1)) && !deflated(original(f));
        try {
            bounded.call(() -> DicomJson.toJson(DicomReader.read(f.path(), ReadOptions.defaults()).dataset(), JsonOptions.inlineAll()));
        } catch (DicomParseException expected) {
            return "";
        } catch (Throwable t) {
            return "the codec threw " + t + " (only DicomParseException is allowed)";
        }
        if (!ref.readable()) {
            return "pydicom rejects it (" + ref.error() + ") but the codec reads it without DicomParseException";
        }
        return oneByteShort ? "one byte short of the original, yet the codec reads it without DicomParseException" : "";
    }

    private static PydicomCorpus.CorpusFile original(PydicomCorpus.CorpusFile truncatedCopy) {
        return PydicomCorpus.file(truncatedCopy.name().substring(TRUNCATED.length(), truncatedCopy.name().lastIndexOf('@')));
    }

    private static long sizeOfOriginal(PydicomCorpus.CorpusFile truncatedCopy) {
        try {
            return Files.size(original(truncatedCopy).path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The last bytes of a deflated data set can be the deflate stream's end marker alone, holding no element
     * (image_dfl.dcm: dcmdump lists the same data set with up to 7 bytes cut), so one byte short is not proof there.
     */
    private static boolean deflated(PydicomCorpus.CorpusFile f) {
        try {
            return UID.DeflatedExplicitVRLittleEndian.equals(
                    DicomReader.read(f.path(), ReadOptions.defaults().stopBeforePixelData()).transferSyntaxUid());
        } catch (IOException e) {
            return false;
        }
    }

    @TestFactory
    Stream<DynamicTest> codecJsonEqualsPydicomJson() {
        return PydicomCorpus.files().stream().map(f -> DynamicTest.dynamicTest(f.name(), f.path().toUri(), () -> {
            FileVerdict v = VERDICTS.get(f.name());
            if (v.foreignThrowable() != null) {
                throw new AssertionError("the codec threw " + v.foreignThrowable() + " on " + f.name()
                        + " (only DicomParseException is allowed)", v.foreignThrowable());
            }
            if (!v.unexpected().isEmpty()) {
                fail(v.unexpected().size() + " difference(s) from pydicom in " + f.name() + ":\n  "
                        + v.unexpected().stream().map(d -> d.path() + ": " + d.what()).collect(Collectors.joining("\n  ")));
            }
        }));
    }

    @Test
    void everyAllowListEntryStillMatchesADifference() {
        assertEquals(List.of(), ALLOWED.unused(), "stale entries in " + ALLOWED.source() + ": the difference is gone, remove the line");
    }

    @Test
    void allowListStaysShort() {
        assertTrue(ALLOWED.size() <= ALLOW_LIST_LIMIT, ALLOWED.source() + " has " + ALLOWED.size()
                + " entries; fix the codec instead of growing the list past " + ALLOW_LIST_LIMIT);
    }

    /** pydicom's own conversion failures are documented, and the documentation cannot go stale either. */
    @Test
    void pydicomConversionFailuresAreExactlyTheDocumentedOnes() {
        List<String> undocumented = new ArrayList<>();
        reference.forEach((file, r) -> r.elementErrors().forEach((key, error) -> {
            String tag = key.startsWith("meta:") ? key.substring(5) : key;
            if (!PYDICOM_LIMITS.allows(new Difference(file, tag, key, error))) {
                undocumented.add(file + "\t" + tag + "\t" + error);
            }
        }));
        assertEquals(List.of(), undocumented, "pydicom could not convert these elements; document them in " + PYDICOM_LIMITS.source());
        assertEquals(List.of(), PYDICOM_LIMITS.unused(), "stale entries in " + PYDICOM_LIMITS.source());
    }

    /** Guards the discovery: an empty or partial corpus would make every other test here pass vacuously. */
    @Test
    void corpusCoversEveryPydicomTestDirectory() {
        Set<String> names = VERDICTS.keySet();
        assertTrue(names.size() >= PydicomCorpus.MINIMUM_SIZE, "only " + names.size() + " corpus files");
        for (String expected : List.of("test_files/CT_small.dcm", "test_files/dicomdirtests/DICOMDIR",
                "test_files/dicomdirtests/77654033/CR1/6154", "charset_files/chrH31.dcm", "palettes/pet.dcm")) {
            assertTrue(names.contains(expected), "corpus lacks " + expected);
        }
        long compared = reference.values().stream().filter(PydicomReference.Result::readable).count();
        assertTrue(compared >= PydicomCorpus.MINIMUM_SIZE, "pydicom read only " + compared + " files");
    }

    private static FileVerdict verdict(PydicomCorpus.CorpusFile f, PydicomReference.Result ref, Bounded bounded) {
        DicomFile ours;
        try {
            ours = bounded.call(() -> DicomReader.read(f.path(), ReadOptions.defaults()));
        } catch (DicomParseException e) {
            if (!ref.readable()) {
                return new FileVerdict(List.of(), List.of(), null);
            }
            String tag = e.tag() == -1 ? NO_TAG : Tag.hex(e.tag());
            return split(List.of(new Difference(f.name(), tag, "file",
                    "the codec rejects the file (" + e.getMessage() + ") but pydicom reads it")));
        } catch (Throwable t) {
            return new FileVerdict(List.of(), List.of(), t);
        }
        if (!ref.readable()) {
            return split(List.of(new Difference(f.name(), NO_TAG, "file",
                    "pydicom cannot read the file (" + ref.error() + ") but the codec reads it without DicomParseException")));
        }
        try {
            List<Difference> differences = new ArrayList<>();
            String ts = ours.transferSyntaxUid();
            boolean bigEndian = ts != null && UID.isBigEndian(ts);
            boolean encapsulated = ts != null && UID.isEncapsulated(ts);
            Predicate<String> bytesComparable = tag -> !bigEndian && !(encapsulated && tag.equals("7FE00010"));
            differences.addAll(compare(f.name(), "file meta", ref.meta(), bounded.call(() -> codecJson(ours, true)),
                    ref.unconvertible(true), tag -> true));
            differences.addAll(compare(f.name(), "data set", ref.dataset(), bounded.call(() -> codecJson(ours, false)),
                    ref.unconvertible(false), bytesComparable));
            differences.addAll(streamedDifferences(f, ref, bounded));
            return split(differences);
        } catch (Throwable t) {
            return new FileVerdict(List.of(), List.of(), t);
        }
    }

    /**
     * The streaming path: read again leaving values over {@value #BULK_THRESHOLD} bytes in the file, with
     * BulkDataURIs naming their byte ranges. The JSON must still be pydicom's (bulk data by presence).
     */
    private static List<Difference> streamedDifferences(PydicomCorpus.CorpusFile f, PydicomReference.Result ref,
                                                        Bounded bounded) throws Throwable {
        String json;
        try {
            json = bounded.call(() -> DicomJson.toJson(
                    DicomReader.read(f.path(), ReadOptions.defaults().withBulkDataThreshold(BULK_THRESHOLD)).dataset(),
                    new JsonOptions(BULK_THRESHOLD, BulkDataUriBuilder.fileRanges(f.path()))));
        } catch (DicomParseException e) {
            return List.of(new Difference(f.name(), e.tag() == -1 ? NO_TAG : Tag.hex(e.tag()), "file",
                    "the codec rejects the file when bulk data is not loaded (" + e.getMessage() + ") but reads it otherwise"));
        }
        return compare(f.name(), "data set (bulk data not loaded)", ref.dataset(), json, ref.unconvertible(false), tag -> false,
                BULK_THRESHOLD);
    }

    private static String codecJson(DicomFile file, boolean meta) {
        return DicomJson.toJson(meta ? file.fileMeta() : file.dataset(), JsonOptions.inlineAll());
    }

    private static List<Difference> compare(String file, String part, Map<String, Object> ref, String codecJson,
                                            Set<String> skip, Predicate<String> bytesComparable) {
        return compare(file, part, ref, codecJson, skip, bytesComparable, -1);
    }

    private static List<Difference> compare(String file, String part, Map<String, Object> ref, String codecJson,
                                            Set<String> skip, Predicate<String> bytesComparable, int bulkThreshold) {
        Map<String, Object> ours;
        try {
            ours = StrictJson.parseObject(codecJson);
        } catch (IllegalArgumentException e) {
            return List.of(new Difference(file, NO_TAG, part, "the codec's JSON is not valid JSON: " + e.getMessage()));
        }
        return DicomJsonComparator.compare(file, ref, ours, skip, bytesComparable, bulkThreshold).stream()
                .map(d -> new Difference(d.file(), d.tag(), part + " " + d.path(), d.what()))
                .collect(Collectors.toList());
    }

    private static FileVerdict split(List<Difference> differences) {
        List<Difference> unexpected = new ArrayList<>();
        List<Difference> allowed = new ArrayList<>();
        for (Difference d : differences) {
            (ALLOWED.allows(d) ? allowed : unexpected).add(d);
        }
        return new FileVerdict(unexpected, allowed, null);
    }

    /** Every difference, allowed or not, in one file for a human reading a failure. */
    private static void writeReport(Path report) {
        StringBuilder out = new StringBuilder();
        VERDICTS.forEach((file, v) -> {
            v.unexpected().forEach(d -> out.append("DIFF\t").append(d).append('\n'));
            v.allowed().forEach(d -> out.append("ALLOWED\t").append(d).append('\n'));
            if (v.foreignThrowable() != null) {
                out.append("THROWABLE\t").append(file).append(' ').append(v.foreignThrowable()).append('\n');
            }
        });
        try {
            Files.createDirectories(report.getParent());
            Files.writeString(report, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
