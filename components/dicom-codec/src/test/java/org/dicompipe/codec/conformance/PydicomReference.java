package org.dicompipe.codec.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * pydicom's DICOM JSON for every corpus file, made by one run of {@code pydicom_to_json.py} under Debian's
 * system python (the one python3-pydicom is installed for; the python3 first on PATH may be another).
 */
final class PydicomReference {
    static final String PYTHON = "/usr/bin/python3";
    private static final long DEADLINE_SECONDS = 180;

    /** What pydicom made of one file. */
    record Result(boolean readable, String error, boolean forced, Map<String, Object> meta, Map<String, Object> dataset,
                  Map<String, String> elementErrors, List<Object> warnings) {
        /** Top-level keys pydicom could not convert, in the dataset or (prefixed "meta:") in the file meta. */
        Set<String> unconvertible(boolean inMeta) {
            return elementErrors.keySet().stream()
                    .filter(k -> k.startsWith("meta:") == inMeta)
                    .map(k -> inMeta ? k.substring(5) : k)
                    .collect(Collectors.toSet());
        }
    }

    private PydicomReference() {
    }

    static Map<String, Result> run(List<PydicomCorpus.CorpusFile> files, Path workDir) {
        try {
            Path manifest = workDir.resolve("manifest.tsv");
            Path out = Files.createDirectories(workDir.resolve("pydicom-json"));
            Files.write(manifest, files.stream().map(f -> f.name() + "\t" + f.path()).collect(Collectors.toList()),
                    StandardCharsets.UTF_8);
            Path log = workDir.resolve("pydicom.log");
            Process p = new ProcessBuilder(PYTHON, script().toString(), manifest.toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("pydicom_to_json.py did not finish within " + DEADLINE_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("pydicom_to_json.py failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Map<String, Result> results = new TreeMap<>();
            for (PydicomCorpus.CorpusFile f : files) {
                Path json = out.resolve(f.name() + ".json");
                results.put(f.name(), parse(Files.readString(json, StandardCharsets.UTF_8)));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Result parse(String json) {
        Map<String, Object> o = StrictJson.parseObject(json);
        if (!"ok".equals(o.get("status"))) {
            return new Result(false, String.valueOf(o.get("error")), false, Map.of(), Map.of(), Map.of(), List.of());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        ((Map<String, Object>) o.get("elementErrors")).forEach((k, v) -> errors.put(k, String.valueOf(v)));
        return new Result(true, null, Boolean.TRUE.equals(o.get("forced")), (Map<String, Object>) o.get("meta"),
                (Map<String, Object>) o.get("dataset"), errors, (List<Object>) o.get("warnings"));
    }

    private static Path script() {
        try {
            return Paths.get(PydicomReference.class.getResource("/conformance/pydicom_to_json.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
