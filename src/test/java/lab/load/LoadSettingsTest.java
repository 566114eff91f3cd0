package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import lab.config.OptionException;
import lab.measure.Spread;
import org.junit.jupiter.api.Test;

/** -Dload.* mistakes are one line each; the trials' spread. */
class LoadSettingsTest {

    private static LoadSettings from(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return LoadSettings.from(p);
    }

    @Test
    void defaults() {
        LoadSettings s = from();
        assertEquals("default", s.preset().name());
        assertEquals(3, s.trials());
        assertTrue(s.target().isEmpty() && s.pin());
    }

    @Test
    void mistakesAreOneLineErrors() {
        assertTrue(assertThrows(OptionException.class, () -> from("load.preset", "huge")).getMessage().contains("smoke"));
        assertThrows(OptionException.class, () -> from("load.trials", "0"));
        assertThrows(OptionException.class, () -> from("load.trials", "three"));
        assertThrows(OptionException.class, () -> from("load.scenarios", "nope"));
        assertThrows(OptionException.class, () -> from("load.pin", "yes"));
        assertThrows(OptionException.class, () -> from("load.target", "ftp://x/", "load.scenarios", "sync"));
        assertThrows(OptionException.class, () -> from("load.target", "http://10.0.0.2:8000/path", "load.scenarios", "sync"));
        // a target is one server: which scenario it runs sets the rates
        assertTrue(assertThrows(OptionException.class, () -> from("load.target", "http://10.0.0.2:8000/"))
                .getMessage().contains("load.scenarios"));
    }

    @Test
    void aTargetURLIsAcceptedWithItsScenario() {
        LoadSettings s = from("load.target", "http://10.0.0.2:8000", "load.scenarios", "sync");
        assertEquals("http://10.0.0.2:8000/", s.target().orElseThrow().toString());
    }

    @Test
    void spreadIsTheMedianWithMinAndMax() {
        Spread s = Spread.of(3, 1, 2, Double.NaN);
        assertEquals(new Spread(2, 1, 3, 3), s);
        assertEquals(2.5, Spread.of(1, 2, 3, 4).median(), 1e-9);
        assertEquals("2 (1–3)", s.format(v -> String.format("%.0f", v)));
        assertEquals("-", Spread.of().format(String::valueOf));
    }
}
