package lab.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import lab.config.OptionException;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;

/**
 * The comparison's own settings, from {@code -Dcompare.*} properties; a mistake is an
 * {@link OptionException} (one line, exit 2).
 *
 * @param out results root: cells go to {@code out/ab/<preset>/}, the tables into {@code out/README.md}
 */
public record Settings(Preset preset, List<Scenario> scenarios, Path out, String ab, int trials) {

    /** The preset's own number of trials ({@link Trials#defaultFor}). */
    public Settings(Preset preset, List<Scenario> scenarios, Path out, String ab) {
        this(preset, scenarios, out, ab, Trials.defaultFor(preset.name()));
    }

    public static final String PRESET = "compare.preset";
    public static final String SCENARIOS = "compare.scenarios";
    public static final String OUT = "compare.out";
    public static final String AB = "compare.ab";

    public static Settings from(Properties p) {
        String presetName = value(p, PRESET, "default");
        Preset preset = Preset.byName(presetName).orElseThrow(() -> new OptionException(
                "unknown preset '" + presetName + "' (" + PRESET + "); choose one of: " + String.join(", ", Preset.names())));
        String trials = value(p, Trials.PROPERTY, "");
        return new Settings(preset, scenarios(value(p, SCENARIOS, "")), Path.of(value(p, OUT, "results")),
                value(p, AB, "ab"), trials.isEmpty() ? Trials.defaultFor(preset.name()) : Trials.parse(trials));
    }

    static List<Scenario> scenarios(String list) {
        return Scenarios.parseList(list, SCENARIOS);
    }

    private static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
