package lab.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lab.measure.JfrStats;
import lab.measure.Numbers;
import lab.measure.ProcSampler;

/**
 * {@code cells.csv}: one row per cell and trial (the tables show their median and min–max; this keeps each). Written by hand (RFC 4180 quoting of the one free-text
 * column): a CSV library would bring two more jars for a dozen lines of code.
 */
public final class CellsCsv {

    public static final List<String> COLUMNS = List.of("preset", "trial", "scenario", "work", "cost_ms", "concurrency",
            "keep_alive", "capacity", "theory_rps", "rps", "efficiency", "mean_ms", "p50_ms", "p90_ms", "p99_ms",
            "max_ms", "completed", "failed", "non_2xx", "peak_rss_mb", "peak_threads", "cpu_ms_per_request",
            "includes_descendants", "gc_pause_total_ms", "gc_pause_max_ms", "alloc_mb_per_s", "vt_pinned", "note",
            "heap_kb_per_request", "heap_in_flight", "pod_cpu_ms_per_request", "throttled_periods", "throttled_share",
            "throttled_ms", "pod_peak_memory_mb", "oom_kills");

    private CellsCsv() {}

    public static void write(Path file, String preset, List<TrialResult> results) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", COLUMNS));
        for (TrialResult t : results) lines.add(String.join(",", row(preset, t.trial(), t.result())));
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static List<String> row(String preset, int trial, CellResult r) {
        Workload w = r.cell().workload();
        AbResult ab = r.ab();
        ProcSampler.Usage u = r.usage();
        List<String> cols = new ArrayList<>(List.of(preset, Integer.toString(trial), r.cell().scenario().name(),
                w.zeroCost() ? "zero" : Workload.label(w.work()), Numbers.csv(w.cost().toNanos() / 1e6),
                Integer.toString(r.cell().concurrency()), Boolean.toString(w.keepAlive()), r.capacityText(),
                Numbers.csv(r.theory()), Numbers.csv(r.requestsPerSecond()), Numbers.csv(r.efficiency())));
        cols.addAll(ab == null ? Collections.nCopies(8, "") : List.of(Numbers.csv(ab.meanMs()), Numbers.csv(ab.p50Ms()),
                Numbers.csv(ab.p90Ms()), Numbers.csv(ab.p99Ms()), Numbers.csv(ab.maxMs()), Long.toString(ab.completed()),
                Long.toString(ab.failed()), Long.toString(ab.non2xx())));
        cols.addAll(List.of(Numbers.csv(r.peakRssMb()), u == null ? "" : Integer.toString(u.peakThreads()),
                Numbers.csv(r.cpuMsPerRequest()), u == null ? "" : Boolean.toString(u.withDescendants())));
        JfrStats j = r.jfr();   // from the server JVM's flight recording; blank if there is none
        cols.addAll(j == null ? Collections.nCopies(4, "") : List.of(Numbers.csv(j.gcPauseTotalMs()),
                Numbers.csv(j.gcPauseMaxMs()), Numbers.csv(j.allocMbPerSecond()), Long.toString(j.pinned())));
        cols.add(quote(r.note() == null ? "" : r.note()));
        cols.addAll(List.of(Numbers.csv(r.heapKbPerRequest()), r.heap() == null ? "" : Integer.toString(r.heap().inFlight())));
        cols.addAll(r.pod() == null ? Collections.nCopies(6, "") : List.of(Numbers.csv(r.podCpuMsPerRequest()),   // blank without a pod
                Long.toString(r.pod().throttledPeriods()), Numbers.csv(r.throttledShare()), Numbers.csv(r.throttledMs()),
                Numbers.csv(r.podPeakMb()), Long.toString(r.pod().oomKills())));
        return cols;
    }

    static String quote(String text) {
        if (!text.contains(",") && !text.contains("\"") && !text.contains("\n")) return text;
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
