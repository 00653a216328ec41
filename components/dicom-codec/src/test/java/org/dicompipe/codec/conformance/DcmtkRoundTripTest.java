package org.dicompipe.codec.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomParseException;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.dict.DataDictionary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every corpus file the codec reads is written again, once in its own transfer syntax and (unless its pixel
 * data is encapsulated) once as Explicit VR Little Endian. The written file must read back with the same
 * values, element by element, and dcmtk's {@code dcmdump} must read it with exit code 0, nothing on stderr
 * (dcmtk logs warnings there as "W:" and errors as "E:"), and the same top-level elements; written in the
 * source's own syntax, dcmdump must list the same elements and values as for the source.
 */
class DcmtkRoundTripTest {
    /**
     * Corpus files the codec rejects, by design: each is damaged, and dcmdump rejects it too. Anything else
     * the codec cannot read fails {@link #theCodecReadsAllButTheDamagedFiles()}.
     */
    private static final Set<String> DAMAGED = Set.of(
            "test_files/MR_truncated.dcm",                 // pixel data shorter than its length
            "test_files/rtplan_truncated.dcm",             // ends inside a sequence item
            "test_files/no_meta.dcm",                      // a stray first byte: the first length is 173228800
            "test_files/dicomdirtests/DICOMDIR-nooffset"); // last item's length overruns the end of the file
    /**
     * dcmdump warnings that the content itself causes, whatever the writer does (e.g. elements in group 0001,
     * which PS3.5 7.1 forbids but a faithful writer must not drop). Same format and stale check as the
     * pydicom allow-list; the tag is the first one the warning names.
     */
    private static final AllowList DCMDUMP_ALLOWED = AllowList.load("/conformance/dcmdump-allow-list.tsv");
    /** indent, "gggg,eeee", VR, value */
    private static final Pattern LISTING_LINE = Pattern.compile("^(\\s*)\\(([0-9a-f]{4},[0-9a-f]{4})\\) (\\S\\S) ?(.*)$");
    private static final Pattern WARNING_TAG = Pattern.compile("\\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\\)");

    @TempDir
    static Path scratch;

