package lab.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.measure.JfrStats;
import lab.measure.Numbers;
import lab.measure.ProcSampler;
import lab.measure.Theory;
import lab.pod.PodReadings;
import lab.results.Csv;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;

/**
 * {@code cells.csv}: one row per cell and trial (the tables show their median and min–max; this
 * keeps each). {@link #read} turns it back into the results the tables and charts are drawn from,
 * so {@code -Prender} redraws them without a server or ab.
 */
public final class CellsCsv {

    public static final List<String> COLUMNS = List.of("preset", "trial", "scenario", "work", "cost_ms", "concurrency",
            "keep_alive", "capacity", "theory_rps", "rps", "efficiency", "mean_ms", "p50_ms", "p90_ms", "p99_ms",
            "max_ms", "completed", "failed", "non_2xx", "peak_rss_mb", "peak_threads", "cpu_ms_per_request",
            "includes_descendants", "gc_pause_total_ms", "gc_pause_max_ms", "alloc_mb_per_s", "vt_pinned", "note",
            "heap_kb_per_request", "heap_in_flight", "workload", "pod_cpu_ms_per_request", "pod_periods",
            "throttled_periods", "throttled_share", "throttled_ms", "pod_peak_memory_mb", "oom_kills",
            "wasted_for_nobody", "wasted_cut_short", "wasted_ms");

    private CellsCsv() {}

