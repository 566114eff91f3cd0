package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.config.WorkKind;
import lab.pod.PodsHere;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load harness with -Dcpus/-Dmemory: the server JVM in its own pod, read per step, the pod gone after. */
class LoadPodLiveTest {

    private static final LoadPreset TINY = new LoadPreset("live-pod", "test",
            List.of(new LoadWorkload(WorkKind.SLEEP, Duration.ofMillis(100))), List.of(1.0), List.of(100.0), 100, 1, 1, 1, 1, 1, Double.NaN);

    @Test
    void eachStepGetsItsShareOfThePodsCounters(@TempDir Path out) throws Exception {
        PodsHere.require();
        System.setProperty("cpus", "1");
        System.setProperty("memory", "256m");
        try {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            Load.run(new LoadSettings(TINY, List.of(Scenarios.byName("sync").orElseThrow()), 1, out, Optional.empty(), true),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            List<String> csv = Files.readAllLines(out.resolve("load/live-pod/cells.csv"));
            String[] row = csv.get(1).split(",", -1);
            java.util.function.Function<String, String> col = name -> row[LoadCsv.COLUMNS.indexOf(name)];
            assertTrue(Double.parseDouble(col.apply("pod_cpu_ms_per_request")) > 0, csv.get(1));
            assertTrue(Long.parseLong(col.apply("throttled_periods")) >= 0, csv.get(1));
            double peak = Double.parseDouble(col.apply("pod_peak_memory_mb"));
            assertTrue(peak > 10 && peak <= 256, "peak " + peak + " MB in a 256m pod: " + csv.get(1));
            assertEquals("0", col.apply("oom_kills"), csv.get(1));
        } finally {
            System.clearProperty("cpus");
            System.clearProperty("memory");
        }
        assertEquals(List.of(), PodsHere.left(PodsHere.ownPrefix()));
    }
}
