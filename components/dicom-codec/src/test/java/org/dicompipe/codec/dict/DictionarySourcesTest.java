package org.dicompipe.codec.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed dictionary against its source (dcmtk's dicom.dic) and against pydicom's dictionary. */
class DictionarySourcesTest {

    private static final Path MODULE = Paths.get("").toAbsolutePath();
    private static final Path RESOURCE =
            MODULE.resolve("src/main/resources/org/dicompipe/codec/dict/dictionary.tsv");
    private static final Path PRIVATE_RESOURCE =
            MODULE.resolve("src/main/resources/org/dicompipe/codec/dict/private-dictionary.tsv");

    /**
     * Tags where pydicom's dictionary (a different edition of PS3.6) says retired and dcmtk's does not.
     */
    private static final Set<Integer> RETIRED_FLAG_EDITION_DIFFERENCES = Set.of(0x213000A0, 0x213000C0);

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + " failed: " + err);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void committedResourceIsWhatTheScriptGeneratesFromDcmtk(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("dictionary.tsv");
        run(List.of("/usr/bin/python3", MODULE.resolve("scripts/gen-dictionary.py").toString(), "-o", out.toString()));
        assertEquals(Files.readString(RESOURCE), Files.readString(out),
                "dictionary.tsv is stale: re-run scripts/gen-dictionary.py");
        assertEquals(Files.readString(PRIVATE_RESOURCE), Files.readString(tmp.resolve("private-dictionary.tsv")),
                "private-dictionary.tsv is stale: re-run scripts/gen-dictionary.py");
    }

    @Test
    void agreesWithPydicomOnEveryTagBothDefine() throws Exception {
        String script = String.join("\n",
                "from pydicom._dicom_dict import DicomDictionary",
                "for tag, (vr, vm, name, retired, keyword) in sorted(DicomDictionary.items()):",
                "    print('%08X\\t%s\\t%s\\t%s\\t%s' % (tag, keyword, vr, vm, 'R' if retired else ''))");
        String out = run(List.of("/usr/bin/python3", "-c", script));
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int tag = (int) Long.parseLong(f[0], 16);
            DictionaryEntry ours = DataDictionary.lookup(tag);
            if (ours == null) {
                continue; // attributes dcmtk's edition leaves out; counted below
            }
            compared++;
            if (!ours.keyword().equals(f[1])) {
                differences.add(f[0] + " keyword " + ours.keyword() + " vs " + f[1]);
            }
            if (!ours.vm().equals(f[3])) {
                differences.add(f[0] + " vm " + ours.vm() + " vs " + f[3]);
            }
            if (ours.retired() != f[4].equals("R") && !RETIRED_FLAG_EDITION_DIFFERENCES.contains(tag)) {
                differences.add(f[0] + " retired " + ours.retired() + " vs " + f[4]);
            }
            // pydicom spells ambiguous VRs "US or SS", "OB or OW", ...; ours must be one of the choices
            // (items and delimiters: pydicom "NONE", ours UN)
            List<String> choices = f[2].equals("NONE") ? List.of("UN") : List.of(f[2].split(" or "));
            if (!choices.contains(DataDictionary.vrOf(tag).name())) {
                differences.add(f[0] + " vr " + DataDictionary.vrOf(tag) + " not in " + f[2]);
            }
        }
        assertTrue(compared > 4800, "compared only " + compared + " tags");
        assertEquals(List.of(), differences);
    }
}
