package org.dicompipe.emulator.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DeidentifyFiles command line, run as its own JVM on files of pydicom's corpus. */
class DeidentifyFilesTest {

    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    static Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DeidentifyFiles.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void deidentifiesAFolderWithTheSameUidsForTheSameSecret() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String name : List.of("CT_small.dcm", "MR_small.dcm")) {
            Files.copy(DeidentifyDicomStoreTest.PYDICOM_FILES.resolve(name), in.resolve(name));
        }
        Run a = run("--secret", "s1", in.toString(), dir.resolve("a").toString());
        assertEquals(0, a.exit(), a.out());
        assertTrue(a.out().startsWith("2 2 0 "), a.out());
        Run b = run("--secret", "s1", in.toString(), dir.resolve("b").toString());
        Run c = run("--secret", "s2", in.toString(), dir.resolve("c").toString());
        assertEquals(0, b.exit() + c.exit(), b.out() + c.out());
        Attributes first = DicomReader.read(dir.resolve("a/000000.dcm")).dataset();
        assertEquals("", first.getString(Tags.PatientName, ""));
        assertEquals("YES", first.getString(Tags.PatientIdentityRemoved));
        String uid = first.getString(Tags.SOPInstanceUID);
        assertEquals(uid, DicomReader.read(dir.resolve("b/000000.dcm")).dataset().getString(Tags.SOPInstanceUID));
        assertNotEquals(uid, DicomReader.read(dir.resolve("c/000000.dcm")).dataset().getString(Tags.SOPInstanceUID));
    }

    @Test
    void badArgumentsAndUnreadableFiles() throws Exception {
        Run bad = run("--profile", "NO_SUCH_PROFILE", dir.toString(), dir.resolve("out").toString());
        assertEquals(2, bad.exit(), bad.out());
        assertTrue(bad.out().contains("NO_SUCH_PROFILE"), bad.out());
        Path in = Files.createDirectories(dir.resolve("junk"));
        Files.writeString(in.resolve("not-dicom.dcm"), "hello");
        Run junk = run(in.toString(), dir.resolve("out2").toString());
        assertEquals(1, junk.exit(), junk.out());
        assertTrue(junk.out().contains("1 0 1 "), junk.out());
        assertTrue(!Files.exists(dir.resolve("out2/000000.dcm")), "no partial output left");
    }
}
