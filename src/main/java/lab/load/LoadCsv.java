package lab.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.measure.JfrStats;
import lab.measure.Numbers;

/** {@code cells.csv}: one row per sweep step and trial (every trial, so the spread can be recomputed). */
public final class LoadCsv {

    public static final List<String> COLUMNS = List.of("preset", "scenario", "work", "cost_ms", "capacity", "knee_rps",
            "step", "offered_rps", "trial", "sent_rps", "achieved_rps", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms",
            "ok", "status_503", "errors", "lag_p99_ms", "server_cores", "server_peak_threads", "client_cores",
            "client_bound", "gc_pause_total_ms", "gc_pause_max_ms", "alloc_mb_per_s", "vt_pinned",
            "pod_cpu_ms_per_request", "throttled_periods", "throttled_share", "throttled_ms", "pod_peak_memory_mb", "oom_kills");

    private LoadCsv() {}

    public static void write(Path file, String preset, List<StepResult> results) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", COLUMNS));
        for (StepResult r : results) {
            StepStats s = r.stats();
            LoadPlan.Target t = r.target();
            lines.add(String.join(",", preset, t.scenario().name(), t.workload().label(),
                    Numbers.csv(t.workload().cost().toNanos() / 1e6), LoadTables.capacity(t), Numbers.csv(t.knee()),
                    quote(s.label()), Numbers.csv(s.offered()), Integer.toString(r.trial()), Numbers.csv(s.sentPerSecond()),
                    Numbers.csv(s.achieved()), Numbers.csv(s.p50()), Numbers.csv(s.p90()), Numbers.csv(s.p99()),
                    Numbers.csv(s.p999()), Numbers.csv(s.max()), Long.toString(s.ok()), Long.toString(s.unavailable()),
                    Long.toString(s.errors()), Numbers.csv(s.lagP99()), Numbers.csv(r.serverCores()),
                    Numbers.csv(r.serverThreads()), Numbers.csv(r.clientCores()), quote(r.clientBound() == null ? "" : r.clientBound()),
                    Numbers.csv(JfrStats.of(r.jfr(), JfrStats::gcPauseTotalMs)), Numbers.csv(JfrStats.of(r.jfr(), JfrStats::gcPauseMaxMs)),
                    Numbers.csv(JfrStats.of(r.jfr(), JfrStats::allocMbPerSecond)), Numbers.csv(JfrStats.of(r.jfr(), JfrStats::pinned)),
                    podColumns(r)));
        }
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** The server's pod's share of the step, blank without a pod. */
    private static String podColumns(StepResult r) {
        lab.pod.PodReadings p = r.pod();
        if (p == null) return ",,,,,";
        return String.join(",", Numbers.csv(r.podCpuMsPerRequest()), Long.toString(p.throttledPeriods()),
                Numbers.csv(r.throttledShare()), Numbers.csv(p.throttledTime().toNanos() / 1e6),
                p.peakMemory() < 0 ? "" : Numbers.csv(p.peakMemory() / (1024.0 * 1024.0)), Long.toString(p.oomKills()));
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
