package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pod-spike: every model in the same small pod gets the same traffic, a burst this generator can send. */
class PodSpikePresetTest {

    private static final LoadPreset SPIKE = LoadPreset.byName("pod-spike").orElseThrow();

    private static LoadPlan plan() {
        return LoadPlan.of(SPIKE, SPIKE.pick(Scenarios.all()), 3, 1);
    }

    /** platform-threads has a knee of k/T = 2,000 req/s; here it gets what the unbounded models get, as every model does. */
    @Test
    void everyModelGetsTheSameRatesKneeOrNot() {
        LoadPlan plan = plan();
        assertEquals(6, plan.targets().size());
        for (LoadPlan.Target t : plan.targets()) {
            assertEquals(List.of(250.0), t.rates().stream().map(LoadPlan.Rate::rate).toList(), t.describe());
            assertEquals(List.of(250.0, 250.0, 1000.0, 250.0),
                    plan.spike(t).steps().stream().map(Schedule.Step::rate).toList(), t.describe());
            assertTrue(Double.isNaN(t.knee()), t.describe());
            assertEquals(List.of(), plan.sweep(t).steps().stream().filter(s -> s.label().startsWith("pause")).toList(),
                    "no knee, so no pause after an overload");
        }
        LoadPlan.Target platform = plan.targets().stream().filter(t -> t.scenario().name().equals("platform-threads")).findFirst()
                .orElseThrow();
        assertEquals(200, platform.capacity(), "its threads still bound it; the pod's CPU bounds it first");
        assertEquals("0.15", lab.measure.Numbers.plain(platform.workload().cpus()));
    }

    /** Within what the generator sends on a slow machine of this kind (flagged full from 1,600 req/s there). */
    @Test
    void theSpikeStaysWithinTheGeneratorsReach() {
        LoadPlan plan = plan();
        double most = plan.targets().stream().flatMap(t -> plan.spike(t).steps().stream()).mapToDouble(Schedule.Step::rate).max()
                .orElseThrow();
        assertEquals(1000, most, 1e-9);
        assertEquals(30, SPIKE.spikeTail(), 1e-9, "watched long enough for a backlog of 10 s at 1,000 req/s to drain");
    }

    /** Its pods are warmed by the boost, not calibrated: no knee decides its rates. */
    @Test
    void itsPodsAreBoostedNotCalibrated() {
        assertTrue(SPIKE.inPods() && SPIKE.boosts() && SPIKE.spikes());
        assertFalse(SPIKE.calibrates());
        LoadPlan plan = plan();
        assertEquals(6, plan.servers());
        assertTrue(plan.describe().contains("each pod boosted first"), plan.describe());
        LoadPlan.Target t = plan.targets().get(0);
        double boost = LoadPlan.GENERATOR_SECONDS + plan.boost().seconds() + t.workload().cost().toMillis() / 1000.0;
        LoadPlan unboosted = LoadPlan.of(new LoadPreset(SPIKE.name(), SPIKE.purpose(), SPIKE.workloads(), SPIKE.percents(),
                SPIKE.absoluteRates(), SPIKE.nominalRate(), SPIKE.warmSeconds(), SPIKE.stepSeconds(), SPIKE.spikeBase(),
                SPIKE.spikeSeconds(), SPIKE.spikeTail(), SPIKE.queueSeconds(), SPIKE.scenarios(), null, List.of(""), 0, false, true),
                SPIKE.pick(Scenarios.all()), 3, 1);
        assertEquals(boost, plan.estimateSeconds(t) - unboosted.estimateSeconds(unboosted.targets().get(0)), 1e-9,
                "the estimate counts the boost, and no calibration");
        System.out.println("pod-spike preset: " + plan.describe() + "; estimated time " + lab.results.Harness.minutes(plan.estimateSeconds()));
        assertTrue(plan.estimateSeconds() <= 30 * 60, "estimate " + plan.estimateSeconds());
    }

