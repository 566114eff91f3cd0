package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import lab.measure.Theory;
import lab.scenarios.Scenario;
import org.junit.jupiter.api.Test;

/** The pod preset: its own pod sizes and scenarios, three trials within 32 minutes, the sweep from a calibration. */
class PodPresetTest {

    private static final LoadPreset POD = LoadPreset.byName("pod").orElseThrow();

    private static LoadPlan plan() {
        Properties p = new Properties();
        p.setProperty(LoadSettings.PRESET, "pod");
        LoadSettings s = LoadSettings.from(p);
        return LoadPlan.of(s.preset(), s.scenarios(), s.trials(), 1);
    }

    @Test
    void itCarriesItsOwnPodSizesAndScenarios() {
        assertEquals(List.of("sleep 100ms @0.25cpu", "http 100ms @0.25cpu", "db 100ms @0.25cpu", "sleep 100ms @1cpu"),
                POD.workloads().stream().map(LoadWorkload::describe).toList());
        assertTrue(POD.calibrates());
        LoadPlan plan = plan();
        List<String> names = plan.targets().stream().map(t -> t.scenario().name()).distinct().toList();
        assertEquals(List.of("platform-threads", "reactive-delay", "reactive-elastic", "reactive-virtual", "virtual-threads",
                "virtual-threads-jetty", "virtual-threads-tomcat").stream().sorted().toList(), names.stream().sorted().toList());
        assertEquals(3, plan.trials());
        LoadPlan.Target http = plan.targets().stream().filter(t -> t.workload().key().equals("http-100ms-0.25cpu")).findFirst().orElseThrow();
        assertTrue(http.serverArgs().contains("poolSize=" + LoadPreset.POD_POOL), http.serverArgs().toString());
    }

    /** The harness's own estimate, as its banner prints it. */
    @Test
    void theWholePresetFitsThirtyTwoMinutes() {
        LoadPlan plan = plan();
        System.out.println("pod preset: " + plan.describe() + "; estimated time " + lab.results.Harness.minutes(plan.estimateSeconds()));
        assertTrue(plan.estimateSeconds() <= 32 * 60, "estimate " + plan.estimateSeconds() + " s, " + plan.describe());
        assertTrue(plan.estimateSeconds() >= 10 * 60, "an estimate that counts every target: " + plan.estimateSeconds() + " s");
    }

    @Test
    void theSweepIsThePresetsPercentagesOfTheCalibratedKnee() {
        LoadPlan plan = plan();
        LoadPlan.Target t = plan.targets().get(0);
        // 0.25 CPU at 0.5 ms of CPU per request: 500 req/s
        Theory.PodKnee knee = Theory.podKnee(0.25, Duration.ofNanos(500_000), Theory.UNBOUNDED, Duration.ofMillis(100));
        LoadPlan.Target swept = plan.calibrated(t, knee, 0.5);
        assertEquals(List.of(125.0, 250.0, 500.0, 750.0, 1000.0), swept.rates().stream().map(LoadPlan.Rate::rate).toList());
        assertEquals("cpu", swept.kneeBound());
        assertEquals(0.5, swept.calibrationCpuMs(), 1e-9);
        assertEquals(4, plan.calibration().steps().size() * 2);   // a warm-up and the measured step
        assertEquals(100, plan.calibration().steps().get(1).rate(), 1e-9);
    }

    /** pod-warm: the 0.25-CPU sleep pods boosted, then calibrated by the line through two readings, swept to 300 %. */
    @Test
    void thePodWarmPresetBoostsThenReadsTwice() {
        LoadPreset warm = LoadPreset.byName("pod-warm").orElseThrow();
        assertTrue(warm.boostedCalibration() && !POD.boostedCalibration());
        assertEquals(List.of("sleep 100ms @0.25cpu"), warm.workloads().stream().map(LoadWorkload::describe).toList());
        LoadPlan plan = LoadPlan.of(warm, warm.pick(lab.scenarios.Scenarios.all()), 3, 1);
        assertEquals(7, plan.targets().size());
        assertEquals(2, plan.boost().steps().size());
        assertEquals(1000, plan.boost().steps().get(0).rate(), 1e-9);
        assertEquals(1 + 2, plan.calibration().steps().get(0).seconds(), 1e-9, "1 s after the boost, + the generator's 2 s");
        assertEquals(8 + 2, plan().calibration().steps().get(0).seconds(), 1e-9, "the pod preset: 8 s, no boost");
        // the second reading where the first alone puts the knee, at least 150 req/s, at most half the generator's reach
        assertEquals(300, plan.secondCalibrationRate(300), 1e-9);
        assertEquals(150, plan.secondCalibrationRate(90), 1e-9);
        assertEquals(1500, plan.secondCalibrationRate(9000), 1e-9);
        LoadPlan.Target swept = plan.calibrated(plan.targets().get(0), new Theory.PodKnee(600, "cpu"), 0.3);
        assertEquals(List.of(300.0, 600.0, 900.0, 1200.0, 1800.0), swept.rates().stream().map(LoadPlan.Rate::rate).toList());
        System.out.println("pod-warm preset: estimated time " + lab.results.Harness.minutes(plan.estimateSeconds()));
        assertTrue(plan.estimateSeconds() <= 25 * 60, "estimate " + plan.estimateSeconds());
    }

    @Test
    void theServerSeesThePodsProcessorsNotMavens() {
        Scenario vt = lab.scenarios.Scenarios.byName("virtual-threads").orElseThrow();
        LoadWorkload one = POD.workloads().get(3);
        assertEquals(new Theory.Cpu(1, 1.0), LoadPlan.podCpu(one, Theory.Cpu.cores(2)));
        assertEquals(new Theory.Cpu(1, 0.25), LoadPlan.podCpu(POD.workloads().get(0), Theory.Cpu.cores(2)));
        assertTrue(Double.isNaN(LoadPlan.target(POD, vt, one, Theory.Cpu.cores(2)).knee()), "sleep, unbounded: the calibration sets it");
    }

    /** boundedElastic is 10 × the processors the server JVM sees: 10 threads in a pod of one processor, whatever this JVM has. */
    @Test
    void reactorsPoolsAreSizedByThePodsProcessors() {
        Scenario elastic = lab.scenarios.Scenarios.byName("reactive-elastic").orElseThrow();
        Theory.Cpu here = Theory.Cpu.cores(Runtime.getRuntime().availableProcessors());
        for (LoadWorkload w : POD.workloads()) {
            assertEquals(10, LoadPlan.target(POD, elastic, w, LoadPlan.podCpu(w, here)).capacity(), w.describe());
        }
    }
}
