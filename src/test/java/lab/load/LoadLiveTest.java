package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.config.WorkKind;
import lab.launch.ChildJvm;
import lab.launch.ServerProcess;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole chain, small: Gatling against a real server, a few seconds of load. */
class LoadLiveTest {

    /** One rate (the knee), 1 s steps, a 1-1-1 s spike: seconds, not minutes. */
    private static final LoadPreset TINY = new LoadPreset("live", "test",
            List.of(new LoadWorkload(WorkKind.SLEEP, Duration.ofMillis(100))), List.of(1.0), List.of(100.0), 100, 1, 1, 1, 1, 1, Double.NaN);

    private static String run(LoadSettings settings) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Load.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));
        return progress.toString(StandardCharsets.UTF_8);
    }

    @Test
    void harnessStartsTheServerPinsItAndWritesEverything(@TempDir Path out) throws Exception {
        String printed = run(new LoadSettings(TINY, List.of(Scenarios.byName("sync").orElseThrow()), 1, out, Optional.empty(), true));
        assertTrue(printed.contains("[1/1] sync") && printed.contains("spike sync"), printed);
        Path dir = out.resolve("load/live");
        List<String> csv = Files.readAllLines(dir.resolve("cells.csv"));
        assertEquals(2, csv.size(), String.join("\n", csv));
        assertEquals(String.join(",", LoadCsv.COLUMNS), csv.get(0));
        String[] row = csv.get(1).split(",", -1);
        assertEquals("sync", row[1]);
        assertEquals("10", row[5]);                               // knee k/T
        assertEquals("10", row[7]);                               // offered = 100 % of it
        assertTrue(Double.parseDouble(row[12]) >= 100, "p99 " + row[12]);   // at least the 100 ms sleep
        assertTrue(Integer.parseInt(row[21]) > 5, "server threads " + row[21]);
        assertTrue(Double.parseDouble(row[22]) > 0, "client cores " + row[22]);
        int gc = LoadCsv.COLUMNS.indexOf("gc_pause_total_ms");   // the server JVM's flight recording, per step
        assertTrue(Double.parseDouble(row[gc]) >= Double.parseDouble(row[gc + 1]), "GC pause total >= max: " + csv.get(1));
        // ten requests in one second may not fill a single new TLAB: a reading, not a size, is what this step proves
        assertTrue(Double.parseDouble(row[gc + 2]) >= 0, "allocation read from the recording: " + csv.get(1));
        assertEquals("0", row[gc + 3], "sync runs no virtual thread to pin: " + csv.get(1));
        assertTrue(printed.contains("jfr (sync_sleep-100ms/server.jfr): 1 steps, 1 spikes"), printed);
        for (String png : List.of("latency-sync_sleep-100ms.png", "achieved-sleep-100ms.png", "spike-sync_sleep-100ms.png")) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        }
        List<String> phases = Files.readAllLines(dir.resolve(LoadCsv.SPIKES));   // every trial's spike, for -Prender
        assertEquals(String.join(",", LoadCsv.SPIKE_COLUMNS), phases.get(0));
        assertEquals(4, phases.size(), "before, spike, after: " + phases);
        int spikeGc = LoadCsv.SPIKE_COLUMNS.indexOf("gc_pause_total_ms");   // the recording read for each phase too
        for (String phase : phases.subList(1, 4)) {
            String[] p = phase.split(",", -1);
            assertTrue(Double.parseDouble(p[spikeGc]) >= Double.parseDouble(p[spikeGc + 1]), "GC pause total >= max: " + phase);
        }
        assertTrue(Files.readAllLines(dir.resolve(LoadCsv.TIMELINE)).size() > 4, "the spike's half-second buckets");
        assertTrue(Files.notExists(dir.resolve("gatling-spike-sync_sleep-100ms")), "no Gatling report (vendored JavaScript) in results");
        assertTrue(Files.readString(dir.resolve("environment.json")).contains("Gatling 3.15.1"));
        assertEquals(TINY.purpose(), lab.results.Environment.read(dir).facts().get(lab.results.Environment.RUNS), "what it ran, in its preset's words");
        String readme = Files.readString(out.resolve("load/live/README.md"));   // the preset's own README
        assertTrue(readme.contains("<!-- load:live:begin -->") && readme.contains("(spike-sync_sleep-100ms.png)"), readme);
    }

    /**
     * A preset that bounds queues: sync offered twice its knee with room for one waiting request
     * answers the excess 503 at once, and what it serves stays fast (unbounded, the same 4 s at
     * 200 % would leave 20 requests waiting, 2 s).
     */
    @Test
    void aBoundedQueueShedsInsteadOfQueueing(@TempDir Path out) throws Exception {
        LoadPreset shed = new LoadPreset("live-shed", "test", TINY.workloads(), List.of(2.0), List.of(100.0), 100,
                1, 1, 1, 1, 1, 0.1);
        String printed = run(new LoadSettings(shed, List.of(Scenarios.byName("sync").orElseThrow()), 1, out, Optional.empty(), true));
        String[] row = Files.readAllLines(out.resolve("load/live-shed/cells.csv")).get(1).split(",", -1);
        assertEquals("20", row[7], printed);                      // offered: 200 % of 10 req/s
        assertTrue(Integer.parseInt(row[LoadCsv.COLUMNS.indexOf("status_503")]) > 0, "sheds: " + String.join(",", row));
        assertTrue(Double.parseDouble(row[LoadCsv.COLUMNS.indexOf("p99_ms")]) < 1000, "bounded wait: " + String.join(",", row));
        assertTrue(Files.readString(out.resolve("load/live-shed/README.md")).contains("| 1 (+ 1 waiting) |"));
    }

    /**
     * Impatient clients: work of 3 T (http 300 ms) and a request timeout of 2 T reach Gatling, so
     * every request of the step times out (none answered in time, none refused), and the row says so;
     * the downstream the harness started is read around the step.
     */
    @Test
    void impatientClientsTimeOutAtTheirTimeout(@TempDir Path out) throws Exception {
        LoadPreset impatient = new LoadPreset("live-impatient", "test",
                List.of(new LoadWorkload(WorkKind.HTTP, Duration.ofMillis(300))), List.of(1.0), List.of(10.0), 10,
                1, 1, 0, 0, 0, Double.NaN, List.of(), Duration.ofMillis(200), List.of(""), 0, false, false);
        String printed = run(new LoadSettings(impatient, List.of(Scenarios.byName("reactive-delay").orElseThrow()), 1, out,
                Optional.empty(), true));
        assertTrue(printed.contains("clients time out at 200ms") && printed.contains("no spike"), printed);
        List<String> csv = Files.readAllLines(out.resolve("load/live-impatient/cells.csv"));
        String[] row = csv.get(1).split(",", -1);
        int ok = Integer.parseInt(row[LoadCsv.COLUMNS.indexOf("ok")]);
        int errors = Integer.parseInt(row[LoadCsv.COLUMNS.indexOf("errors")]);
        int timeouts = Integer.parseInt(row[LoadCsv.COLUMNS.indexOf("timeouts")]);
        assertEquals(0, ok, "nothing answers within 200 ms: " + csv.get(1));
        assertEquals("0", row[LoadCsv.COLUMNS.indexOf("goodput_rps")], csv.get(1));
        assertEquals("200", row[LoadCsv.COLUMNS.indexOf("request_timeout_ms")], csv.get(1));
        assertTrue(timeouts >= 5 && timeouts == errors, "each request of the step timed out: " + csv.get(1));
        // the harness read the downstream's /stats around the step. Gatling closes a timed-out request's connection
        // (RequestTimeout: channel.close()), Reactor Netty cancels the request's Mono, and its client closes the
        // downstream call: the downstream counts calls cut short, about one per timeout. The step's edges aside: of its
        // 10 requests a slow machine's CI counted 4 (the last ones close after the stats are read), so a quarter at least
        long departed = Long.parseLong(row[LoadCsv.COLUMNS.indexOf("wasted_calls")]);
        assertTrue(departed >= timeouts / 4 && departed <= timeouts + 5, "departed " + departed + ", timeouts " + timeouts + ": " + csv.get(1));
        assertTrue(Long.parseLong(row[LoadCsv.COLUMNS.indexOf("wasted_ms")]) >= 0, csv.get(1));
        assertTrue(Files.notExists(out.resolve("load/live-impatient/" + LoadCsv.SPIKES))
                || Files.readAllLines(out.resolve("load/live-impatient/" + LoadCsv.SPIKES)).size() == 1, "no spike ran");
    }

    /** -Dload.target: the generator against a server it did not start (here one the test starts on 127.0.0.1). */
    @Test
    void drivesAServerGivenByItsURL(@TempDir Path out) throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of(), "scenario=virtual-threads")) {
            URI url = URI.create("http://127.0.0.1:" + server.port() + "/");
            String printed = run(new LoadSettings(TINY, List.of(Scenarios.byName("virtual-threads").orElseThrow()), 1, out,
                    Optional.of(url), true));
            assertTrue(printed.contains("against " + url), printed);
            assertTrue(printed.contains("not pinned"), "a remote server is not pinned: " + printed);
            String[] row = Files.readAllLines(out.resolve("load/live/cells.csv")).get(1).split(",", -1);
            assertEquals("100", row[7]);                              // the preset's absolute rate: no knee
            assertTrue(Double.parseDouble(row[10]) > 50, "achieved " + row[10]);
            assertEquals("", row[20], "no server CPU for a server the harness did not start");
            assertEquals("", row[LoadCsv.COLUMNS.indexOf("gc_pause_total_ms")], "nor its flight recording");
        }
    }

    /** SIGTERM in the middle of a run (a script's Ctrl-C): the run ends, with its server and generator, and leaves neither smoke/ nor smoke.running/. */
    @Test
    void aRunStoppedMidwayLeavesNothingBehind(@TempDir Path out) throws Exception {
        lab.StoppedMidway.check(Load.class, List.of("-Dload.preset=smoke", "-Dload.scenarios=sync", "-Dload.trials=1",
                "-Dload.out=" + out), out.resolve("load"));
    }

    @Test
    void aMistakeIsOneLineAndExitStatusTwo() throws Exception {
        List<String> command = ChildJvm.command(Load.class, List.of("-Dload.trials=0"), List.of());
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertEquals("error: load.trials must be a whole number from 1 to 20, not '0'", err.strip());
    }
}
