package lab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import lab.config.OptionException;
import org.junit.jupiter.api.Test;

class MemorySettingsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    @Test
    void defaultsAreTheIssuesMatrix() {
        MemorySettings s = MemorySettings.from(props());
        assertEquals(MemorySettings.UNBOUNDED, s.scenarios());
        assertEquals(List.of(256L << 20, 512L << 20), s.pods());
        assertEquals(List.of("default", "75"), s.heaps());
        assertEquals(List.of("-XX:MaxRAMPercentage=75"), MemorySettings.jvmFlags("75"));
    }

    @Test
    void badValuesAnswerWithOneLine() {
        for (Properties p : List.of(props("memory.scenarios", "nope"), props("memory.pods", "64m"), props("memory.pods", "lots"),
                props("memory.heaps", "5"), props("memory.step", "0"), props("memory.cap", "x"),
                props("memory.runTime", "70s"), props("memory.cost", "2m"))) {
            OptionException e = assertThrows(OptionException.class, () -> MemorySettings.from(p), p.toString());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("memory.") || e.getMessage().contains("memory."), e.getMessage());
        }
    }
}
