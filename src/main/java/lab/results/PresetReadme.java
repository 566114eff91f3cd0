package lab.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One README per preset, {@code results/KIND/PRESET/README.md}: a title, the generated block
 * between {@code <!-- KIND:PRESET:begin -->} and {@code <!-- KIND:PRESET:end -->} (what the preset
 * runs, where, its tables and charts), then the preset's hand-written findings, kept as written.
 * Written from the preset's own folder only, so a new preset (or a new kind) drops in without
 * touching any other preset's file. Links inside the block are relative to the preset's folder.
 */
public final class PresetReadme {

    public static final String FILE = "README.md";

    private PresetReadme() {}

    public static Path path(Path results, String kind, String preset) {
        return results.resolve(kind).resolve(preset).resolve(FILE);
    }

    public static String begin(String kind, String preset) {
        return "<!-- " + kind + ":" + preset + ":begin -->";
    }

    public static String end(String kind, String preset) {
        return "<!-- " + kind + ":" + preset + ":end -->";
    }

    /** The first lines of the block: what the preset runs, from the preset's own {@code purpose}. */
    public static String runs(String kind, String preset, String purpose) {
        return "**What it runs:** " + purpose + ". The method (cells, steps, theory, trials, samples): "
                + "[docs/method.md](../../../docs/method.md); all presets: [results](../../README.md).\n\n";
    }

    /**
     * A new run of a preset fills {@code next} and then takes the place of {@code committed}: the
     * README goes with it, so the findings written by hand survive and only the block is redrawn.
     */
    public static void carryOver(Path committed, Path next) throws IOException {
        Path readme = committed.resolve(FILE);
        if (Files.isRegularFile(readme)) Files.copy(readme, next.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Replaces the preset's block in its README, or writes a new README around it. */
    public static Path update(Path results, String kind, String preset, String content) throws IOException {
        Path readme = path(results, kind, preset);
        String text = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : skeleton(kind, preset);
        String updated;
        try {
            updated = MarkedBlock.replaceOrAppend(text, begin(kind, preset), end(kind, preset), content, "## Tables");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(readme + " " + e.getMessage(), e);
        }
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
        return readme;
    }

    /** A first README: the block goes under the title, the findings are for a person to write. */
    static String skeleton(String kind, String preset) {
        return "# `" + kind + "` preset `" + preset + "`\n\n" + begin(kind, preset) + "\n" + end(kind, preset)
                + "\n\n## Findings\n\n_Not written yet: what this run shows, each number with the cell it comes from._\n";
    }
}
