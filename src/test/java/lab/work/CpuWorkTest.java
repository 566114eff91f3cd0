package lab.work;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuWorkTest {

    /**
     * The calibration holds: a call asked to cost 100 ms uses between 50 and 200 ms of this
     * thread's CPU time. CPU time, not wall time, so a busy machine does not fail the test.
     */
    @Test
    void aCallCostsAboutWhatWasAskedWithinAFactorOfTwo() {
        CpuWork work = CpuWork.calibrate();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        work.perform(Duration.ofMillis(20));   // warm the calling path too
        long before = threads.getCurrentThreadCpuTime();
        work.perform(Duration.ofMillis(100));
        double tookMs = (threads.getCurrentThreadCpuTime() - before) / 1e6;
        assertTrue(tookMs > 50 && tookMs < 200, "100 ms of cpu work took " + tookMs + " ms of CPU time");
    }

    @Test
    void roundsScaleWithCost() {
        CpuWork work = CpuWork.withSpeed(2.0);
        assertTrue(work.roundsFor(Duration.ofMillis(10)) == 20_000_000L);
        assertTrue(work.roundsFor(Duration.ZERO) == 0);
    }
}
