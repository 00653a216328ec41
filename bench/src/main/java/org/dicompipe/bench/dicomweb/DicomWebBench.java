package org.dicompipe.bench.dicomweb;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.dicompipe.codec.synth.SyntheticStudy;

/**
 * The emulator against Orthanc over DICOMweb, driven by bench/emulator.sh (which starts both servers):
 * the same STOW-RS, QIDO-RS and WADO-RS requests, with the same number of client threads, against one server
 * after the other, then the emulator alone filled up to {@code --fill-to} instances for the large-index QIDO run.
 *
 * <pre>
 * DicomWebBench --emulator http://127.0.0.1:P --orthanc http://127.0.0.1:Q/dicom-web --ct-dir DIR
 *   [--instances N] [--rows R] [--columns C] [--clients 8] [--qido-requests 200] [--wado-requests 200]
 *   [--fill-to 100000] [--fill-size 16] [--fill-study-size 100]
 * </pre>
 * {@code DIR} holds {@code ct-0001.dcm}... written by {@code SyntheticStudy DIR N R C 16 1}.
 */
public final class DicomWebBench {
    private static final long CT_SEED = 1;
    private static final long FILL_FIRST_SEED = 1_000_001;

    private final Options options;
    private final LoadRunner runner;
    private final Report report = new Report();

    private DicomWebBench(Options options) {
        this.options = options;
        this.runner = new LoadRunner(options.clients);
    }

    public static void main(String[] args) throws Exception {
        new DicomWebBench(Options.parse(args)).run();
    }

    private void run() throws Exception {
        HttpClient http = DicomWebClient.httpClient();
        DicomWebClient emulator = new DicomWebClient("emulator", EmulatorStore.create(http, options.emulator), http);
        DicomWebClient orthanc = new DicomWebClient("orthanc", options.orthanc, http);
        List<DicomWebClient> servers = List.of(emulator, orthanc);
        StudyFacts ct = StudyFacts.of(CT_SEED, options.instances);
        int frameBytes = options.rows * options.columns * 2;

        System.out.printf(Locale.ROOT, "== %d CT instances %dx%d 16-bit, %d clients, servers one after the other%n",
                options.instances, options.rows, options.columns, options.clients);
        int warmup = Math.max(1, options.instances / 10);
        for (DicomWebClient server : servers) {
            // the first 10% of the series warm both servers up (JIT, caches, connections); not timed
            runner.run(server.name(), "warm-up", stowCalls(server, ct, 0, warmup), 1);
            report.add(runner.run(server.name(), "STOW-RS 1 instance/request",
                    stowCalls(server, ct, warmup, options.instances), 1));
        }
        System.out.printf(Locale.ROOT, "   STOW timed: instances %d..%d (the first %d were stored untimed as a warm-up)%n",
                warmup + 1, options.instances, warmup);

        List<StudyFacts> onlyCt = List.of(ct);
        for (QidoQueries.Kind kind : QidoQueries.kinds(ct, onlyCt)) {
            for (DicomWebClient server : servers) {
                report.add(runner.run(server.name(), "QIDO " + kind.name(),
                        qidoCalls(server, kind, options.qidoRequests), 1));
            }
        }
        for (DicomWebClient server : servers) {
            report.add(wado(server, ct, "WADO instance", (s, uid) ->
                    () -> s.retrieveInstance(ct.studyUid(), ct.seriesUid(), uid, frameBytes)));
            report.add(wado(server, ct, "WADO metadata", (s, uid) ->
                    () -> s.retrieveMetadata(ct.studyUid(), ct.seriesUid(), uid)));
            report.add(wado(server, ct, "WADO frames/1", (s, uid) ->
                    () -> s.retrieveFrame(ct.studyUid(), ct.seriesUid(), uid, frameBytes)));
        }
        report.printComparison(options);

        if (options.fillTo > options.instances) {
            largeIndex(emulator, ct);
        }
    }

