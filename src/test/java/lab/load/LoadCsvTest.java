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
}
