package org.dicompipe.codec.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files pydicom ships for its own tests (Debian package python3-pydicom): {@code test_files/**} (with
 * {@code dicomdirtests}), {@code charset_files} and {@code palettes}. Everything there counts as a DICOM file
 * except documentation, scripts and pydicom's own expected outputs, recognised by name.
 */
final class PydicomCorpus {
    /** Where Debian's python3-pydicom puts the data; used when dpkg cannot tell. */
    static final Path DEBIAN_DATA_DIR = Paths.get("/usr/lib/python3/dist-packages/pydicom/data");
    private static final List<String> DIRECTORIES = List.of("test_files", "charset_files", "palettes");
    private static final Set<String> NOT_DICOM = Set.of("txt", "json", "gz", "py", "pyc", "dump", "md");
    /** pydicom 2.3.1 ships 182 such files; far fewer means the discovery broke, not that the corpus shrank. */
    static final int MINIMUM_SIZE = 150;

    private static volatile List<CorpusFile> cached;

    /** A corpus file: {@code name} is relative to pydicom's data directory, e.g. {@code charset_files/chrH31.dcm}. */
    record CorpusFile(String name, Path path) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PydicomCorpus() {
    }

    static List<CorpusFile> files() {
        List<CorpusFile> result = cached;
        if (result == null) {
            result = discover(dataDirectory());
            if (result.size() < MINIMUM_SIZE) {
                throw new IllegalStateException("only " + result.size() + " pydicom test files found under " + dataDirectory()
                        + "; is python3-pydicom installed (apt-get install python3-pydicom)?");
            }
            cached = result;
        }
        return result;
    }

    static CorpusFile file(String name) {
        return files().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no corpus file " + name));
    }

    /** The data directory of the installed python3-pydicom package, as dpkg lists it. */
    static Path dataDirectory() {
        try {
            Process p = new ProcessBuilder("dpkg", "-L", "python3-pydicom").redirectErrorStream(true).start();
            String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                for (String line : listing.split("\n")) {
                    if (line.endsWith("/pydicom/data/test_files")) {
                        return Paths.get(line).getParent();
                    }
                }
            }
        } catch (IOException e) {
            // no dpkg: fall through to the fixed Debian location
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEBIAN_DATA_DIR;
    }

    static List<CorpusFile> discover(Path dataDir) {
        TreeMap<String, CorpusFile> found = new TreeMap<>();
        for (String dir : DIRECTORIES) {
            Path root = dataDir.resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(PydicomCorpus::looksLikeDicom).forEach(p -> {
                    String name = dataDir.relativize(p).toString().replace('\\', '/');
                    found.put(name, new CorpusFile(name, p));
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(found.values());
    }

    private static boolean looksLikeDicom(Path p) {
        String name = p.getFileName().toString();
        if (name.toUpperCase(Locale.ROOT).startsWith("README") || p.toString().contains("__pycache__")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 || !NOT_DICOM.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
