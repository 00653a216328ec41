package org.dicompipe.emulator.deid;

import com.google.api.services.healthcare.v1.model.DeidentifyConfig;
import com.google.api.services.healthcare.v1.model.DicomConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.dicompipe.codec.Uids;
import org.dicompipe.emulator.healthcare.ApiJson;
import org.dicompipe.emulator.http.GoogleError;

/**
 * De-identifies Part 10 files into a folder with exactly the rules dicomStores.deidentify applies, without a server:
 * for trying a config on files, and for measuring the de-identification itself apart from the store's durable
 * writes (bench/deid.sh).
 *
 * <pre>
 * DeidentifyFiles [--profile NAME | --config CONFIG.json] [--secret S] [--threads N] (DIR | @LISTFILE) OUT_DIR
 * </pre>
 * Prints one line: {@code files ok failed seconds}. Exit 0 when every file was de-identified, 1 otherwise, 2 on
 * bad arguments. The secret keys the UID replacement (the same secret gives the same UIDs).
 */
public final class DeidentifyFiles {

    private DeidentifyFiles() {
    }

    public static void main(String[] args) throws Exception {
        String profile = DeidentifyOptions.BASIC;
        Path configFile = null;
        String secret = "dicompipe";
        int threads = Runtime.getRuntime().availableProcessors();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profile = value(args, ++i);
                case "--config" -> configFile = Path.of(value(args, ++i));
                case "--secret" -> secret = value(args, ++i);
                case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                default -> rest.add(args[i]);
            }
        }
        if (rest.size() != 2) {
            usage("expected an input (DIR or @LISTFILE) and an output folder");
        }
        DeidentifyConfig config;
        if (configFile != null) {
            config = ApiJson.parseRequest(new ByteArrayInputStream(Files.readAllBytes(configFile)),
                    DeidentifyConfig.class);
        } else {
            config = new DeidentifyConfig().setDicom(new DicomConfig().setFilterProfile(profile));
        }
        DeidentifyOptions options;
        try {
            options = DeidentifyOptions.from(config);
        } catch (GoogleError e) {
            usage(e.getMessage());
            return;
        }
        List<Path> inputs = inputs(rest.get(0));
        Path out = Files.createDirectories(Path.of(rest.get(1)));
        String key = secret;
        Deidentifier deidentifier = new Deidentifier(options, uid -> Uids.remap(uid, key));

        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> done = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                Path in = inputs.get(i);
                Path target = out.resolve(String.format("%06d.dcm", i));
                done.add(pool.submit(() -> {
                    try (OutputStream o = Files.newOutputStream(target)) {
                        deidentifier.rewrite(in, o);
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        System.err.println(in + ": " + e);
                        try {
                            Files.deleteIfExists(target); // no half-written output
                        } catch (IOException ignored) {
                            System.err.println(target + ": could not delete the partial output");
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%d %d %d %.3f%n", inputs.size(), inputs.size() - failed.get(),
                failed.get(), seconds);
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    private static List<Path> inputs(String arg) throws IOException {
        if (arg.startsWith("@")) {
            List<Path> list = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(arg.substring(1)), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    list.add(Path.of(line.strip()));
                }
            }
            return list;
        }
        try (Stream<Path> walk = Files.walk(Path.of(arg))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: DeidentifyFiles [--profile NAME | --config CONFIG.json] [--secret S] [--threads N]"
                + " (DIR | @LISTFILE) OUT_DIR");
        System.exit(2);
    }
}
