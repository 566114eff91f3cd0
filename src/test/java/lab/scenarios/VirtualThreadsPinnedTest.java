package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import lab.Servers;
import lab.config.Options;
import lab.http.RunningServer;
import lab.measure.Theory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * virtual-threads-pinned asserts what the <em>running</em> JDK does: on 24+ (JEP 491) blocking inside
 * {@code synchronized} does not pin, so 8 requests of 200 ms per carrier run at once and JFR records
 * no pin in the scenario's code; on 21-23 they pin, at most (carriers) run at once, and JFR records
 * the pins.
 */
class VirtualThreadsPinnedTest {

    /** Per carrier, so that pinned they take 8 waves on any machine, not just 4 on 2 cores. */
    private static final int REQUESTS = 8 * VirtualThreadsPinned.carriers();
    private static final boolean PINS = Runtime.version().feature() < 24;

    @Test
    void capacityAndLessonStateTheRuleOfTheRunningJdk() {
        Scenario s = Scenarios.byName("virtual-threads-pinned").orElseThrow();
        Options options = Options.of(Map.of());
        assertEquals(PINS ? VirtualThreadsPinned.carriers() : Theory.UNBOUNDED, s.capacity(options));
        assertTrue(s.lesson().contains(PINS ? "pins the carrier" : "no longer pins"), s.lesson());
        try (RunningServer server = Servers.start("virtual-threads-pinned")) {
            assertTrue(server.threading().contains("Java " + Runtime.version().feature()), server.threading());
        }
    }

    @Test
    void pinsOnlyWhereTheRunningJdkPins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pinned.jfr");
        long ms;
        try (Recording recording = new Recording();
             RunningServer server = Servers.start("virtual-threads-pinned", "cost", "200ms")) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ofMillis(20)).withStackTrace();
            recording.start();
            ms = ConcurrencyShapeTest.batchMillis(server, REQUESTS);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> ours = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                .filter(VirtualThreadsPinnedTest::inLegacyClient)
                .toList();
        if (PINS) {
            long waves = (REQUESTS + VirtualThreadsPinned.carriers() - 1) / VirtualThreadsPinned.carriers();
            assertTrue(ms >= waves * 180, REQUESTS + " x 200 ms took " + ms + " ms on " + VirtualThreadsPinned.carriers()
                    + " carriers; pinned, expected " + waves + " waves");
            assertTrue(!ours.isEmpty(), "no jdk.VirtualThreadPinned event in the synchronized call");
        } else {
            // at once: 200 ms plus the connections' overhead (16 connections took up to ~700 ms
            // more on a loaded 2-core machine); pinned, they would take 8 waves of 200 ms, >= 1,600 ms
            assertTrue(ms < 1_200, REQUESTS + " x 200 ms took " + ms + " ms; JEP 491 says they run at once (< 1,200)");
            assertEquals(List.of(), ours, "pinned inside the synchronized call on Java " + Runtime.version().feature());
        }
    }

    private static boolean inLegacyClient(RecordedEvent e) {
        return e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getType().getName().contains("VirtualThreadsPinned"));
    }
}