    @TestFactory
    Stream<DynamicNode> writtenFilesReadBackEqualAndDcmdumpAcceptsThem() {
        return PydicomCorpus.files().stream().filter(f -> !DAMAGED.contains(f.name())).map(f -> {
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("source transfer syntax", () -> roundTrip(f, null)));
            if (!encapsulated(f)) {
                tests.add(DynamicTest.dynamicTest("Explicit VR Little Endian", () -> roundTrip(f, UID.ExplicitVRLittleEndian)));
            }
            return DynamicContainer.dynamicContainer(f.name(), f.path().toUri(), tests.stream());
        });
    }

    /** After all round trips have run: an allow-list entry whose warning no longer occurs must be removed. */
    @AfterAll
    static void everyDcmdumpAllowListEntryStillOccurs() {
        assertEquals(List.of(), DCMDUMP_ALLOWED.unused(), "stale entries in " + DCMDUMP_ALLOWED.source());
    }

    @Test
    void theCodecReadsAllButTheDamagedFiles() {
        List<String> unreadable = new ArrayList<>();
        for (PydicomCorpus.CorpusFile f : PydicomCorpus.files()) {
            try {
                DicomReader.read(f.path(), ReadOptions.defaults());
                if (DAMAGED.contains(f.name())) {
                    unreadable.add(f.name() + " is damaged but the codec reads it without error");
                }
            } catch (DicomParseException e) {
                if (!DAMAGED.contains(f.name())) {
                    unreadable.add(f.name() + ": " + e.getMessage());
                }
            } catch (Exception e) {
                unreadable.add(f.name() + ": " + e);
            }
        }
        assertEquals(List.of(), unreadable);
    }

    /** @param targetTs null: the source's own transfer syntax */
    private static void roundTrip(PydicomCorpus.CorpusFile f, String targetTs) throws Exception {
        DicomFile original = DicomReader.read(f.path(), ReadOptions.defaults());
        String sourceTs = original.transferSyntaxUid();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (targetTs == null) {
            DicomWriter.write(original, out);
        } else {
            DicomWriter.write(original.dataset(), targetTs, out);
        }
        byte[] written = out.toByteArray();

        DicomFile reread;
        try {
            reread = DicomReader.read(written);
        } catch (DicomParseException e) {
            throw new AssertionError("the codec cannot read the file it wrote: " + e.getMessage(), e);
        }
        String expectedTs = targetTs != null ? targetTs : sourceTs != null ? sourceTs : UID.ExplicitVRLittleEndian;
        List<String> problems = new ArrayList<>();
        if (!expectedTs.equals(reread.transferSyntaxUid())) {
            problems.add("transfer syntax " + reread.transferSyntaxUid() + ", expected " + expectedTs);
        }
        problems.addAll(ValueComparison.differences(original.dataset(), reread.dataset()));

        problems.addAll(groupLengthProblems(reread, written));
        Dcmdump.Result dump = Dcmdump.run(written, scratch);
        List<String> unexpectedStderr = new ArrayList<>();
        for (String line : dump.stderrLines()) {
            Matcher m = WARNING_TAG.matcher(line);
            String tag = m.find() ? (m.group(1) + m.group(2)).toUpperCase(Locale.ROOT) : PydicomConformanceTest.NO_TAG;
            if (!DCMDUMP_ALLOWED.allows(new Difference(f.name(), tag, "dcmdump", line))) {
                unexpectedStderr.add(line);
            }
        }
        if (dump.exitCode() != 0 || !unexpectedStderr.isEmpty()) {
            problems.add("dcmdump exit " + dump.exitCode() + ", stderr:\n    " + String.join("\n    ", unexpectedStderr));
        }
        Set<String> ours = new LinkedHashSet<>();
        for (DicomElement e : reread.dataset()) {
            ours.add(Tag.hex(e.tag()));
        }
        if (dump.exitCode() == 0 && !ours.equals(dump.datasetTags())) {
            Set<String> onlyDcmtk = new LinkedHashSet<>(dump.datasetTags());
            onlyDcmtk.removeAll(ours);
            Set<String> onlyCodec = new LinkedHashSet<>(ours);
            onlyCodec.removeAll(dump.datasetTags());
            problems.add("dcmdump sees other top-level elements: only dcmdump " + onlyDcmtk + ", only codec " + onlyCodec);
        }
        if (targetTs == null) {
            // same transfer syntax: dcmtk must list the same elements and values in the source and the written file
            Dcmdump.Result source = Dcmdump.run(f.path());
            if (source.exitCode() == 0) {
                problems.addAll(listingDifferences(source.datasetListing(), dump.datasetListing()));
            }
        }
        if (!problems.isEmpty()) {
            fail(f.name() + " written as " + expectedTs + ":\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * dcmdump's listing of the source and of the written file, line by line. Accepted: an element the source
     * encodes as UN (explicit VR) that the codec writes with its dictionary VR (a sequence then with its items),
     * or a Private Creator written as LO (PS3.5 7.8.1); encapsulated Pixel Data written as OB where the source said
     * OW (PS3.5 A.4). The values of those are checked by {@link ValueComparison} and against pydicom instead.
     */
    private static List<String> listingDifferences(List<String> source, List<String> written) {
        int i = 0;
        int j = 0;
        while (i < source.size() && j < written.size()) {
            String s = source.get(i++);
            String w = written.get(j++);
            if (s.equals(w)) {
                continue;
            }
            if (!reinterpretedVr(s, w)) {
                // the first difference only: later lines are usually shifted by the same cause
                return List.of("dcmdump lists the source as\n      " + s + "\n    but the written file as\n      " + w);
            }
            if (w.contains(") SQ ")) {
                // a UN value holding a sequence is written as SQ: dcmdump now lists its items, which it did not before
                int indent = indentOf(w);
                while (j < written.size() && indentOf(written.get(j)) > indent) {
                    j++;
                }
            }
        }
        if (i < source.size() || j < written.size()) {
            return List.of("dcmdump lists " + (source.size() - i) + " more lines for the source and " + (written.size() - j)
                    + " more for the written file, from\n      " + (i < source.size() ? source.get(i) : written.get(j)));
        }
        return List.of();
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static boolean reinterpretedVr(String source, String written) {
        Matcher s = LISTING_LINE.matcher(source);
        Matcher w = LISTING_LINE.matcher(written);
        if (!s.matches() || !w.matches() || !s.group(1).equals(w.group(1)) || !s.group(2).equals(w.group(2))) {
            return false;
        }
        int tag = Integer.parseUnsignedInt(s.group(2).replace(",", ""), 16);
        String from = s.group(3);
        String to = w.group(3);
        if (from.equals("up") && to.equals("up")) {
            return true; // DICOMDIR record offsets move with the records; ValueComparison checks them as links
        }
        if (from.equals("UN")) {
            boolean creator = (Tag.group(tag) & 1) == 1 && Tag.element(tag) >= 0x10 && Tag.element(tag) <= 0xFF;
            String known = creator ? "LO" : DataDictionary.vrOf(tag).name();
            return to.equals(known) && !known.equals("UN");
        }
        return tag == Tags.PixelData && from.equals("OW") && to.equals("OB") && s.group(4).equals(w.group(4));
    }

    /**
     * A top-level group length the writer emitted must be the byte count from the end of the group length
     * element to the start of the next group (or the end of the file). Not checked for deflated files, whose
     * offsets count the inflated stream.
     */
    private static List<String> groupLengthProblems(DicomFile reread, byte[] written) {
        List<String> problems = new ArrayList<>();
        String ts = reread.transferSyntaxUid();
        if (UID.DeflatedExplicitVRLittleEndian.equals(ts)) {
            return problems;
        }
        boolean explicit = !UID.ImplicitVRLittleEndian.equals(ts);
        List<DicomElement> elements = new ArrayList<>();
        reread.dataset().forEach(elements::add);
        for (int i = 0; i < elements.size(); i++) {
            DicomElement g = elements.get(i);
            if (Tag.element(g.tag()) != 0 || g.valueOffset() < 0) {
                continue;
            }
            long declared = g.longs()[0];
            long start = g.valueOffset() + 4;
            long end = written.length;
            for (int j = i + 1; j < elements.size(); j++) {
                DicomElement next = elements.get(j);
                if (Tag.group(next.tag()) != Tag.group(g.tag())) {
                    int header = !explicit ? 8 : next.vr().longHeader() ? 12 : 8;
                    end = next.valueOffset() < 0 ? -1 : next.valueOffset() - header;
                    break;
                }
            }
            if (end >= 0 && declared != end - start) {
                problems.add(Tag.format(g.tag()) + " group length " + declared + ", but the group takes " + (end - start) + " bytes");
            }
        }
        return problems;
    }

    /** Encapsulated pixel data cannot become native without decompressing: such files are written in their own syntax only. */
    private static boolean encapsulated(PydicomCorpus.CorpusFile f) {
        try {
            String ts = DicomReader.read(f.path(), ReadOptions.defaults().stopBeforePixelData()).transferSyntaxUid();
            return ts != null && UID.isEncapsulated(ts);
        } catch (Exception e) {
            return false; // the round trip tests report the failure
        }
    }
}
