package org.dicompipe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The input files of a benchmark, named on the command line: files, directories (walked) or @list files. */
final class CorpusFiles {
    private CorpusFiles() {
    }

    static List<Path> expand(List<String> args) {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            try {
                if (arg.startsWith("@")) {
                    for (String line : Files.readAllLines(Paths.get(arg.substring(1)), StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            files.add(Paths.get(line.strip()));
                        }
                    }
                } else if (Files.isDirectory(Paths.get(arg))) {
                    try (Stream<Path> walk = Files.walk(Paths.get(arg))) {
                        files.addAll(walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList()));
                    }
                } else {
                    files.add(Paths.get(arg));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static List<byte[]> load(List<Path> files) {
        List<byte[]> contents = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                contents.add(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return contents;
    }
}