    /** Its spikes are read back to the same pod workload: spikes.csv names the pod's size, as cells.csv does. */
    @Test
    void itsSpikesReadBackToTheirPod(@TempDir Path dir) throws Exception {
        LoadPlan.Target t = plan().targets().get(0);
        List<StepStats> phases = List.of("before", "spike", "after").stream()
                .map(l -> new StepStats(l, 250, 750, 250, 250, 101, 105, 110, 111, 112, 750, 0, 0, 1)).toList();
        Timeline timeline = new Timeline(0.5, List.of(new Timeline.Bucket(0, 125, 110, 0, 0)), 0, 10, 0);
        // the server's GC per phase: what the recording saw while the burst ran, and after it
        List<lab.measure.JfrStats> gc = List.of(new lab.measure.JfrStats(0, 0, 12, 0),
                new lab.measure.JfrStats(5400, 2800, 70, 0), new lab.measure.JfrStats(900, 600, 20, 0));
        LoadCsv.writeSpikes(dir, SPIKE.name(), List.of(new SpikeResult(t, 1, timeline, phases, null).withJfr(gc)));
        List<SpikeResult> read = LoadCsv.readSpikes(dir, SPIKE);
        assertEquals(1, read.size());
        assertEquals(t.workload(), read.get(0).target().workload());
        assertEquals(List.of(new Timeline.Bucket(0, 125, 110, 0, 0)), read.get(0).timeline().buckets());
        assertEquals(110, read.get(0).phase("spike").p99(), 1e-9);
        assertEquals(gc, read.get(0).jfr());
        assertEquals(2800, read.get(0).jfr("spike").gcPauseMaxMs(), 1e-9);
        String table = LoadTables.block(SPIKE.name(), SPIKE.purpose(), "test", List.of(), read, List.of(), LoadTables.Kept.NONE);
        assertTrue(table.contains(LoadTables.SPIKE_GC_HEADER), table);
        assertTrue(table.contains("| 5400 | 900 | 2800 |"), table);
    }

    /** A spike the recording was not read for (every run before the columns) keeps the table as it was. */
    @Test
    void aSpikeWithoutItsRecordingHasNoGcColumns(@TempDir Path dir) throws Exception {
        LoadPlan.Target t = plan().targets().get(0);
        List<StepStats> phases = List.of("before", "spike", "after").stream()
                .map(l -> new StepStats(l, 250, 750, 250, 250, 101, 105, 110, 111, 112, 750, 0, 0, 1)).toList();
        LoadCsv.writeSpikes(dir, SPIKE.name(), List.of(new SpikeResult(t, 1, new Timeline(0.5, List.of(), 0, 10, 0), phases, null)));
        List<SpikeResult> read = LoadCsv.readSpikes(dir, SPIKE);
        assertEquals(List.of(), read.get(0).jfr());
        String table = LoadTables.block(SPIKE.name(), SPIKE.purpose(), "test", List.of(), read, List.of(), LoadTables.Kept.NONE);
        assertTrue(!table.contains("GC pause ms, spike"), table);
    }

    /** pod-spike-g1: the same burst, the variant a flag for each server's JVM, not a server option. */
    @Test
    void theG1PresetGivesEachServerJvmTheFlag(@TempDir Path dir) throws Exception {
        LoadPreset g1 = LoadPreset.byName("pod-spike-g1").orElseThrow();
        LoadPlan plan = LoadPlan.of(g1, g1.pick(Scenarios.all()), 3, 1);
        assertEquals(List.of("virtual-threads-tomcat", "virtual-threads", "platform-threads"),
                plan.targets().stream().map(t -> t.scenario().name()).toList());
        LoadPlan.Target tomcat = plan.targets().get(0);
        assertEquals(List.of("-XX:+UseG1GC"), tomcat.jvmFlags());
        assertTrue(tomcat.serverArgs().stream().noneMatch(a -> a.contains("G1")), tomcat.serverArgs().toString());
        assertEquals("virtual-threads-tomcat_sleep-100ms-0.15cpu_XX-UseG1GC", tomcat.key());
        assertEquals(null, tomcat.skip(), "a JVM flag is not an option the scenario refuses");
        assertEquals(plan.spike(plan().targets().get(0)).steps(), plan.spike(tomcat).steps(), "pod-spike's burst");
        assertEquals(List.of(), plan().targets().get(0).jvmFlags());
        // its spikes keep the variant, so they read back to it
        List<StepStats> phases = List.of("before", "spike", "after").stream()
                .map(l -> new StepStats(l, 250, 750, 250, 250, 101, 105, 110, 111, 112, 750, 0, 0, 1)).toList();
        LoadCsv.writeSpikes(dir, g1.name(), List.of(new SpikeResult(tomcat, 1, new Timeline(0.5, List.of(), 0, 10, 0), phases, null)));
        assertEquals("-XX:+UseG1GC", LoadCsv.readSpikes(dir, g1).get(0).target().variant());
    }

    /** The server options' variants keep their keys (their runs' folders). */
    @Test
    void anOptionVariantKeepsItsKey() {
        LoadPreset impatient = LoadPreset.byName("impatient").orElseThrow();
        LoadPlan plan = LoadPlan.of(impatient, impatient.pick(Scenarios.all()), 1, 1);
        assertEquals(List.of("platform-threads_http-100ms", "platform-threads_http-100ms_deadline-200ms",
                "platform-threads_http-100ms_poolWait-50ms"), plan.targets().subList(0, 3).stream().map(LoadPlan.Target::key).toList());
        assertTrue(plan.targets().get(1).serverArgs().contains("deadline=200ms"));
        assertEquals(List.of(), plan.targets().get(1).jvmFlags());
    }
}
