package lab.compare;

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
 * {@code mvn verify -Prender} (with the load and JMH renderers): the ab comparison's charts and
 * each preset's README block ({@code results/ab/PRESET/README.md}) drawn again from what each run committed ({@code results/ab/PRESET/cells.csv} and
 * {@code environment.json}), with no server and no ab. {@link Compare} draws its own run the same
 * way, so a re-render of an untouched checkout writes the same bytes.
 */
public final class Render {

    private Render() {}

    public static void main(String[] args) {
        Harness.step("the ab render", () -> all(Path.of(System.getProperty("render.out", "results")), System.out));
    }

    /** Every preset under {@code results/ab/} that has a {@code cells.csv}, in name order. */
    public static void all(Path results, PrintStream out) throws IOException {
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(results.resolve("ab"))) {
            runs = dirs.filter(d -> Files.isRegularFile(d.resolve("cells.csv"))).sorted().toList();
        }
        for (Path dir : runs) {
            String name = dir.getFileName().toString();
            Preset preset = Preset.byName(name).orElseThrow(() -> new IOException(dir + ": no preset '" + name
                    + "' to read it by (its workloads name the cells); presets: " + String.join(", ", Preset.names())));
            int charts = preset(results, preset);
            out.println("render: " + dir + ": " + charts + " charts, its block of " + PresetReadme.path(results, "ab", name));
        }
    }

    /** Draws {@code results/ab/PRESET}'s charts and its block of {@code results/ab/PRESET/README.md}; returns the chart count. */
    public static int preset(Path results, Preset preset) throws IOException {
        Path dir = results.resolve("ab").resolve(preset.name());
        List<TrialResult> rows = CellsCsv.read(dir.resolve("cells.csv"), preset);
        List<CellTrials> cells = CellTrials.of(rows);
        int trials = rows.stream().mapToInt(TrialResult::trial).max().orElse(1);
        List<Charts.Chart> charts = Charts.write(dir, cells);
        Environment env = Environment.read(dir);
        ReadmeSection.update(results, preset.name(),
                ReadmeSection.block(preset.name(), env.runs(preset.purpose()), ReadmeSection.header(env, trials), cells, charts));
        return charts.size();
    }
}
