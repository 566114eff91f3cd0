package lab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real recording, made here with the comparison's settings ({@code default}), while this JVM
 * collects garbage, allocates a known amount and pins a virtual thread; then read back per window.
 */
class JfrReaderTest {

    private static final int ALLOCATED_MB = 256;
    private static volatile byte[] sink;

    /**
     * A pin that JDK 24+ still has (JEP 491 covers synchronized, not class initialisers): a virtual
     * thread that sleeps inside {@code <clinit>} cannot unmount. The positive control for the pin count.
     */
    static final class SlowToInitialise {
        static {
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {}
    }

    @Test
    void countsGcPausesAllocationAndPinsInTheirWindow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        Instant before = Instant.now();
        Thread.sleep(20);
        Instant start = Instant.now();
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            Map<String, String> settings = new HashMap<>(recording.getSettings());
            settings.putAll(JfrReader.EXTRA_SETTINGS);
            recording.setSettings(settings);
            recording.start();
            for (int i = 0; i < ALLOCATED_MB * 16; i++) sink = new byte[64 * 1024];
            System.gc();
            Thread.ofVirtual().start(SlowToInitialise::touch).join();
            recording.stop();
            recording.dump(file);
        }
        Instant end = Instant.now();

        List<JfrStats> stats = JfrReader.read(file, List.of(new JfrReader.Window(before, start),
                new JfrReader.Window(start, end)));
        assertEquals(new JfrStats(0, 0, 0, 0), stats.get(0), "events before the recording began");
        JfrStats during = stats.get(1);
        assertTrue(during.pinned() >= 1, "the virtual thread pinned in <clinit>: " + during);
        assertTrue(during.gcPauseMaxMs() > 0 && during.gcPauseTotalMs() >= during.gcPauseMaxMs(), during.toString());
        double seconds = new JfrReader.Window(start, end).seconds();
        double allocatedMb = during.allocMbPerSecond() * seconds;
        // TLABs are handed out whole, and JFR itself allocates: a little more than the arrays
        assertTrue(allocatedMb > ALLOCATED_MB * 0.9 && allocatedMb < ALLOCATED_MB * 1.5,
                "estimated " + allocatedMb + " MB allocated for " + ALLOCATED_MB + " MB");
    }
}
