package lab.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import lab.config.OptionException;

/**
 * {@code mvn verify -Pcompare [-Dcompare.preset=default|seed|extended|smoke] [-Dcompare.scenarios=a,b]
 * [-Dcompare.out=results]}: every registered scenario under ab, one fresh server JVM each; writes
 * {@code OUT/ab/PRESET/} (raw ab output, cells.csv, PNG charts, replaced on a rerun) and the
 * preset's block of {@code OUT/README.md}. A user mistake, or no ab, is one line and exit status 2.
 */
public final class Compare {

    private Compare() {}

    public static void main(String[] args) {
        try {
            run(Settings.from(System.getProperties()), System.out);
            System.exit(0);
        } catch (OptionException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("error: interrupted");
            System.exit(1);
        } catch (RuntimeException e) {   // e.g. a server that survived SIGKILL: one line, not a stack trace
            System.err.println("error: the comparison stopped: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the comparison; returns the run's directory ({@code OUT/ab/PRESET}). */
    public static Path run(Settings settings, PrintStream out) throws IOException, InterruptedException {
        Ab ab = new Ab(settings.ab());
        String abVersion = ab.version().orElseThrow(() -> new OptionException(Ab.INSTALL_HINT));
        int cores = Runtime.getRuntime().availableProcessors();
        Preset preset = settings.preset();
        Plan plan = Plan.of(preset, settings.scenarios(), cores);
        long servers = plan.servers().stream().filter(Plan.Server::runsAnything).count();
        out.printf(Locale.ROOT, "ab comparison, preset '%s': %s%n", preset.name(), preset.purpose());
        out.printf(Locale.ROOT, "%d scenarios, %d cells, %d server JVMs on %d cores; estimated time %s%n",
                settings.scenarios().size(), plan.cellCount(), servers, cores, minutes(plan.estimateSeconds()));
        out.flush();

        // A run fills a fresh folder beside the last results and replaces them only once it is done:
        // a run that fails half-way leaves the previous results (and the README's links) intact.
        Path runDir = settings.out().resolve("ab").resolve(preset.name());
        Path newDir = runDir.resolveSibling(preset.name() + ".running");
        deleteRecursively(newDir);
        Path rawDir = Files.createDirectories(newDir.resolve("raw"));
        long start = System.nanoTime();
        List<CellResult> results = new Runner(ab, rawDir, cores, out).run(plan);
        double took = (System.nanoTime() - start) / 1e9;

        CellsCsv.write(newDir.resolve("cells.csv"), preset.name(), results);
        List<Charts.Chart> charts = Charts.write(newDir, results);
        deleteRecursively(runDir);
        Files.move(newDir, runDir);
        String header = String.format(Locale.ROOT, "%s, %d cores, Java %s, %s, took %s", LocalDate.now(), cores,
                Runtime.version().feature(), abVersion, minutes(took));
        Path readme = settings.out().resolve("README.md");
        ReadmeSection.update(readme, preset.name(), ReadmeSection.block(preset.name(), header, results, charts));
        out.printf(Locale.ROOT, "done in %s (estimated %s): %s, %d charts, tables in %s%n", minutes(took),
                minutes(plan.estimateSeconds()), runDir.resolve("cells.csv"), charts.size(), readme);
        return runDir;
    }

    static String minutes(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d min", d.toMinutes(), d.toSecondsPart());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
