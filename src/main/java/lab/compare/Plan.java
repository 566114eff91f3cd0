package lab.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.config.OptionException;
import lab.config.WorkKind;
import lab.measure.Theory;
import lab.scenarios.Scenario;

/**
 * Every cell of a run, grouped by server JVM (one per scenario and work kind: CPU work is
 * calibrated at the server's start), each cell with the reason it is skipped, if any.
 */
public record Plan(Preset preset, List<Server> servers, Theory.Cpu cpu) {

    /** One fresh server JVM and the cells it serves, in order. */
    public record Server(Scenario scenario, WorkKind work, List<Planned> cells) {
        public boolean runsAnything() {
            return cells.stream().anyMatch(c -> c.skip() == null);
        }

        /** Options the server JVM starts with besides scenario and work (e.g. poolSize). */
        public Map<String, String> serverOptions() {
            return cells.get(0).cell().workload().serverOptions();
        }

        /** This server's files in raw/: {@code virtual-threads_db}, {@code virtual-threads_db-pool50}. */
        public String fileStem() {
            StringBuilder stem = new StringBuilder(scenario.name() + "_" + Workload.label(work));
            new java.util.TreeMap<>(serverOptions()).forEach((k, v) -> stem.append('-').append(Workload.optionLabel(k, v, false)));
            return stem.toString();
        }
    }

    /** A cell, and why it is skipped ({@code null} if it runs). */
    public record Planned(Cell cell, String skip) {}

    public static Plan of(Preset preset, List<Scenario> scenarios, int cores) {
        return of(preset, scenarios, Theory.Cpu.cores(cores));
    }

    /** The plan for servers with this CPU (in a pod: what the server JVM sees and gets, {@code PodLimits.serverCpu}). */
    public static Plan of(Preset preset, List<Scenario> scenarios, Theory.Cpu cpu) {
        List<Server> servers = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Map<String, List<Planned>> byWork = new LinkedHashMap<>();   // one server JVM per work kind and server options
            for (Workload w : preset.workloads()) {
                List<Integer> cs = new ArrayList<>(w.concurrencies());
                Cell probe = new Cell(scenario, w, 1);
                for (int c : w.unboundedOnly()) if (probe.capacity() >= c) cs.add(c);   // only where there is room for c
                String skip = preset.leftOut().getOrDefault(scenario.name(), refusal(probe));
                for (int c : cs) byWork.computeIfAbsent(w.serverKey(), k -> new ArrayList<>()).add(new Planned(new Cell(scenario, w, c), skip));
            }
            byWork.forEach((key, cells) -> servers.add(new Server(scenario, cells.get(0).cell().workload().work(), cells)));
        }
        return new Plan(preset, servers, cpu);
    }

    /** The scenario's own {@code check}: a refusal is a note for the cell, not a failure. */
    private static String refusal(Cell cell) {
        try {
            cell.scenario().check(cell.options());
            return null;
        } catch (OptionException e) {
            return e.getMessage();
        }
    }

    public int cellCount() {
        return servers.stream().mapToInt(s -> s.cells().size()).sum();
    }

    /** Seconds the run should take: JVM start, warm-up and stop per server, each cell, and the drain after it. */
    public double estimateSeconds() {
        double total = 0;
        for (Server s : servers) {
            if (!s.runsAnything()) continue;
            total += 3 + preset.warmupSeconds();
            if (s.work() == WorkKind.HTTP || s.work() == WorkKind.DB) total += 3;   // a downstream JVM or a PostgreSQL cluster
            List<Planned> cells = s.cells().stream().filter(p -> p.skip() == null).toList();
            for (int i = 0; i < cells.size(); i++) {
                Cell cell = cells.get(i).cell();
                double rate = serviceRate(cell);
                Workload w = cell.workload();
                total += 0.5 + (w.seconds() > 0 ? w.seconds() : w.requests() / rate);
                // a cut-off cell leaves about c requests in the server; the next one waits for them
                if (i + 1 < cells.size() && w.seconds() > 0 && !w.zeroCost()) total += cell.concurrency() / rate;
            }
        }
        return total;
    }

    /** Expected req/s of a cell: its theory, or a guess of the stack's speed for zero cost. */
    private double serviceRate(Cell cell) {
        double theory = cell.theory(cpu);
        return Double.isNaN(theory) ? 5_000 : theory;
    }
}
