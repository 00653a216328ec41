package org.dicompipe.bench.dicomweb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the measured loads as markdown tables (pasted as they are into docs/benchmarks.md). */
final class Report {
    private static final double QIDO_P99_GOAL_MS = 20;
    private static final double STOW_RATIO_GOAL = 2;

    private final List<LoadResult> results = new ArrayList<>();

    void add(LoadResult r) {
        results.add(r);
        System.out.printf(Locale.ROOT, "   %-9s %-50s %6d req  %8.1f /s  %7.1f MB/s  p50 %7.1f  p90 %7.1f  p99 %7.1f ms%n",
                r.server(), r.load(), r.requests(), r.itemsPerSecond(), r.megabytesPerSecond(),
                r.latencies().percentileMillis(50), r.latencies().percentileMillis(90),
                r.latencies().percentileMillis(99));
    }

    void printComparison(DicomWebBench.Options o) {
        Map<String, LoadResult[]> byLoad = new LinkedHashMap<>();
        for (LoadResult r : results) {
            byLoad.computeIfAbsent(r.load(), k -> new LoadResult[2])["emulator".equals(r.server()) ? 0 : 1] = r;
        }
        System.out.printf(Locale.ROOT, "%n== emulator vs Orthanc (%d clients; rate = instances/s for STOW, requests/s"
                + " otherwise; latencies in ms; ratio e/o: rate emulator/Orthanc, p99 emulator/Orthanc)%n", o.clients);
        System.out.println("| load | server | requests | rate/s | MB/s | p50 | p90 | p99 | rate e/o | p99 e/o |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        double stowRatio = Double.NaN;
        for (Map.Entry<String, LoadResult[]> e : byLoad.entrySet()) {
            LoadResult em = e.getValue()[0];
            LoadResult or = e.getValue()[1];
            double rateRatio = em.itemsPerSecond() / or.itemsPerSecond();
            double p99Ratio = em.latencies().percentileMillis(99) / or.latencies().percentileMillis(99);
            row(em, "");
            row(or, String.format(Locale.ROOT, " %.2fx | %.2fx |", rateRatio, p99Ratio));
            if (e.getKey().startsWith("STOW")) {
                stowRatio = rateRatio;
            }
        }
        System.out.printf(Locale.ROOT, "%n   goal: STOW >= %.0fx Orthanc's instances/s: %s (%.2fx)%n", STOW_RATIO_GOAL,
                stowRatio >= STOW_RATIO_GOAL ? "met" : "NOT met", stowRatio);
    }

    void printLargeIndex(int instances, int clients) {
        System.out.printf(Locale.ROOT, "%n== emulator QIDO with %d instances indexed (%d client%s; ms)%n", instances,
                clients, clients == 1 ? "" : "s");
        System.out.println("| load | requests | req/s | p50 | p90 | p99 |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        double worst = 0;
        for (LoadResult r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", r.load(), r.requests(),
                    r.itemsPerSecond(), r.latencies().percentileMillis(50), r.latencies().percentileMillis(90),
                    r.latencies().percentileMillis(99));
            worst = Math.max(worst, r.latencies().percentileMillis(99));
        }
        System.out.printf(Locale.ROOT, "%n   goal: QIDO p99 < %.0f ms with %d instances, %d client%s: %s (worst p99 of"
                + " the searches: %.1f ms)%n", QIDO_P99_GOAL_MS, instances, clients, clients == 1 ? "" : "s",
                worst < QIDO_P99_GOAL_MS ? "met" : "NOT met", worst);
    }

    private static void row(LoadResult r, String ratios) {
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%s%n", r.load(), r.server(),
                r.requests(), r.itemsPerSecond(), r.megabytesPerSecond(), r.latencies().percentileMillis(50),
                r.latencies().percentileMillis(90), r.latencies().percentileMillis(99),
                ratios.isEmpty() ? " | |" : ratios);
    }
}
