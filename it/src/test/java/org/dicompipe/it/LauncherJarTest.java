package org.dicompipe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar app/target/dicom-pipeline.jar} as users run it: a child JVM with the real routes and config,
 * which starts and stops its own emulators. Checks the exit code, stdout's summary and stderr's reasons.
 */
class LauncherJarTest {

    private static final Path REPOSITORY =
            Path.of(System.getProperty("dicompipe.repository", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void demoPrintsOneSummaryLineAndWhereToLookAndExitsZero() throws Exception {
        Result r = run("--job", "demo", "--set", "dicompipe.demo.instances=3");
        assertEquals(0, r.exit, r.stderr);
        List<String> lines = r.stdout.lines().toList();
        assertEquals("imported=3 deidentified=3 bigquery_rows=3 notifications=3 failed=0", lines.get(0), r.stdout);
        assertTrue(lines.get(1).startsWith("DICOMweb:   http://127.0.0.1:"), r.stdout);
        assertTrue(lines.get(1).endsWith("/dicomStores/deidentified/dicomWeb/studies"), r.stdout);
        assertEquals("thumbnails: " + work.resolve("output/thumbnails"), lines.get(2));
        assertEquals("BigQuery:   local-project.dicom_metadata.deidentified_instances", lines.get(3));
        try (Stream<Path> pngs = Files.list(work.resolve("output/thumbnails"))) {
            assertEquals(3, pngs.filter(p -> p.toString().endsWith(".png")).count());
        }
        // the demo's fake patient must not show up in the log
        String patient = SyntheticStudy.withSeed(20260101).instance(0).getString(Tags.PatientName);
        for (String part : patient.split("\\^")) {
            assertFalse(part.length() > 2 && r.stderr.contains(part), "patient name in the log: " + part);
        }
    }

    @Test
    void aFailingStepExitsNonZeroWithTheReason() throws Exception {
        Result r = run("--job", "demo", "--set", "dicompipe.deid.config=no-such-deid-config.json");
        assertEquals(1, r.exit, r.stderr);
        assertTrue(r.stderr.contains("dicom-pipeline job demo failed"), r.stderr);
        assertTrue(r.stderr.contains("no-such-deid-config.json"), r.stderr);
        assertTrue(r.stdout.isBlank(), "no summary on failure: " + r.stdout);
    }

    @Test
    void anUnknownJobNamesTheJobsThereAre() throws Exception {
        Result r = run("--job", "no-such-job");
        assertEquals(1, r.exit, r.stderr);
        assertTrue(r.stderr.contains("no pipeline named no-such-job"), r.stderr);
        assertTrue(r.stderr.contains("import-from-gcs"), r.stderr);
    }

    @Test
    void badArgumentsExitTwoWithUsage() throws Exception {
        Result r = run("--frobnicate");
        assertEquals(2, r.exit, r.stderr);
        assertTrue(r.stderr.contains("usage: java -jar dicom-pipeline.jar"), r.stderr);
    }

    private Result run(String... args) throws IOException, InterruptedException {
        Path jar = REPOSITORY.resolve("app/target/dicom-pipeline.jar");
        assertTrue(Files.isRegularFile(jar), "build the launcher first: " + jar);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString(),
                "--routes", REPOSITORY.resolve("routes").toString(), "--config", REPOSITORY.resolve("config").toString(),
                "--set", "dicompipe.progress.interval-ms=200"));
        command.addAll(List.of(args));
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish within 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String stdout, String stderr) {
    }
}