    public static void write(Path file, String preset, List<TrialResult> results) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (TrialResult t : results) rows.add(row(preset, t.trial(), t.result()));
        Csv.write(file, COLUMNS, rows);
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
        cols.add(r.note() == null ? "" : r.note());
        cols.addAll(List.of(Numbers.csv(r.heapKbPerRequest()), r.heap() == null ? "" : Integer.toString(r.heap().inFlight())));
        cols.add(w.key());
        cols.addAll(r.pod() == null ? Collections.nCopies(7, "") : List.of(Numbers.csv(r.podCpuMsPerRequest()),   // blank without a pod
                Long.toString(r.pod().periods()), Long.toString(r.pod().throttledPeriods()), Numbers.csv(r.throttledShare()),
                Numbers.csv(r.throttledMs()), Numbers.csv(r.podPeakMb()), Long.toString(r.pod().oomKills())));
        lab.work.http.StatsLine.Wasted waste = r.wasted();   // the downstream's /stats around the cell; blank without one
        cols.addAll(waste == null ? Collections.nCopies(3, "") : List.of(Long.toString(waste.forNobody()),
                Long.toString(waste.cutShort()), Numbers.csv(waste.ms())));
        return cols;
    }

    /**
     * The results of {@code file}, a run of {@code preset}, as the run had them: scenarios by name, workloads from the preset
     * (by the {@code workload} key; a run before that column by work, cost, keep-alive and
     * concurrency, the n-th such cell of a scenario in a trial being the preset's n-th such
     * workload: io's default pool before its pool of 50). Each number is the CSV's, so tables and
     * charts show what the run printed, to the CSV's two decimals.
     */
    public static List<TrialResult> read(Path file, Preset preset) throws IOException {
        List<TrialResult> results = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Row row : Csv.read(file)) {
            try {
                Scenario scenario = Scenarios.byName(row.text("scenario")).orElseThrow(() ->
                        new IllegalArgumentException("unknown scenario '" + row.text("scenario") + "'"));
                int c = (int) row.count("concurrency", -1);
                String same = row.text("trial") + "|" + scenario.name() + "|" + row.text("work") + "|" + row.text("cost_ms")
                        + "|" + row.text("keep_alive") + "|" + c;
                int nth = seen.merge(same, 1, Integer::sum) - 1;
                Cell cell = new Cell(scenario, workload(preset, row, c, nth), c);
                results.add(new TrialResult((int) row.count("trial", 1), result(cell, row)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + row.line() + ": " + e.getMessage(), e);
            }
        }
        return results;
    }

    private static Workload workload(Preset preset, Csv.Row row, int c, int nth) {
        if (row.has("workload")) {
            return preset.workloads().stream().filter(w -> w.key().equals(row.text("workload"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("preset " + preset.name() + " has no workload " + row.text("workload")));
        }
        double costMs = row.number("cost_ms");
        boolean keepAlive = Boolean.parseBoolean(row.text("keep_alive"));
        List<Workload> like = preset.workloads().stream()
                .filter(w -> (w.zeroCost() ? "zero" : Workload.label(w.work())).equals(row.text("work")))
                .filter(w -> w.cost().toNanos() / 1e6 == costMs && w.keepAlive() == keepAlive)
                .filter(w -> w.concurrencies().contains(c) || w.unboundedOnly().contains(c))
                .toList();
        if (nth >= like.size()) {
            throw new IllegalArgumentException("preset " + preset.name() + " has no workload " + row.text("work") + " "
                    + row.text("cost_ms") + " ms at c=" + c);
        }
        return like.get(nth);
    }

    private static CellResult result(Cell cell, Csv.Row row) {
        int capacity = row.text("capacity").equals("unbounded") ? Theory.UNBOUNDED : (int) row.count("capacity", 0);
        String note = row.has("note") ? row.text("note") : null;
        if (!row.has("completed")) return new CellResult(cell, capacity, row.number("theory_rps"), null, null, note);
        long completed = row.count("completed", 0);
        AbResult ab = new AbResult(row.number("rps"), row.number("mean_ms"), row.number("p50_ms"), row.number("p90_ms"),
                row.number("p99_ms"), row.number("max_ms"), completed, row.count("failed", 0), row.count("non_2xx", 0), 0, null);
        ProcSampler.Usage usage = null;
        if (row.has("peak_threads")) {
            double cpuMs = row.number("cpu_ms_per_request") * completed;   // the CSV keeps CPU per request
            usage = new ProcSampler.Usage(Math.round(row.number("peak_rss_mb") * 1024), (int) row.count("peak_threads", 0),
                    Duration.ofNanos(Double.isNaN(cpuMs) ? 0 : Math.round(cpuMs * 1e6)),
                    Boolean.parseBoolean(row.text("includes_descendants")));
        }
        HeapPerRequest heap = null;
        if (row.has("heap_in_flight")) {
            int inFlight = (int) row.count("heap_in_flight", 0);
            double kb = row.number("heap_kb_per_request");   // kept per request: idle 0, loaded = kb × in flight
            heap = Double.isNaN(kb) ? new HeapPerRequest(-1, -1, inFlight, null)
                    : new HeapPerRequest(0, kb * inFlight, inFlight, null);
        }
        JfrStats jfr = row.has("gc_pause_total_ms") ? new JfrStats(row.number("gc_pause_total_ms"),
                row.number("gc_pause_max_ms"), row.number("alloc_mb_per_s"), row.count("vt_pinned", 0)) : null;
        lab.work.http.StatsLine.Wasted wasted = row.has("wasted_ms") ? new lab.work.http.StatsLine.Wasted(
                row.count("wasted_for_nobody", 0), row.count("wasted_cut_short", 0), row.number("wasted_ms")) : null;
        return new CellResult(cell, capacity, row.number("theory_rps"), ab, usage, note, heap, jfr, pod(row, completed), wasted);
    }

    /** The pod's readings of a cell, as far as the CSV keeps them (CPU per request, not in total); null without a pod. */
    private static PodReadings pod(Csv.Row row, long completed) {
        if (!row.has("pod_periods")) return null;
        double peakMb = row.number("pod_peak_memory_mb");
        return new PodReadings(Duration.ofNanos(Math.round(row.number("pod_cpu_ms_per_request") * completed * 1e6)),
                row.count("pod_periods", 0), row.count("throttled_periods", 0),
                Duration.ofNanos(Math.round(row.number("throttled_ms") * 1e6)),
                Double.isNaN(peakMb) ? -1 : Math.round(peakMb * 1024 * 1024), row.count("oom_kills", 0));
    }
}
