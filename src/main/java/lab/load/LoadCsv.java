package lab.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The load run's data, every trial, so {@code -Prender} redraws its tables and charts without a
 * server or Gatling: {@code cells.csv} (one row per sweep step and trial), {@code spikes.csv} (one
 * row per spike, trial and phase) and {@code spike-timeline.csv} (one row per half-second bucket of
 * each spike and trial). The target's and a step's columns are the same in each file.
 */
public final class LoadCsv {

    public static final String CELLS = "cells.csv";
    public static final String SPIKES = "spikes.csv";
    public static final String TIMELINE = "spike-timeline.csv";

    public static final List<String> COLUMNS = List.of("preset", "scenario", "work", "cost_ms", "capacity", "knee_rps",
            "step", "offered_rps", "trial", "sent_rps", "achieved_rps", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms",
            "ok", "status_503", "errors", "lag_p99_ms", "server_cores", "server_peak_threads", "client_cores",
            "client_bound", "gc_pause_total_ms", "gc_pause_max_ms", "alloc_mb_per_s", "vt_pinned", "queue_limit",
            "variant", "request_timeout_ms", "goodput_rps", "timeouts", "wasted_calls", "wasted_ms", "served_calls",
            "pod_cpu_ms_per_request", "pod_periods", "throttled_periods", "throttled_share", "throttled_ms",
            "pod_peak_memory_mb", "oom_kills", "pod_cpus", "predicted_knee_rps", "knee_bound", "calibration_cpu_ms_per_request");

    public static final List<String> SPIKE_COLUMNS = List.of("preset", "scenario", "work", "cost_ms", "capacity", "knee_rps",
            "queue_limit", "trial", "step", "offered_rps", "sent_rps", "achieved_rps", "p50_ms", "p90_ms", "p99_ms", "p999_ms",
            "max_ms", "ok", "status_503", "errors", "lag_p99_ms", "client_bound", "spike_start_s", "spike_end_s",
            "recovery_s", "bucket_s", "pod_cpus", "gc_pause_total_ms", "gc_pause_max_ms", "alloc_mb_per_s", "variant");

    public static final List<String> TIMELINE_COLUMNS = List.of("preset", "scenario", "work", "cost_ms", "trial", "t_s",
            "sent", "p99_ms", "status_503", "errors", "pod_cpus", "variant");

    private LoadCsv() {}

