package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Properties;
import lab.config.OptionException;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;

/** How many trials, and in which order they run. */
class TrialsTest {

    private static Preset preset(String name) {
        return Preset.byName(name).orElseThrow();
    }

    @Test
    void trialsAreInterleavedAcrossServersAndARefusingServerIsAskedOnce() {
        // reactive-delay refuses cpu work: its cpu server is skipped, and listed in trial 1 only
        Plan plan = Plan.of(preset("smoke"), List.of(Scenarios.byName("sync").orElseThrow(),
                Scenarios.byName("reactive-delay").orElseThrow()), 2);
        List<String> order = Trials.interleave(plan, 3).stream()
                .map(s -> s.trial() + ":" + s.server().scenario().name() + "/" + Workload.label(s.server().work())).toList();
        assertEquals(List.of("1:sync/sleep", "1:sync/cpu", "1:reactive-delay/sleep", "1:reactive-delay/cpu",
                "2:sync/sleep", "2:sync/cpu", "2:reactive-delay/sleep",
                "3:sync/sleep", "3:sync/cpu", "3:reactive-delay/sleep"), order);
        // smoke: a sleep server has 3 cells, a cpu server 2. sync: 5 cells x 3 trials; reactive-delay:
        // its sleep cells x 3, its refused cpu cells once
        assertEquals(5 * 3 + 3 * 3 + 2, Trials.cellCount(Trials.interleave(plan, 3)));
        assertEquals(plan.estimateSeconds() * 3, Trials.estimateSeconds(plan, 3), 1e-9);
        assertEquals(plan.servers(), Trials.interleave(plan, 1).stream().map(Trials.Step::server).toList());
    }

    @Test
    void eachPresetHasItsDefaultAndThePropertyOverridesIt() {
        Properties p = new Properties();
        p.setProperty(Settings.PRESET, "default");
        assertEquals(3, Settings.from(p).trials());
        p.setProperty(Settings.PRESET, "smoke");
        assertEquals(1, Settings.from(p).trials());
        p.setProperty(Settings.PRESET, "seed");
        assertEquals(3, Settings.from(p).trials());
        p.setProperty(Settings.PRESET, "extended");
        assertEquals(1, Settings.from(p).trials());
        p.setProperty(Trials.PROPERTY, " 5 ");
        assertEquals(5, Settings.from(p).trials());
    }

    @Test
    void aBadTrialCountIsAOneLineMistake() {
        for (String bad : List.of("0", "-1", "11", "2.5", "three", "1e1")) {
            Properties p = new Properties();
            p.setProperty(Trials.PROPERTY, bad);
            OptionException e = assertThrows(OptionException.class, () -> Settings.from(p), bad);
            assertEquals("compare.trials must be a whole number from 1 to 10, not '" + bad + "'", e.getMessage());
        }
        assertEquals(1, Trials.parse("1"));
        assertEquals(10, Trials.parse("10"));
    }
}
