package lab.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import lab.config.OptionException;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;

/**
 * The load harness's settings, from {@code -Dload.*}; a mistake is an {@link OptionException}.
 *
 * @param target a server someone else started ({@code http://host:port/}); empty: the harness starts
 *               each scenario itself on 127.0.0.1
 */
public record LoadSettings(LoadPreset preset, List<Scenario> scenarios, int trials, Path out, Optional<URI> target,
                           boolean pin) {

    public static final String PRESET = "load.preset";
    public static final String SCENARIOS = "load.scenarios";
    public static final String TRIALS = "load.trials";
    public static final String OUT = "load.out";
    public static final String TARGET = "load.target";
    public static final String PIN = "load.pin";

    public static LoadSettings from(Properties p) {
        String presetName = value(p, PRESET, "default");
        LoadPreset preset = LoadPreset.byName(presetName).orElseThrow(() -> new OptionException(
                "unknown preset '" + presetName + "' (" + PRESET + "); choose one of: " + String.join(", ", LoadPreset.names())));
        int trials = trials(value(p, TRIALS, "3"));
        Optional<URI> target = Optional.of(value(p, TARGET, "")).filter(s -> !s.isEmpty()).map(LoadSettings::url);
        String named = value(p, SCENARIOS, "");
        // none named: the preset's own choice (the pod and impatient presets name theirs), else all
        List<Scenario> scenarios = named.isEmpty() ? preset.pick(scenarios(named)) : scenarios(named);
        if (target.isPresent() && scenarios.size() != 1) {
            throw new OptionException(TARGET + " needs the one scenario that server runs, e.g. -D" + SCENARIOS
                    + "=sync (its k sets the offered rates)");
        }
        String pin = value(p, PIN, "true");
        if (!pin.equals("true") && !pin.equals("false")) throw new OptionException(PIN + " must be true or false, not '" + pin + "'");
        return new LoadSettings(preset, scenarios, trials, Path.of(value(p, OUT, "results")), target, pin.equals("true"));
    }

    static int trials(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 20) return n;
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new OptionException(TRIALS + " must be a whole number from 1 to 20, not '" + text + "'");
    }

    static URI url(String text) {
        try {
            URI u = URI.create(text.endsWith("/") ? text : text + "/");
            if (("http".equals(u.getScheme())) && u.getHost() != null && (u.getPath() == null || u.getPath().equals("/"))) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message
        }
        throw new OptionException(TARGET + " must be a server's root URL like http://192.168.1.20:8000/, not '" + text + "'");
    }

    /** Empty = every registered scenario, so new ones join the load runs by themselves. */
    static List<Scenario> scenarios(String list) {
        return Scenarios.parseList(list, SCENARIOS);
    }

    private static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
