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
public record Settings(Preset preset, List<Scenario> scenarios, Path out, String ab, int trials, boolean named, boolean rerun) {

    /** The preset's own number of trials ({@link Trials#defaultFor}), a whole run. */
    public Settings(Preset preset, List<Scenario> scenarios, Path out, String ab) {
        this(preset, scenarios, out, ab, Trials.defaultFor(preset.name()), true, false);
    }

    public static final String PRESET = "compare.preset";
    public static final String SCENARIOS = "compare.scenarios";
    public static final String OUT = "compare.out";
    public static final String AB = "compare.ab";
    /** Only the named scenarios measured again, into the committed run ({@link Rerun}). */
    public static final String RERUN = "compare.rerun";

    public static Settings from(Properties p) {
        String presetName = value(p, PRESET, "default");
        Preset preset = Preset.byName(presetName).orElseThrow(() -> new OptionException(
                "unknown preset '" + presetName + "' (" + PRESET + "); choose one of: " + String.join(", ", Preset.names())));
        String trials = value(p, Trials.PROPERTY, "");
        String rerun = value(p, RERUN, "false");
        if (!rerun.equals("true") && !rerun.equals("false")) throw new OptionException(RERUN + " is true or false, not '" + rerun + "'");
        String named = value(p, SCENARIOS, "");
        return new Settings(preset, scenarios(named), Path.of(value(p, OUT, "results")),
                value(p, AB, "ab"), trials.isEmpty() ? Trials.defaultFor(preset.name()) : Trials.parse(trials),
                !named.isEmpty(), rerun.equals("true"));
    }

    static List<Scenario> scenarios(String list) {
        return Scenarios.parseList(list, SCENARIOS);
    }

    private static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
