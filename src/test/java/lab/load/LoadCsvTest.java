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
        assertTrue(lines.get(0).endsWith(",pod_cpu_ms_per_request,pod_periods,throttled_periods,throttled_share,throttled_ms,pod_peak_memory_mb,oom_kills"), lines.get(0));
        assertEquals(LoadCsv.COLUMNS.size(), lines.get(1).split(",", -1).length, lines.get(1));
        assertTrue(lines.get(1).endsWith(",,,,,,,"), lines.get(1));
        assertTrue(lines.get(2).endsWith(",20,40,30,0.75,900,200,1"), lines.get(2));
    }

    /** impatient: the server's deadline and what the clients got come back as written; a patient run's row leaves them blank. */
    @Test
    void anImpatientStepKeepsItsDeadlineGoodputAndTimeouts(@TempDir Path dir) throws Exception {
        LoadPreset impatient = LoadPreset.byName("impatient").orElseThrow();
        LoadWorkload http = impatient.workloads().get(0);
        LoadPlan.Target with = LoadPlan.target(impatient, Scenarios.byName("platform-threads").orElseThrow(), http, 1, "200ms");
        LoadPlan.Target without = LoadPlan.target(impatient, Scenarios.byName("platform-threads").orElseThrow(), http, 1, "");
        StepStats stats = new StepStats("150%", 3000, 9000, 3000, 1900, 110, 180, 199, 200, 200, 5700, 0, 3300, 1);
        StepResult a = new StepResult(with, 1, stats, 3, null, null, 1, null, null)
                .withPatience(new StepResult.Patience(200, 1850.4, 2100))
                .withWasted(new lab.work.http.StatsLine(0, 2050, 409000, java.util.OptionalLong.empty(), java.util.OptionalLong.empty()));
        StepResult b = new StepResult(without, 1, stats, 3, null, null, 1, null, null);
        LoadCsv.write(dir.resolve(LoadCsv.CELLS), "impatient", List.of(a, b));
        List<StepResult> back = LoadCsv.readCells(dir, impatient);
        assertEquals("200ms", back.get(0).target().deadline());
        assertEquals(a.patience(), back.get(0).patience());
        assertEquals(a.wasted(), back.get(0).wasted());
        assertEquals(null, back.get(1).wasted());
        assertEquals(a.target().key(), back.get(0).target().key());
        assertEquals("", back.get(1).target().deadline());
        assertEquals(null, back.get(1).patience());
        // the table shows the three columns, and each server's row apart
        String block = LoadTables.block("impatient", "h", SweepCell.of(back), List.of(), List.of(), LoadTables.Kept.NONE);
        assertTrue(block.contains("| timeout ms | goodput | timeouts |"), block);
        assertTrue(block.contains("`platform-threads` deadline 200ms |"), block);
        assertTrue(block.contains("| 200 | 1850 | 2100 | 2050 | 409000 |"), block);
        assertTrue(block.contains("| timeouts | wasted calls | wasted ms |"), block);
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
        String block = LoadTables.block("smoke", "h", SweepCell.of(LoadCsv.readCells(dir, smoke)), List.of(), List.of(), LoadTables.Kept.NONE);
        assertTrue(!block.contains("goodput") && !block.contains("wasted"), block);
    }
}
