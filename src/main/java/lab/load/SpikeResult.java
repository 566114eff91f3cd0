package lab.load;

import java.util.List;

/** One spike run of one trial: its timeline and the three phases' numbers. */
public record SpikeResult(LoadPlan.Target target, int trial, Timeline timeline, List<StepStats> phases,
                          String clientBound) {

    public StepStats phase(String label) {
        return phases.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    }
}
