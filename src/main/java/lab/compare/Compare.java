package lab.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lab.config.EnvironmentException;
import lab.pod.PodLimits;
import lab.results.Archive;
import lab.results.Environment;
import lab.results.Harness;

/**
 * {@code mvn verify -Pcompare [-Dcompare.preset=default|seed|extended|smoke] [-Dcompare.scenarios=a,b]
 * [-Dcompare.trials=N] [-Dcompare.out=results] [-Dcompare.rerun=true]}: every registered scenario under ab, one fresh server
 * JVM each, N interleaved trials; writes {@code OUT/ab/PRESET/} (raw ab output in raw.zip, cells.csv, PNG charts,
 * environment.json, replaced on a rerun; with compare.rerun only the named scenarios' part, {@link Rerun}), then draws the charts and the preset's block of
 * {@code OUT/ab/PRESET/README.md} from those files ({@link Render}). A user mistake, or no ab, is one line and exit status 2.
 */
public final class Compare {

    /** ab's raw output of a run, every trial, in one file: what the tables cite. */
    public static final String RAW_ZIP = "raw.zip";

    private Compare() {}

    public static void main(String[] args) {
        Harness.main("the comparison", () -> run(Settings.from(System.getProperties()), System.out));
    }

    /** Runs the comparison; returns the run's directory ({@code OUT/ab/PRESET}). */
    public static Path run(Settings settings, PrintStream out) throws IOException, InterruptedException {
        Ab ab = new Ab(settings.ab());
        String abVersion = ab.version().orElseThrow(() -> new EnvironmentException(Ab.INSTALL_HINT));
        Preset preset = settings.preset();
        Environment env = Environment.capture(Path.of("").toAbsolutePath(), Map.of("ab", abVersion))
                .with(Environment.RUNS, preset.purpose());
        int cores = Runtime.getRuntime().availableProcessors();
        Optional<PodLimits> pod = PodLimits.fromSystemProperties();
        Plan plan = Plan.of(preset, settings.scenarios(), PodLimits.serverCpu(pod, cores));
        int trials = settings.trials();
        List<Trials.Step> steps = Trials.interleave(plan, trials);
        double estimate = Trials.estimateSeconds(plan, trials);
        long servers = steps.stream().filter(s -> s.server().runsAnything()).count();
        out.printf(Locale.ROOT, "ab comparison, preset '%s': %s%n", preset.name(), preset.purpose());
        out.printf(Locale.ROOT, "%d scenarios, %d cells x %d trial(s) (%s=), %d server JVMs on %d cores; estimated time %s%n",
                settings.scenarios().size(), plan.cellCount(), trials, Trials.PROPERTY, servers, cores, Harness.minutes(estimate));
        pod.ifPresent(l -> out.println("each server JVM in its own pod: " + l.describe()
                + " (ab and the downstream outside); " + plan.cpu().describe()));
        out.flush();

        // A run fills a fresh folder beside the last results and replaces them only once it is done:
        // a run that fails half-way leaves the previous results (and the README's links) intact.
        Path runDir = settings.out().resolve("ab").resolve(preset.name());
        Optional<Rerun> rerun = settings.rerun()
                ? Optional.of(Rerun.of(runDir, preset, settings.scenarios(), settings.named(), trials)) : Optional.empty();
        Path newDir = Harness.unfinishedBeside(runDir);   // a stop or a failure before putInPlace below leaves none
        Path rawDir = Files.createDirectories(newDir.resolve("raw"));
        long start = System.nanoTime();
        List<TrialResult> results = runTrials(ab, plan, steps, trials, rawDir, cores, out);
        double took = (System.nanoTime() - start) / 1e9;

        Environment measured = env.with(Environment.TOOK, Harness.minutes(took));
        if (rerun.isPresent()) {
            results = rerun.get().merged(results);
            rerun.get().keepRaw(rawDir);
            measured = rerun.get().environment(measured);
        }
        CellsCsv.write(newDir.resolve("cells.csv"), preset.name(), results);
        // ab's output committed as one archive (raw/ itself stays beside it, ignored by git, with the flight recordings)
        Archive.zip(rawDir, newDir.resolve(RAW_ZIP), f -> !f.getFileName().toString().endsWith(".jfr"));
        measured.write(newDir);
        Harness.putInPlace(newDir, runDir);
        // The charts and tables from the files just written, as -Prender draws them: one way to draw a run.
        int charts = Render.preset(settings.out(), preset);
        out.printf(Locale.ROOT, "done in %s (estimated %s): %s, %d charts, tables in %s%n", Harness.minutes(took),
                Harness.minutes(estimate), runDir.resolve("cells.csv"), charts, lab.results.PresetReadme.path(settings.out(), "ab", preset.name()));
        return runDir;
    }

    /**
     * The steps in order (trial 1 of every server, then trial 2, ...), each server a fresh JVM. With
     * several trials each keeps ab's raw output in {@code raw/trial-N/}, and a line before each trial
     * says how long the rest should take, from the trials done so far.
     */
    private static List<TrialResult> runTrials(Ab ab, Plan plan, List<Trials.Step> steps, int trials, Path rawDir,
                                               int cores, PrintStream out) throws IOException, InterruptedException {
        List<TrialResult> results = new ArrayList<>();
        int total = Trials.cellCount(steps);
        long start = System.nanoTime();
        Runner runner = null;
        int current = 0;
        for (Trials.Step step : steps) {
            if (step.trial() != current) {
                current = step.trial();
                Path dir = trials == 1 ? rawDir : Files.createDirectories(rawDir.resolve("trial-" + current));
                runner = new Runner(ab, dir, cores, out, PodLimits.fromSystemProperties());
                if (trials > 1) {
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    double left = current == 1 ? Trials.estimateSeconds(plan, trials)
                            : elapsed / (current - 1) * (trials - current + 1);
                    out.printf(Locale.ROOT, "trial %d of %d (about %s left)%n", current, trials, Harness.minutes(left));
                }
            }
            String tag = trials == 1 ? "" : "trial " + current + "/" + trials;
            for (CellResult r : runner.runServer(plan, step.server(), results.size(), total, tag)) {
                results.add(new TrialResult(current, r));
            }
        }
        return results;
    }
}
