package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.config.WorkKind;
import lab.launch.ChildJvm;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The whole chain, small: one scenario, two one-second cells, into a temporary directory. */
class CompareLiveTest {

    @Test
    void oneScenarioTwoCells(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(new Ab("ab").version().isPresent(), "ab is not installed");
        Preset tiny = new Preset("live", "test", List.of(
                Workload.timed(WorkKind.SLEEP, Duration.ofMillis(50), List.of(1, 4), 1)), 1);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path runDir = Compare.run(new Settings(tiny, List.of(Scenarios.byName("virtual-threads").orElseThrow()), out, "ab"),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        String printed = progress.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[1/2] virtual-threads") && printed.contains("[2/2] virtual-threads"), printed);
        assertTrue(printed.contains("(theory 80, "), printed);
        List<String> csv = Files.readAllLines(runDir.resolve("cells.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));   // the preset's one trial: a row per cell
        assertEquals(String.join(",", CellsCsv.COLUMNS), csv.get(0));
        String[] c4 = csv.get(2).split(",", -1);
        java.util.function.Function<String, String> col = name -> c4[CellsCsv.COLUMNS.indexOf(name)];
        assertEquals("1", col.apply("trial"));
        assertEquals("virtual-threads", col.apply("scenario"));
        assertEquals("4", col.apply("concurrency"));
        assertEquals("80", col.apply("theory_rps"));
        assertTrue(Double.parseDouble(col.apply("rps")) > 20, "req/s " + col.apply("rps"));   // 80 in theory; a busy machine is slower
        assertTrue(Double.parseDouble(col.apply("peak_rss_mb")) > 10, "peak RSS MB " + col.apply("peak_rss_mb"));
        assertTrue(Integer.parseInt(col.apply("peak_threads")) > 5, "peak threads " + col.apply("peak_threads"));
        assertTrue(Files.readString(runDir.resolve("environment.json")).contains("\"cores\""));
        assertEquals("test", lab.results.Environment.read(runDir).facts().get(lab.results.Environment.RUNS), "what it ran, in its preset's words");
        int gc = CellsCsv.COLUMNS.indexOf("gc_pause_total_ms");   // the server JVM's flight recording, per cell
        assertTrue(Double.parseDouble(c4[gc]) >= Double.parseDouble(c4[gc + 1]), "GC pause total >= max: " + csv.get(2));
        assertTrue(Double.parseDouble(c4[gc + 2]) > 0, "a server that answers allocates: " + csv.get(2));
        assertEquals("0", c4[gc + 3], "virtual-threads blocks in no synchronized block: " + csv.get(2));
        assertTrue(printed.contains("jfr (raw/virtual-threads_sleep.jfr): sleep 50ms c=1: GC "), printed);
        assertTrue(Files.size(runDir.resolve("raw/virtual-threads_sleep.jfr")) > 0);
        assertTrue(Files.size(runDir.resolve("throughput-sleep-50ms.png")) > 1000);
        assertTrue(Files.exists(runDir.resolve("raw/virtual-threads_sleep-50ms_c4.txt")));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(runDir.resolve(Compare.RAW_ZIP).toFile())) {   // what is committed
            assertTrue(zip.getEntry("virtual-threads_sleep-50ms_c4.txt") != null, "raw.zip holds ab's output");
            assertTrue(zip.stream().noneMatch(e -> e.getName().endsWith(".jfr")), "and no flight recording");
        }
        String readme = Files.readString(runDir.resolve("README.md"));   // the preset's own README
        assertTrue(readme.contains("<!-- ab:live:begin -->") && readme.contains("(throughput-sleep-50ms.png)"), readme);
        assertTrue(readme.contains("one trial per cell") && readme.contains("(environment.json)"), readme);
    }

    /**
     * http and db work: the harness reads what its downstream ({@code /stats}) or its PostgreSQL (the
     * log of the work's queries) did around the cell. ab waits for every answer, so the far side worked
     * for nobody only at the window's edges: at most the calls in flight there, none cut short.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"http, virtual-threads", "db, platform-threads"})
    void aCellCountsTheFarSidesWastedWork(String work, String scenario, @TempDir Path out) throws Exception {
        Assumptions.assumeTrue(new Ab("ab").version().isPresent(), "ab is not installed");
        Preset tiny = new Preset("live-" + work, "test", List.of(Workload.timed(WorkKind.valueOf(work.toUpperCase(java.util.Locale.ROOT)), Duration.ofMillis(50), List.of(2), 1)), 1);
        Path runDir = Compare.run(new Settings(tiny, List.of(Scenarios.byName(scenario).orElseThrow()), out, "ab"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String> csv = Files.readAllLines(runDir.resolve("cells.csv"));
        String[] row = csv.get(1).split(",", -1);
        java.util.function.Function<String, String> col = name -> row[CellsCsv.COLUMNS.indexOf(name)];
        assertTrue(Long.parseLong(col.apply("completed")) > 10, csv.get(1));
        // at most the c = 2 calls in flight at each edge of the window (a slow machine's CI counted 4)
        assertTrue(Math.abs(Long.parseLong(col.apply("wasted_for_nobody"))) <= 2 * 2, "patient clients: " + csv.get(1));
        assertEquals("0", col.apply("wasted_cut_short"), csv.get(1));
        assertTrue(Files.readString(runDir.resolve("README.md")).contains("| wasted calls | wasted ms |"), "the table shows them");
    }

    /**
     * -Dcompare.rerun: only the named scenario is measured again; the other's row and raw output stay as
     * committed, and the manifest says what was rerun.
     */
    @Test
    void aRerunReplacesOnlyTheNamedScenario(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(new Ab("ab").version().isPresent(), "ab is not installed");
        Preset tiny = new Preset("live-rerun", "test", List.of(Workload.timed(WorkKind.SLEEP, Duration.ofMillis(50), List.of(2), 1)), 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path runDir = Compare.run(new Settings(tiny, List.of(Scenarios.byName("sync").orElseThrow(),
                Scenarios.byName("virtual-threads").orElseThrow()), out, "ab"), quiet);
        List<String> first = Files.readAllLines(runDir.resolve("cells.csv"));
        assertEquals(3, first.size(), String.join("\n", first));
        String commit = lab.results.Environment.read(runDir).facts().get("git commit");

        Compare.run(new Settings(tiny, List.of(Scenarios.byName("virtual-threads").orElseThrow()), out, "ab", 1, true, true), quiet);
        List<String> merged = Files.readAllLines(runDir.resolve("cells.csv"));
        assertEquals(3, merged.size(), String.join("\n", merged));
        assertEquals(first.get(1), merged.get(1), "sync's row, as committed");
        assertTrue(merged.get(2).startsWith("live-rerun,1,virtual-threads,"), merged.get(2));
        lab.results.Environment env = lab.results.Environment.read(runDir);
        assertEquals(commit, env.facts().get("git commit"), "the committed run's manifest");
        assertTrue(env.facts().get(lab.results.Environment.RERUN).startsWith("virtual-threads measured again on "), env.facts().toString());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(runDir.resolve(Compare.RAW_ZIP).toFile())) {
            assertTrue(zip.getEntry("sync_sleep-50ms_c2.txt") != null && zip.getEntry("virtual-threads_sleep-50ms_c2.txt") != null,
                    "both scenarios' raw output");
        }
    }

    /** A rerun that cannot be merged is one line before anything is measured: no scenario named, nothing committed. */
    @Test
    void aRerunWithNothingToJoinIsRefused(@TempDir Path out) {
        Assumptions.assumeTrue(new Ab("ab").version().isPresent(), "ab is not installed");
        Preset tiny = new Preset("live-rerun", "test", List.of(Workload.timed(WorkKind.SLEEP, Duration.ofMillis(50), List.of(2), 1)), 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        lab.config.OptionException unnamed = org.junit.jupiter.api.Assertions.assertThrows(lab.config.OptionException.class,
                () -> Compare.run(new Settings(tiny, Scenarios.all(), out, "ab", 1, false, true), quiet));
        assertTrue(unnamed.getMessage().contains("name the scenarios"), unnamed.getMessage());
        lab.config.OptionException none = org.junit.jupiter.api.Assertions.assertThrows(lab.config.OptionException.class,
                () -> Compare.run(new Settings(tiny, List.of(Scenarios.byName("sync").orElseThrow()), out, "ab", 1, true, true), quiet));
        assertTrue(none.getMessage().contains("no committed run of 'live-rerun'"), none.getMessage());
    }

    /** No ab: one line with the install hint, exit status 3 (the machine lacks it), before anything starts. */
    @Test
    void withoutAbItStopsAtOnceWithAHint() throws Exception {
        List<String> command = ChildJvm.command(Compare.class, List.of("-Dcompare.ab=/nonexistent/ab",
                "-Dcompare.out=" + Path.of("target", "no-ab").toAbsolutePath()), List.of());
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(lab.config.EnvironmentException.EXIT_STATUS, p.exitValue(), err);
        assertEquals("error: " + Ab.INSTALL_HINT, err.strip());
        assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A preset run again replaces its data and its README's generated block, and keeps the findings written by hand below it. */
    @Test
    void aRerunKeepsTheFindingsWrittenByHand(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(new Ab("ab").version().isPresent(), "ab is not installed");
        Preset tiny = new Preset("live", "test", List.of(Workload.timed(WorkKind.SLEEP, Duration.ofMillis(50), List.of(1), 1)), 1);
        Settings settings = new Settings(tiny, List.of(Scenarios.byName("virtual-threads").orElseThrow()), out, "ab");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path readme = Compare.run(settings, quiet).resolve("README.md");
        String findings = "\nOne request at a time took 50 ms: written by hand.\n";
        Files.writeString(readme, Files.readString(readme) + findings);
        Compare.run(settings, quiet);
        String again = Files.readString(readme);
        assertTrue(again.endsWith(findings), again);
        assertEquals(1, again.split("<!-- ab:live:begin -->", -1).length - 1, "one block: " + again);
    }

    /** SIGTERM in the middle of a run (a script's Ctrl-C): the run ends, with its server and ab, and leaves neither smoke/ nor smoke.running/. */
    @Test
    void aRunStoppedMidwayLeavesNothingBehind(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(new Ab("ab").version().isPresent(), "ab is not installed");
        lab.StoppedMidway.check(Compare.class, List.of("-Dcompare.preset=smoke", "-Dcompare.scenarios=sync", "-Dcompare.trials=1",
                "-Dcompare.out=" + out), out.resolve("ab"));
    }
}