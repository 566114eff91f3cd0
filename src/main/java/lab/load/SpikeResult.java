package lab.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One spike run of one trial: its timeline, the three phases' numbers, Gatling's report. */
public record SpikeResult(LoadPlan.Target target, int trial, Timeline timeline, List<StepStats> phases,
                          Optional<Path> report, String clientBound) {

    public StepStats phase(String label) {
        return phases.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    }
}
