package lab.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.config.OptionException;
import lab.config.Options;
import org.junit.jupiter.api.Test;

class PodLimitsTest {

    @Test
    void theQuotaIsCpusTimesThePeriod() {
        PodLimits l = PodLimits.from(Options.of(Map.of("cpus", "0.25", "memory", "256m", "cpuPeriod", "20ms"))).orElseThrow();
        assertEquals(5_000, l.quotaMicros());
        assertEquals(20_000, l.periodMicros());
        assertEquals("0.25 CPU (5ms per 20ms period), memory 256m", l.describe());
        assertEquals(List.of("cpus=0.25", "memory=262144k", "cpuPeriod=20ms"), l.asArgs());
        assertEquals(Optional.empty(), PodLimits.from(Options.of(Map.of())));
        assertEquals(-1, PodLimits.from(Options.of(Map.of("memory", "1g"))).orElseThrow().quotaMicros());
        assertEquals(java.util.OptionalInt.of(1), l.processorsInside());
        assertEquals(java.util.OptionalInt.of(2), new PodLimits(Optional.of(1.5), Optional.empty(), Duration.ofMillis(100)).processorsInside());
        assertEquals(java.util.OptionalInt.of(1), new PodLimits(Optional.of(1.0), Optional.empty(), Duration.ofMillis(100)).processorsInside());
    }

    /** The kernel grants no quota under 1 ms per period: refused as the user's mistake, before any cgroup is made. */
    @Test
    void aQuotaBelowOneMillisecondIsRefused() {
        assertEquals("cpus 0.5 x cpuPeriod 1ms is a quota below the kernel's 1ms per period (raise -DcpuPeriod=)",
                assertThrows(OptionException.class, () -> new PodLimits(Optional.of(0.5), Optional.empty(), Duration.ofMillis(1))).getMessage());
    }
}
