package org.dicompipe.codec.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs dcmtk's {@code dcmdump} on a file. dcmtk logs at "warning" level by default, one line per finding on
 * stderr, prefixed {@code W:} (warning), {@code E:} (error) or {@code F:} (fatal); the listing goes to stdout.
 */
final class Dcmdump {
    private static final Pattern TOP_LEVEL_ELEMENT = Pattern.compile("^\\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\\) ");
    private static final long DEADLINE_SECONDS = 60;

    private static final Pattern LENGTH_KIND = Pattern.compile(" with (explicit|undefined) length");

    /**
     * What dcmdump said about a file. {@code datasetTags}: the top-level tags it listed in the data set, upper-case
     * hex. {@code datasetListing}: its listing of the data set, one line per element, reduced to what does not
     * depend on the encoding: no comments (lengths, VM, names), no group lengths, no item or delimitation lines,
     * no "with explicit/undefined length".
     */
    record Result(int exitCode, List<String> stderrLines, Set<String> metaTags, Set<String> datasetTags,
                  List<String> datasetListing) {
        boolean clean() {
            return exitCode == 0 && stderrLines.isEmpty();
        }

        String problems() {
            return "dcmdump exit " + exitCode + (stderrLines.isEmpty() ? "" : ", stderr:\n  " + String.join("\n  ", stderrLines));
        }
    }

    private Dcmdump() {
    }

    static Result run(Path file) {
        try {
            Process p = new ProcessBuilder("dcmdump", file.toString()).start();
            p.getOutputStream().close();
            // read both streams concurrently so a full pipe cannot stall dcmdump
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dcmdump did not finish on " + file);
            }
            List<String> problems = new ArrayList<>();
            for (String line : new String(stderr.get(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    problems.add(line.strip());
                }
            }
            Set<String> meta = new LinkedHashSet<>();
            Set<String> dataset = new LinkedHashSet<>();
            Set<String> section = dataset;
            List<String> listing = new ArrayList<>();
            for (String line : new String(stdout, StandardCharsets.ISO_8859_1).split("\n")) {
                if (line.startsWith("# Dicom-Meta-Information-Header")) {
                    section = meta;
                } else if (line.startsWith("# Dicom-Data-Set")) {
                    section = dataset;
                }
                if (section == dataset) {
                    String element = listingLine(line);
                    if (element != null) {
                        listing.add(element);
                    }
                }
                Matcher m = TOP_LEVEL_ELEMENT.matcher(line);
                // item and delimitation tags (FFFE,xxxx) are printed at their sequence's level, but are not elements
                if (m.find() && !m.group(1).equalsIgnoreCase("fffe")) {
                    section.add((m.group(1) + m.group(2)).toUpperCase(Locale.ROOT));
                }
            }
            return new Result(p.exitValue(), problems, meta, dataset, listing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run dcmdump (apt-get install dcmtk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The encoding-independent part of one listing line, or null for lines that are not elements. */
    private static String listingLine(String line) {
        String t = line.strip();
        if (!t.startsWith("(") || t.startsWith("(fffe,") || t.matches("^\\([0-9a-f]{4},0000\\).*")) {
            return null;
        }
        int comment = line.lastIndexOf(" #");
        String element = comment > 0 ? line.substring(0, comment) : line;
        return LENGTH_KIND.matcher(element).replaceAll("").stripTrailing();
    }

    static Result run(byte[] content, Path scratch) {
        try {
            Path f = Files.createTempFile(scratch, "written", ".dcm");
            Files.write(f, content);
            try {
                return run(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
