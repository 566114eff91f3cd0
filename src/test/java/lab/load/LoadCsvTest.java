package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lab.config.WorkKind;
import lab.pod.PodReadings;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load CSV's pod columns: a step's share of the server pod's counters, blank without a pod. */
class LoadCsvTest {

    @Test
    void aStepInAPodGetsItsReadingsAndOneOutsideGetsBlanks(@TempDir Path dir) throws Exception {
        LoadPlan.Target target = new LoadPlan.Target(Scenarios.byName("sync").orElseThrow(),
                new LoadWorkload(WorkKind.CPU, Duration.ofMillis(20)), 1, 50, List.of(), 1, -1, null);
        StepStats stats = new StepStats("100%", 25, 100, 25, 25, 20, 30, 40, 45, 50, 100, 0, 0, 1);
        StepResult outside = new StepResult(target, 1, stats, 4, null, null, 1, null, null);
        StepResult inside = outside.withPod(new PodReadings(Duration.ofMillis(2000), 40, 30, Duration.ofMillis(900), 200L << 20, 1));
        Path csv = dir.resolve("cells.csv");
        LoadCsv.write(csv, "test", List.of(outside, inside));
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).endsWith(",pod_cpu_ms_per_request,pod_periods,throttled_periods,throttled_share,throttled_ms,pod_peak_memory_mb,oom_kills"
                + ",pod_cpus,predicted_knee_rps,knee_bound,calibration_cpu_ms_per_request"), lines.get(0));
        assertEquals(LoadCsv.COLUMNS.size(), lines.get(1).split(",", -1).length, lines.get(1));
        assertTrue(lines.get(1).endsWith(",,,,,,,,,,,"), lines.get(1));
        assertTrue(lines.get(2).endsWith(",20,40,30,0.75,900,200,1,,,,"), lines.get(2));
    }

    /** The pod preset's calibration goes into the CSV and comes back, and its two sleep workloads stay apart by pod size. */
    @Test
    void aCalibratedPodTargetRoundTrips(@TempDir Path dir) throws Exception {
        LoadPreset pod = LoadPreset.byName("pod").orElseThrow();
        LoadPlan plan = LoadPlan.of(pod, List.of(Scenarios.byName("virtual-threads").orElseThrow()), 1, 1);
        LoadPlan.Target one = plan.targets().stream().filter(t -> t.workload().key().equals("sleep-100ms-1cpu")).findFirst().orElseThrow();
        LoadPlan.Target swept = plan.calibrated(one, lab.measure.Theory.podKnee(1, Duration.ofNanos(400_000), lab.measure.Theory.UNBOUNDED,
                Duration.ofMillis(100)), 0.4);
        StepStats stats = new StepStats("25%", 625, 1250, 625, 625, 101, 102, 105, 110, 120, 1250, 0, 0, 1);
        LoadCsv.write(dir.resolve(LoadCsv.CELLS), "pod", List.of(new StepResult(swept, 1, stats, 2, null, null, 1, null, null)));
        String row = Files.readAllLines(dir.resolve(LoadCsv.CELLS)).get(1);
        assertTrue(row.endsWith(",1,2500,cpu,0.4"), row);   // pod cpus, predicted knee, bound, calibration
        LoadPlan.Target back = LoadCsv.readCells(dir, pod).get(0).target();
        assertEquals("sleep-100ms-1cpu", back.workload().key());
        assertEquals(2500, back.knee(), 1e-9);
        assertEquals(0.4, back.calibrationCpuMs(), 1e-9);
        assertEquals("cpu", back.kneeBound());
    }

    /** A run in pods re-renders with its pod columns; one outside (or an old CSV without them) gets none. */
    @Test
    void podReadingsSurviveTheCsvAndShowInTheTablesOnlyForARunInPods(@TempDir Path dir) throws Exception {
        LoadPreset preset = LoadPreset.byName("default").orElseThrow();
        LoadWorkload sleep = preset.workloads().get(0);
        LoadPlan.Target target = LoadPlan.target(preset, Scenarios.byName("sync").orElseThrow(), sleep, 1);
        StepStats stats = new StepStats("100%", 10, 40, 10, 10, 100, 101, 102, 103, 104, 40, 0, 0, 1);
        StepResult outside = new StepResult(target, 1, stats, preset.stepSeconds(), null, null, 1, null, null);
        StepResult inside = outside.withPod(new PodReadings(Duration.ofMillis(400), 40, 10, Duration.ofMillis(250), 100L << 20, 0));

        LoadCsv.write(dir.resolve(LoadCsv.CELLS), preset.name(), List.of(inside));
        StepResult read = LoadCsv.readCells(dir, preset).get(0);
        assertEquals(10, read.podCpuMsPerRequest(), 1e-9, "400 ms of CPU over 40 answered requests");
        assertEquals(0.25, read.throttledShare(), 1e-9);
        assertEquals(0.4 / preset.stepSeconds(), read.podCores(), 0.01);
        String inPods = LoadTables.block(preset.name(), preset.purpose(), "header", SweepCell.of(List.of(read)), List.of(), List.of(),
                LoadTables.Kept.NONE);
        assertTrue(inPods.contains("| VT pinned | pod CPU ms/req | pod cores | throttled | throttled ms | pod peak MB | OOM kills | note |"), inPods);
        assertTrue(inPods.contains("| 10 | " + lab.measure.Numbers.plain(0.4 / preset.stepSeconds()) + " | 25% | 250 | 100 | 0 |"), inPods);

        LoadCsv.write(dir.resolve(LoadCsv.CELLS), preset.name(), List.of(outside));
        String outsidePods = LoadTables.block(preset.name(), preset.purpose(), "header", SweepCell.of(LoadCsv.readCells(dir, preset)), List.of(),
                List.of(), LoadTables.Kept.NONE);
        assertTrue(outsidePods.contains("| VT pinned | note |"), outsidePods);
        assertTrue(!outsidePods.contains("pod CPU"), outsidePods);
    }

    /** impatient: the server's deadline and what the clients got come back as written; a patient run's row leaves them blank. */
    @Test
    void anImpatientStepKeepsItsDeadlineGoodputAndTimeouts(@TempDir Path dir) throws Exception {
        LoadPreset impatient = LoadPreset.byName("impatient").orElseThrow();
        LoadWorkload http = impatient.workloads().get(0);
        LoadPlan.Target with = LoadPlan.target(impatient, Scenarios.byName("platform-threads").orElseThrow(), http, lab.measure.Theory.Cpu.cores(1), "deadline=200ms");
        LoadPlan.Target without = LoadPlan.target(impatient, Scenarios.byName("platform-threads").orElseThrow(), http, lab.measure.Theory.Cpu.cores(1), "");
        StepStats stats = new StepStats("150%", 3000, 9000, 3000, 1900, 110, 180, 199, 200, 200, 5700, 0, 3300, 1);
        StepResult a = new StepResult(with, 1, stats, 2, null, null, 1, null, null)
                .withPatience(new StepResult.Patience(200, 1850.4, 2100))
                .withWasted(new lab.work.http.StatsLine(4150, 2050, 409000, java.util.OptionalLong.empty(), java.util.OptionalLong.empty()));
        StepResult b = new StepResult(without, 1, stats, 2, null, null, 1, null, null);
        LoadCsv.write(dir.resolve(LoadCsv.CELLS), "impatient", List.of(a, b));
        List<StepResult> back = LoadCsv.readCells(dir, impatient);
        assertEquals("deadline=200ms", back.get(0).target().variant());
        assertEquals(a.patience(), back.get(0).patience());
        assertEquals(a.wasted(), back.get(0).wasted());
        assertEquals(null, back.get(1).wasted());
        assertEquals(a.target().key(), back.get(0).target().key());
        assertEquals("", back.get(1).target().variant());
        assertEquals(null, back.get(1).patience());
        // the table shows the three columns, and each server's row apart
        String block = LoadTables.block("impatient", impatient.purpose(), "h", SweepCell.of(back), List.of(), List.of(), LoadTables.Kept.NONE);
        assertTrue(block.contains("| timeout ms | goodput | timeouts |"), block);
        assertTrue(block.contains("`platform-threads` deadline=200ms |"), block);
        // 4,150 calls answered, 3,701 answers in time (1850.4 req/s × the preset's 2 s step): 449 for nobody, 100 ms each, + 409 s cut short
        assertEquals(449, back.get(0).callsForNobody(), 1e-9);
        assertTrue(block.contains("| 200 | 1850 | 2100 | 449 | 2050 | 453900 |"), block);
        assertTrue(block.contains("| timeouts | calls for nobody | calls cut short | wasted ms |"), block);
        // the charts: goodput and wasted time per offered rate, beside achieved
        List<String> files = LoadCharts.write(dir, SweepCell.of(back), List.of(), "test").stream().map(LoadCharts.Chart::file).toList();
        for (String png : List.of("achieved-http-100ms.png", "goodput-http-100ms.png", "wasted-http-100ms.png")) {
            assertTrue(files.contains(png) && Files.size(dir.resolve(png)) > 1000, png + " in " + files);
        }
    }

    /** A patient preset's table has no impatient columns. */
    @Test
    void aPatientRunsTableHasNoTimeoutColumns(@TempDir Path dir) throws Exception {
        LoadPreset smoke = LoadPreset.byName("smoke").orElseThrow();
        LoadPlan.Target t = LoadPlan.target(smoke, Scenarios.byName("sync").orElseThrow(), smoke.workloads().get(0), 1);
        StepStats stats = new StepStats("50%", 5, 5, 5, 5, 100, 100, 100, 100, 100, 5, 0, 0, 1);
        LoadCsv.write(dir.resolve(LoadCsv.CELLS), "smoke", List.of(new StepResult(t, 1, stats, 1, null, null, 1, null, null)));
        String block = LoadTables.block("smoke", smoke.purpose(), "h", SweepCell.of(LoadCsv.readCells(dir, smoke)), List.of(), List.of(), LoadTables.Kept.NONE);
        assertTrue(!block.contains("goodput") && !block.contains("wasted"), block);
    }
}
