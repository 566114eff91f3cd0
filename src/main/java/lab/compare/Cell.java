package lab.compare;

import java.util.Map;
import lab.config.Durations;
import lab.config.Options;
import lab.measure.Theory;
import lab.scenarios.Scenario;

/** One measurement: a scenario under one workload at one client concurrency. */
public record Cell(Scenario scenario, Workload workload, int concurrency) {

    /** The options the scenario's server runs with for this cell (the cost itself goes in {@code ?cost=}). */
    public Options options() {
        Map<String, String> values = new java.util.HashMap<>(workload.serverOptions());
        values.put("work", Workload.label(workload.work()));
        values.put("cost", Durations.format(workload.cost()));
        return Options.of(values);
    }

    /** The scenario's in-flight capacity k (Little's law) under these options: min(its own, the work's pool). */
    public int capacity() {
        return scenario.inFlight(options());
    }

    /**
     * Little's law for this cell on a server JVM with {@code cores} processors (stalled clients
     * included): k over the time one request takes, the cost or, with -Dshape, N·T for a chain.
     */
    public double theory(int cores) {
        return theory(Theory.Cpu.cores(cores));
    }

    /** {@link #theory(int)} on the server JVM's CPU: in a pod its processors and its quota. */
    public double theory(Theory.Cpu cpu) {
        if (workload.stalledClients() > 0 && scenario.readsHeadsOnItsThreads()) {
            return Theory.stalledCeiling(workload.work(), scenario.latency(options()), capacity(), concurrency, cpu,
                    workload.stalledClients(), options().headerTimeout(), workload.seconds());
        }
        return Theory.ceiling(workload.work(), scenario.latency(options()), capacity(), concurrency, cpu);   // a shape's latency: N·T or T
    }

    /** Raw-output file stem: {@code sync_sleep-100ms_c10}. */
    public String fileStem() {
        return scenario.name() + "_" + workload.key() + "_c" + concurrency;
    }
}
