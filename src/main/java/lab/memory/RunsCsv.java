package lab.memory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lab.results.Csv;

/** {@code results/memory-run/runs.csv}: one row per run, written by the run and read back by the render. */
final class RunsCsv {

    static final String FILE = "runs.csv";

    static final List<String> COLUMNS = List.of("scenario", "pod_mb", "heap", "max_heap_mb", "heap_kb_per_request",
            "predicted_in_flight", "in_flight_at_failure", "in_flight_per_gb", "failure", "clients_got", "first_answer",
            "oom_kills", "exit_status", "pod_peak_memory_mb", "probe_after_failure", "probe_after_release", "afterwards",
            "seconds");

    private RunsCsv() {}

    static void write(Path file, List<MemoryRunResult> runs) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (MemoryRunResult r : runs) {
            rows.add(List.of(r.scenario(), Integer.toString(r.podMb()), r.heap(), num(r.maxHeapMb()), num(r.kbPerRequest()),
                    Long.toString(r.predictedInFlight()), Long.toString(r.inFlightAtFailure()), Long.toString(r.inFlightPerGb()),
                    r.failure().label, r.clientsGot(), r.firstAnswer(), Long.toString(r.oomKills()), r.exitStatus(),
                    num(r.peakMemoryMb()), r.probeAfterFailure(), r.probeAfterRelease(), r.afterwards(), num(r.seconds())));
        }
        Csv.write(file, COLUMNS, rows);
    }

    static List<MemoryRunResult> read(Path file) throws IOException {
        List<MemoryRunResult> runs = new ArrayList<>();
        for (Csv.Row row : Csv.read(file)) {
            try {
                runs.add(new MemoryRunResult(row.text("scenario"), (int) row.count("pod_mb", 0), row.text("heap"),
                        row.number("max_heap_mb"), row.number("heap_kb_per_request"), row.count("predicted_in_flight", -1),
                        row.count("in_flight_at_failure", 0), Failure.byLabel(row.text("failure")), row.text("clients_got"),
                        row.text("first_answer"), row.count("oom_kills", 0), row.text("exit_status"),
                        row.number("pod_peak_memory_mb"), row.text("probe_after_failure"), row.text("probe_after_release"),
                        row.text("afterwards"), row.number("seconds")));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + row.line() + ": " + e.getMessage(), e);
            }
        }
        return runs;
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "";
        String s = String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
