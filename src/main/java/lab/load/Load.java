package lab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lab.results.Environment;
import lab.results.Harness;

/**
 * {@code mvn verify -Pload [-Dload.preset=NAME] [-Dload.scenarios=a,b] [-Dload.trials=3]
 * [-Dload.target=http://host:port/] [-Dload.pin=true] [-Dload.out=results]}: the open-model load
 * harness ({@link LoadPreset#names()}). Per scenario and workload a sweep of offered rates at a constant arrival rate and a
 * spike, each trial one Gatling run; writes {@code OUT/load/PRESET/} (cells.csv, spikes.csv,
 * spike-timeline.csv, environment.json, replaced on a rerun), then draws its charts and the preset's
 * block of {@code OUT/load/PRESET/README.md} from those files ({@link LoadRender}). Gatling's own HTML
 * reports stay in the build's work folder: they vendor their JavaScript, and the lab's PNGs show the same. A user mistake is one line and exit status 2.
 */
public final class Load {

    private Load() {}

    public static void main(String[] args) {
        Harness.main("the load run", () -> run(LoadSettings.from(System.getProperties()), System.out));
    }

    /** Runs the harness; returns the run's directory ({@code OUT/load/PRESET}). */
    public static Path run(LoadSettings settings, PrintStream out) throws IOException, InterruptedException {
        GatlingRun.Install install = GatlingRun.Install.find();
        int cores = Runtime.getRuntime().availableProcessors();
        Pinning pinning = Pinning.decide(settings.pin() && settings.target().isEmpty(), cores);
        LoadPreset preset = settings.preset();
        // The theory from the server JVM's view: in a pod its processors and quota, not Maven's cores.
        Optional<lab.pod.PodLimits> pod = lab.pod.PodLimits.fromSystemProperties();
        LoadPlan plan = LoadPlan.of(preset, settings.scenarios(), settings.trials(),
                pod.isPresent() ? lab.pod.PodLimits.serverCpu(pod, pinning.serverCores()) : pinning.serverCpu());
        out.printf(Locale.ROOT, "open-model load, preset '%s': %s%n", preset.name(), preset.purpose());
        out.printf(Locale.ROOT, "%s; %s; against %s; estimated time %s%n", plan.describe(), pinning.describe(),
                settings.target().map(Object::toString).orElse("a fresh server JVM per scenario on 127.0.0.1"),
                Harness.minutes(plan.estimateSeconds()));
        pod.ifPresent(l -> out.println("each server JVM in its own pod: " + l.describe() + " (Gatling and the downstream outside); "
                + plan.serverCpu().describe()));
        out.flush();

        Path runDir = settings.out().resolve("load").resolve(preset.name());
        Path workDir = install.labClasses().resolveSibling("load-runs").resolve(preset.name());
        Harness.deleteRecursively(workDir);
        Environment env = Environment.capture(Path.of("").toAbsolutePath(), Map.of("gatling", install.version(),
                "pinning", pinning.describe())).with(Environment.RUNS, preset.purpose());
        long start = System.nanoTime();
        LoadRunner.Results results = new LoadRunner(new GatlingRun(install, pinning.client()), pinning, settings.target(),
                workDir, out, pod).run(plan);
        double took = (System.nanoTime() - start) / 1e9;

        // Made only now, so a run stopped before its end leaves nothing beside the committed results.
        Path newDir = Harness.unfinishedBeside(runDir);
        LoadCsv.write(newDir.resolve(LoadCsv.CELLS), preset.name(), results.steps());
        LoadCsv.writeSpikes(newDir, preset.name(), results.spikes());
        env.with(Environment.TOOK, Harness.minutes(took)).write(newDir);
        Harness.putInPlace(newDir, runDir);
        // The charts and tables from the files just written, as -Prender draws them: one way to draw a run.
        int charts = LoadRender.preset(settings.out(), preset);
        out.printf(Locale.ROOT, "done in %s (estimated %s): %s, %d charts, tables in %s; every run's records and Gatling reports in %s%n",
                Harness.minutes(took), Harness.minutes(plan.estimateSeconds()), runDir.resolve(LoadCsv.CELLS), charts,
                lab.results.PresetReadme.path(settings.out(), "load", preset.name()), workDir);
        return runDir;
    }

}
