package lab.shape;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import lab.config.Shape;
import lab.work.SleepWork;
import org.junit.jupiter.api.Test;

/** The platform pool's fan-out, every N the option allows: fanout:1 forks too (it once found no pool and failed). */
class PlatformForksTest {

    @Test
    void aFanOutOfOneForksOnThePoolToo() {
        try (PlatformForks forks = PlatformForks.of(Shape.fanout(1), new SleepWork(), 2)) {
            forks.perform(Duration.ofMillis(10));
        }
    }

    @Test
    void aFanOutRunsItsCallsAtOnce() {
        try (PlatformForks forks = PlatformForks.of(Shape.fanout(4), new SleepWork(), 4)) {
            long t0 = System.nanoTime();
            forks.perform(Duration.ofMillis(200));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 190 && ms < 700, "4 calls of 200 ms at once took " + ms + " ms, not about 200 (one after another: 800)");
        }
    }
}
