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

    /**
     * The pod preset's calibration, by hand: an unbounded model in a 0.5-CPU pod at a low fixed rate
     * (100 req/s) burns a measurable CPU per request, so cpus / that is a finite knee set by the CPU;
     * the banner says the theory is the server's, and the tables show the pod columns.
     */
    @Test
    void aLowRateStepInAHalfCpuPodGivesAFiniteKneeFromItsCpuPerRequest(@TempDir Path out) throws Exception {
        PodsHere.require();
        System.setProperty("cpus", "0.5");
        try {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            Load.run(new LoadSettings(TINY, List.of(Scenarios.byName("virtual-threads").orElseThrow()), 1, out, Optional.empty(), true),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            String said = progress.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("the theory uses the server JVM's 1 processor(s), CPU work at most 0.5 CPU / T"), said);
            List<String> csv = Files.readAllLines(out.resolve("load/live-pod/cells.csv"));
            String[] row = csv.get(1).split(",", -1);
            double cpuMs = Double.parseDouble(row[LoadCsv.COLUMNS.indexOf("pod_cpu_ms_per_request")]);
            assertTrue(cpuMs > 0 && cpuMs < 100, "CPU ms per request: " + csv.get(1));
            lab.measure.Theory.PodKnee knee = lab.measure.Theory.podKnee(0.5, Duration.ofNanos(Math.round(cpuMs * 1e6)),
                    lab.measure.Theory.UNBOUNDED, Duration.ofMillis(100));
            assertTrue(knee.rps() > 5 && Double.isFinite(knee.rps()), "0.5 CPU / " + cpuMs + " ms: " + knee);
            assertEquals("cpu", knee.bound());
            String tables = Files.readString(out.resolve("load/live-pod/README.md"));   // the preset's own README (PresetReadme)
            assertTrue(tables.contains("| pod CPU ms/req | pod cores | throttled |"), tables);
        } finally {
            System.clearProperty("cpus");
        }
        assertEquals(List.of(), PodsHere.left(PodsHere.ownPrefix()));
    }
}
