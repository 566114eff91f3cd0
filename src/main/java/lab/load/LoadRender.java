package lab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lab.results.Environment;
import lab.results.Harness;
import lab.results.PresetReadme;

/**
 * {@code mvn verify -Prender} (with the ab and JMH renderers): the load runs' charts and README
 * blocks drawn again from what each run committed in {@code results/load/PRESET/} ({@code cells.csv},
 * {@code spikes.csv}, {@code spike-timeline.csv}, {@code environment.json}), with no server and no
 * Gatling. {@link Load} draws its own run the same way. A run from before {@code spikes.csv} keeps
 * its spike table and charts as they were ({@link LoadTables.Kept}).
 */
public final class LoadRender {

    private LoadRender() {}

    public static void main(String[] args) {
        Harness.step("the load render", () -> all(Path.of(System.getProperty("render.out", "results")), System.out));
    }

    /** Every preset under {@code results/load/} that has a {@code cells.csv}, in name order. */
    public static void all(Path results, PrintStream out) throws IOException {
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(results.resolve("load"))) {
            runs = dirs.filter(d -> Files.isRegularFile(d.resolve(LoadCsv.CELLS))).sorted().toList();
        }
        for (Path dir : runs) {
            String name = dir.getFileName().toString();
            LoadPreset preset = LoadPreset.byName(name).orElseThrow(() -> new IOException(dir + ": no load preset '" + name
                    + "' to read it by (its workloads and queues); presets: " + String.join(", ", LoadPreset.names())));
            int charts = preset(results, preset);
            out.println("render: " + dir + ": " + charts + " charts, its block of " + PresetReadme.path(results, "load", name));
        }
    }

    /** Draws {@code results/load/PRESET}'s charts and its block of {@code results/load/PRESET/README.md}; returns the charts drawn. */
    public static int preset(Path results, LoadPreset preset) throws IOException {
        Path dir = results.resolve("load").resolve(preset.name());
        Path readme = PresetReadme.path(results, "load", preset.name());
        List<StepResult> steps = LoadCsv.readCells(dir, preset);
        List<SpikeResult> spikes = LoadCsv.readSpikes(dir, preset);
        Environment env = Environment.read(dir);
        int trials = Stream.concat(steps.stream().map(StepResult::trial), spikes.stream().map(SpikeResult::trial))
                .mapToInt(Integer::intValue).max().orElse(1);
        List<SweepCell> cells = SweepCell.of(steps);
        List<LoadCharts.Chart> charts = LoadCharts.write(dir, cells, spikes, env.facts().getOrDefault("pinning", "not pinned"));
        LoadTables.Kept kept = spikes.isEmpty() ? LoadTables.Kept.from(readme, preset.name()) : LoadTables.Kept.NONE;
        LoadTables.update(results, preset.name(),
                LoadTables.block(preset.name(), env.runs(preset.purpose()), LoadTables.header(env, trials), cells, spikes, charts, kept));
        if (preset.calibrates()) PodSizing.update(dir, cells);   // the pod preset's sizing table, beside its run
        return charts.size();
    }
}
