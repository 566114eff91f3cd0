package lab.load;

import java.util.List;
import lab.measure.JfrStats;

/**
 * One spike run of one trial: its timeline, the three phases' numbers, and what the server's flight
 * recorder saw in each phase ({@code jfr}, in the phases' order; empty where there was no recording).
 */
public record SpikeResult(LoadPlan.Target target, int trial, Timeline timeline, List<StepStats> phases,
                          String clientBound, List<JfrStats> jfr) {

    /** A spike without a recording read. */
    public SpikeResult(LoadPlan.Target target, int trial, Timeline timeline, List<StepStats> phases, String clientBound) {
        this(target, trial, timeline, phases, clientBound, List.of());
    }

    public StepStats phase(String label) {
        return phases.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    }

    /** The recording's reading of phase {@code label}, or null without one. */
    public JfrStats jfr(String label) {
        if (jfr.isEmpty()) return null;
        for (int i = 0; i < phases.size(); i++) if (phases.get(i).label().equals(label)) return jfr.get(i);
        throw new java.util.NoSuchElementException(label);
    }

    public SpikeResult withJfr(List<JfrStats> stats) {
        return new SpikeResult(target, trial, timeline, phases, clientBound, List.copyOf(stats));
    }
}