    public static void write(Path file, String preset, List<StepResult> results) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (StepResult r : results) {
            Map<String, String> f = new LinkedHashMap<>(target(preset, r.target()));
            f.putAll(stats(r.stats()));
            f.put("trial", Integer.toString(r.trial()));
            f.put("server_cores", Numbers.csv(r.serverCores()));
            f.put("server_peak_threads", Numbers.csv(r.serverThreads()));
            f.put("client_cores", Numbers.csv(r.clientCores()));
            f.put("client_bound", r.clientBound() == null ? "" : r.clientBound());
            f.putAll(jfr(r.jfr()));
            f.putAll(pod(r));
            if (r.patience() != null) {
                f.put("request_timeout_ms", Numbers.csv(r.patience().timeoutMs()));
                f.put("goodput_rps", Numbers.csv(r.patience().goodput()));
                f.put("timeouts", Long.toString(r.patience().timeouts()));
            }
            if (r.wasted() != null) {
                f.put("wasted_calls", Long.toString(r.wasted().departed()));
                f.put("wasted_ms", Long.toString(r.wasted().departedMs()));
                f.put("served_calls", Long.toString(r.wasted().served()));
            }
            rows.add(COLUMNS.stream().map(c -> f.getOrDefault(c, "")).toList());
        }
        Csv.write(file, COLUMNS, rows);
    }

    /** The server's pod's share of the step; no fields without a pod. */
    private static Map<String, String> pod(StepResult r) {
        PodReadings p = r.pod();
        Map<String, String> f = new LinkedHashMap<>();
        if (p == null) return f;
        f.put("pod_cpu_ms_per_request", Numbers.csv(r.podCpuMsPerRequest()));
        f.put("pod_periods", Long.toString(p.periods()));
        f.put("throttled_periods", Long.toString(p.throttledPeriods()));
        f.put("throttled_share", Numbers.csv(r.throttledShare()));
        f.put("throttled_ms", Numbers.csv(p.throttledTime().toNanos() / 1e6));
        f.put("pod_peak_memory_mb", p.peakMemory() < 0 ? "" : Numbers.csv(p.peakMemory() / (1024.0 * 1024.0)));
        f.put("oom_kills", Long.toString(p.oomKills()));
        return f;
    }

    /** What impatient clients got; null for a run of patient ones (and for files from before these columns). */
    private static StepResult.Patience patience(Csv.Row row) {
        if (!row.has("request_timeout_ms")) return null;
        return new StepResult.Patience(row.number("request_timeout_ms"), row.number("goodput_rps"), row.count("timeouts", 0));
    }

    /**
     * The downstream's counts in the step as the CSV keeps them: departed calls and their time, and the
     * calls served (-1 in files from before that column); null where none was read.
     */
    private static lab.work.http.StatsLine wasted(Csv.Row row) {
        if (!row.has("wasted_calls")) return null;
        return new lab.work.http.StatsLine(row.count("served_calls", -1), row.count("wasted_calls", 0), row.count("wasted_ms", 0),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty());
    }

    /** A step's pod readings as far as the CSV keeps them (CPU per 200, not in total); null without a pod. */
    private static PodReadings pod(Csv.Row row) {
        if (!row.has("pod_periods")) return null;
        double peakMb = row.number("pod_peak_memory_mb");
        return new PodReadings(Duration.ofNanos(Math.round(row.number("pod_cpu_ms_per_request") * row.count("ok", 0) * 1e6)),
                row.count("pod_periods", 0), row.count("throttled_periods", 0),
                Duration.ofNanos(Math.round(row.number("throttled_ms") * 1e6)),
                Double.isNaN(peakMb) ? -1 : Math.round(peakMb * 1024 * 1024), row.count("oom_kills", 0));
    }

    /** {@code spikes.csv} and {@code spike-timeline.csv} in {@code dir}: every phase and every bucket of every trial. */
    public static void writeSpikes(Path dir, String preset, List<SpikeResult> spikes) throws IOException {
        List<List<String>> phases = new ArrayList<>();
        List<List<String>> buckets = new ArrayList<>();
        for (SpikeResult s : spikes) {
            Timeline t = s.timeline();
            for (StepStats st : s.phases()) {
                Map<String, String> f = new LinkedHashMap<>(target(preset, s.target()));
                f.putAll(stats(st));
                f.putAll(jfr(s.jfr(st.label())));
                f.put("trial", Integer.toString(s.trial()));
                f.put("client_bound", s.clientBound() == null ? "" : s.clientBound());
                f.put("spike_start_s", Numbers.csv(t.spikeStart()));
                f.put("spike_end_s", Numbers.csv(t.spikeEnd()));
                f.put("recovery_s", Numbers.csv(t.recovery()));
                f.put("bucket_s", Numbers.csv(t.bucketSeconds()));
                phases.add(SPIKE_COLUMNS.stream().map(c -> f.getOrDefault(c, "")).toList());
            }
            for (Timeline.Bucket b : t.buckets()) {
                Map<String, String> f = new LinkedHashMap<>(target(preset, s.target()));
                f.put("trial", Integer.toString(s.trial()));
                f.put("t_s", Numbers.csv(b.t()));
                f.put("sent", Long.toString(b.sent()));
                f.put("p99_ms", Numbers.csv(b.p99()));
                f.put("status_503", Long.toString(b.unavailable()));
                f.put("errors", Long.toString(b.errors()));
                buckets.add(TIMELINE_COLUMNS.stream().map(c -> f.getOrDefault(c, "")).toList());
            }
        }
        Csv.write(dir.resolve(SPIKES), SPIKE_COLUMNS, phases);
        Csv.write(dir.resolve(TIMELINE), TIMELINE_COLUMNS, buckets);
    }

    /** A recording's columns, blank without one (spikes.csv leaves out the pinned count: its table does not show it). */
    private static Map<String, String> jfr(JfrStats j) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("gc_pause_total_ms", Numbers.csv(JfrStats.of(j, JfrStats::gcPauseTotalMs)));
        f.put("gc_pause_max_ms", Numbers.csv(JfrStats.of(j, JfrStats::gcPauseMaxMs)));
        f.put("alloc_mb_per_s", Numbers.csv(JfrStats.of(j, JfrStats::allocMbPerSecond)));
        f.put("vt_pinned", Numbers.csv(JfrStats.of(j, JfrStats::pinned)));
        return f;
    }

    /** A row's recording, or null where the run read none. */
    private static JfrStats jfr(Csv.Row row) {
        return row.has("gc_pause_total_ms") ? new JfrStats(row.number("gc_pause_total_ms"), row.number("gc_pause_max_ms"),
                row.number("alloc_mb_per_s"), row.count("vt_pinned", 0)) : null;
    }

    private static Map<String, String> target(String preset, LoadPlan.Target t) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("preset", preset);
        f.put("scenario", t.scenario().name());
        f.put("work", t.workload().label());
        f.put("cost_ms", Numbers.csv(t.workload().cost().toNanos() / 1e6));
        f.put("capacity", LoadTables.capacity(t));
        f.put("knee_rps", Numbers.csv(t.knee()));
        f.put("queue_limit", Integer.toString(t.queueLimit()));
        f.put("variant", t.variant());
        if (t.workload().hasPod()) f.put("pod_cpus", Numbers.csv(t.workload().cpus()));
        if (t.calibrated()) {   // blank for every other preset
            f.put("predicted_knee_rps", Numbers.csv(t.knee()));
            f.put("knee_bound", t.kneeBound() == null ? "" : t.kneeBound());
            f.put("calibration_cpu_ms_per_request", Numbers.csv(t.calibrationCpuMs()));
        }
        return f;
    }

    private static Map<String, String> stats(StepStats s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("step", s.label());
        f.put("offered_rps", Numbers.csv(s.offered()));
        f.put("sent_rps", Numbers.csv(s.sentPerSecond()));
        f.put("achieved_rps", Numbers.csv(s.achieved()));
        f.put("p50_ms", Numbers.csv(s.p50()));
        f.put("p90_ms", Numbers.csv(s.p90()));
        f.put("p99_ms", Numbers.csv(s.p99()));
        f.put("p999_ms", Numbers.csv(s.p999()));
        f.put("max_ms", Numbers.csv(s.max()));
        f.put("ok", Long.toString(s.ok()));
        f.put("status_503", Long.toString(s.unavailable()));
        f.put("errors", Long.toString(s.errors()));
        f.put("lag_p99_ms", Numbers.csv(s.lagP99()));
        return f;
    }

    /** The sweep steps of {@code dir/cells.csv}, a run of {@code preset}, as the run had them (to the CSV's two decimals). */
    public static List<StepResult> readCells(Path dir, LoadPreset preset) throws IOException {
        Path file = dir.resolve(CELLS);
        List<StepResult> steps = new ArrayList<>();
        for (Csv.Row row : Csv.read(file)) {
            try {
                LoadPlan.Target t = target(row, preset);
                double seconds = preset.stepSeconds();   // the CSV keeps cores in use, CPU time / this
                ProcSampler.Usage server = row.has("server_cores") ? usage(row.number("server_cores") * seconds,
                        (int) row.count("server_peak_threads", 0)) : null;
                ProcSampler.Usage client = row.has("client_cores") ? usage(row.number("client_cores") * seconds, 0) : null;
                steps.add(new StepResult(t, (int) row.count("trial", 1), stats(row), seconds, server, client, 0,
                        row.has("client_bound") ? row.text("client_bound") : null, jfr(row), pod(row), patience(row),
                        wasted(row)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + row.line() + ": " + e.getMessage(), e);
            }
        }
        return steps;
    }

    /** The spikes of {@code dir} (trials in order, phases and buckets as the run had them); empty where the run kept none. */
    public static List<SpikeResult> readSpikes(Path dir, LoadPreset preset) throws IOException {
        if (!Files.exists(dir.resolve(SPIKES))) return List.of();
        Map<String, List<Timeline.Bucket>> buckets = new LinkedHashMap<>();
        for (Csv.Row row : Csv.read(dir.resolve(TIMELINE))) {
            buckets.computeIfAbsent(key(row), k -> new ArrayList<>()).add(new Timeline.Bucket(row.number("t_s"),
                    row.count("sent", 0), row.number("p99_ms"), row.count("status_503", 0), row.count("errors", 0)));
        }
        Map<String, List<Csv.Row>> phases = new LinkedHashMap<>();
        for (Csv.Row row : Csv.read(dir.resolve(SPIKES))) phases.computeIfAbsent(key(row), k -> new ArrayList<>()).add(row);
        List<SpikeResult> spikes = new ArrayList<>();
        for (Map.Entry<String, List<Csv.Row>> e : phases.entrySet()) {
            Csv.Row first = e.getValue().get(0);
            try {
                Timeline timeline = new Timeline(first.number("bucket_s"), buckets.getOrDefault(e.getKey(), List.of()),
                        first.number("spike_start_s"), first.number("spike_end_s"), first.number("recovery_s"));
                List<JfrStats> read = e.getValue().stream().map(LoadCsv::jfr).toList();
                List<JfrStats> jfr = read.contains(null) ? List.of() : read;   // every phase read, or none (older runs: none)
                spikes.add(new SpikeResult(target(first, preset), (int) first.count("trial", 1), timeline,
                        e.getValue().stream().map(LoadCsv::stats).toList(),
                        first.has("client_bound") ? first.text("client_bound") : null, jfr));
            } catch (IllegalArgumentException ex) {
                throw new IOException(dir.resolve(SPIKES) + " line " + first.line() + ": " + ex.getMessage(), ex);
            }
        }
        return spikes;
    }

    private static String key(Csv.Row row) {
        return row.text("scenario") + "|" + row.text("work") + "|" + row.text("cost_ms") + "|" + row.text("trial")
                + "|" + variant(row) + "|" + (row.has("pod_cpus") ? row.text("pod_cpus") : "");
    }

    /**
     * The target a row was measured on. Its queue is the row's {@code queue_limit}; a run from before
     * that column had the one its preset gives at its knee.
     */
    private static LoadPlan.Target target(Csv.Row row, LoadPreset preset) {
        Scenario scenario = Scenarios.byName(row.text("scenario")).orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + row.text("scenario") + "'"));
        double costMs = row.number("cost_ms");
        double cpus = row.has("pod_cpus") ? row.number("pod_cpus") : Double.NaN;   // a preset's own pod size tells its workloads apart
        LoadWorkload workload = preset.workloads().stream()
                .filter(w -> w.label().equals(row.text("work")) && w.cost().toNanos() / 1e6 == costMs)
                .filter(w -> !w.hasPod() || Math.abs(w.cpus() - cpus) < 1e-6).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("load preset " + preset.name() + " has no workload "
                        + row.text("work") + " " + row.text("cost_ms") + " ms"));
        int capacity = row.text("capacity").equals("unbounded") ? Theory.UNBOUNDED : (int) row.count("capacity", 0);
        double knee = row.number("knee_rps");
        int queue = row.has("queue_limit") ? (int) row.count("queue_limit", -1) : LoadPlan.queueLimit(preset, knee);
        double calibration = row.has("calibration_cpu_ms_per_request") ? row.number("calibration_cpu_ms_per_request") : Double.NaN;
        return new LoadPlan.Target(scenario, workload, capacity, knee, List.of(), Double.isNaN(knee) ? preset.nominalRate() : knee,
                queue, null, calibration, row.has("knee_bound") ? row.text("knee_bound") : null, variant(row));
    }

    /** The row's server variant; files from before that column have a {@code deadline} column (its value, or blank). */
    private static String variant(Csv.Row row) {
        if (row.has("variant")) return row.text("variant");
        return row.has("deadline") && !row.text("deadline").isEmpty() ? "deadline=" + row.text("deadline") : "";
    }

    private static StepStats stats(Csv.Row row) {
        long ok = row.count("ok", 0);
        long unavailable = row.count("status_503", 0);
        long errors = row.count("errors", 0);
        return new StepStats(row.text("step"), row.number("offered_rps"), ok + unavailable + errors, row.number("sent_rps"),
                row.number("achieved_rps"), row.number("p50_ms"), row.number("p90_ms"), row.number("p99_ms"),
                row.number("p999_ms"), row.number("max_ms"), ok, unavailable, errors, row.number("lag_p99_ms"));
    }

    private static ProcSampler.Usage usage(double cpuSeconds, int threads) {
        return new ProcSampler.Usage(0, threads, Duration.ofNanos(Math.round(cpuSeconds * 1e9)), false);
    }
}