    /** Fills the emulator's store up to {@code fillTo} instances with small ones, then runs the QIDO loads again. */
    private void largeIndex(DicomWebClient emulator, StudyFacts ct) throws Exception {
        List<StudyFacts> all = new ArrayList<>();
        all.add(ct);
        int remaining = options.fillTo - options.instances;
        for (long seed = FILL_FIRST_SEED; remaining > 0; seed++) {
            int n = Math.min(options.fillStudySize, remaining);
            all.add(StudyFacts.of(seed, n));
            remaining -= n;
        }
        List<LoadRunner.Call> fill = new ArrayList<>();
        for (StudyFacts study : all.subList(1, all.size())) {
            fill.add(() -> {
                SyntheticStudy gen = SyntheticStudy.withSeed(study.seed()).instances(study.instances())
                        .size(options.fillSize, options.fillSize);
                List<byte[]> parts = new ArrayList<>(study.instances());
                List<String> uids = new ArrayList<>(study.instances());
                for (int i = 0; i < study.instances(); i++) {
                    parts.add(gen.toPart10(i));
                    uids.add(gen.sopInstanceUid(i));
                }
                return emulator.stow(study.studyUid(), parts, uids);
            });
        }
        System.out.printf(Locale.ROOT, "%n== emulator alone: filling the store to %d instances (%d studies of up to %d"
                + " %dx%d 16-bit instances, one STOW request per study, generated by the clients)%n",
                options.fillTo, all.size() - 1, options.fillStudySize, options.fillSize, options.fillSize);
        LoadResult filled = runner.run("emulator", "STOW-RS fill", fill, 0);
        System.out.printf(Locale.ROOT, "   stored %d instances in %.1f s: %.0f instances/s (includes client-side"
                + " generation)%n", options.fillTo - options.instances, filled.wallNanos() / 1e9,
                (options.fillTo - options.instances) / (filled.wallNanos() / 1e9));

        // with the benchmark's clients (throughput under load), then one client at a time (the latency of a search
        // on its own, without queueing behind the other clients on this machine's cores)
        for (int clients : new int[] {options.clients, 1}) {
            LoadRunner r = new LoadRunner(clients);
            Report large = new Report();
            for (QidoQueries.Kind kind : QidoQueries.kinds(ct, all)) {
                large.add(r.run("emulator", "QIDO " + kind.name(), qidoCalls(emulator, kind, options.qidoRequests), 1));
            }
            large.printLargeIndex(options.fillTo, clients);
        }
    }

    private List<LoadRunner.Call> stowCalls(DicomWebClient server, StudyFacts ct, int from, int to) {
        List<LoadRunner.Call> calls = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Path file = options.ctDir.resolve(String.format(Locale.ROOT, "ct-%04d.dcm", i + 1));
            String uid = ct.sopInstanceUid(i);
            calls.add(() -> server.stow(null, List.of(Files.readAllBytes(file)), List.of(uid)));
        }
        return calls;
    }

    /** The same pseudo-random sequence of queries for every server. */
    private static List<LoadRunner.Call> qidoCalls(DicomWebClient server, QidoQueries.Kind kind, int count) {
        Random random = new Random(7);
        List<LoadRunner.Call> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            QidoQueries.Query q = kind.next().apply(random);
            calls.add(() -> server.qido(q.pathAndQuery(), q.expectedMatches()));
        }
        return calls;
    }

    private interface WadoCall {
        LoadRunner.Call of(DicomWebClient server, String sopInstanceUid);
    }

    private LoadResult wado(DicomWebClient server, StudyFacts ct, String load, WadoCall call) throws Exception {
        Random random = new Random(11);
        List<LoadRunner.Call> calls = new ArrayList<>();
        for (int i = 0; i < options.wadoRequests; i++) {
            calls.add(call.of(server, ct.sopInstanceUid(random.nextInt(ct.instances()))));
        }
        return runner.run(server.name(), load, calls, 1);
    }

    /** Command-line settings. */
    static final class Options {
        String emulator;
        String orthanc;
        Path ctDir;
        int instances = 2000;
        int rows = 512;
        int columns = 512;
        int clients = 8;
        int qidoRequests = 200;
        int wadoRequests = 200;
        int fillTo = 100_000;
        int fillSize = 16;
        int fillStudySize = 100;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + args[i]);
                }
                String v = args[i + 1];
                Function<String, Integer> num = Integer::parseInt;
                switch (args[i]) {
                    case "--emulator" -> o.emulator = v;
                    case "--orthanc" -> o.orthanc = v;
                    case "--ct-dir" -> o.ctDir = Path.of(v);
                    case "--instances" -> o.instances = num.apply(v);
                    case "--rows" -> o.rows = num.apply(v);
                    case "--columns" -> o.columns = num.apply(v);
                    case "--clients" -> o.clients = num.apply(v);
                    case "--qido-requests" -> o.qidoRequests = num.apply(v);
                    case "--wado-requests" -> o.wadoRequests = num.apply(v);
                    case "--fill-to" -> o.fillTo = num.apply(v);
                    case "--fill-size" -> o.fillSize = num.apply(v);
                    case "--fill-study-size" -> o.fillStudySize = num.apply(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (o.emulator == null || o.orthanc == null || o.ctDir == null) {
                throw new IllegalArgumentException("--emulator, --orthanc and --ct-dir are required");
            }
            return o;
        }
    }
}
