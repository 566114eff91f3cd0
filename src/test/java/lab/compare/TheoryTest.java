package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import lab.config.WorkKind;
import lab.http.ReactiveHttpServer;
import lab.measure.Theory;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** Little's law per scenario: ceiling = min(c, k)/T, and at most cores/T for CPU work. */
class TheoryTest {

    private static final Duration T = Duration.ofMillis(100);
    private static final Workload SLEEP = Workload.timed(WorkKind.SLEEP, T, List.of(1), 1);
    private static final Workload CPU = Workload.timed(WorkKind.CPU, Duration.ofMillis(10), List.of(1), 1);

    private static double ceiling(String scenario, Workload w, int c, int cores) {
        return new Cell(Scenarios.byName(scenario).orElseThrow(), w, c).theory(cores);
    }

    @Test
    void sleepWorkIsBoundedByEachScenariosCapacity() {
        assertEquals(10, ceiling("sync", SLEEP, 1000, 2), 1e-9);
        int loops = ReactiveHttpServer.eventLoops(lab.config.Options.of(java.util.Map.of()));
        assertEquals(Math.min(100, loops) * 10.0, ceiling("reactive-blocking", SLEEP, 100, 2), 1e-9);
        assertEquals(Math.min(1000, Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE) * 10.0, ceiling("reactive-elastic", SLEEP, 1000, 2), 1e-9);
        assertEquals(200 * 10.0, ceiling("platform-threads", SLEEP, 1000, 2), 1e-9);
        for (String unbounded : List.of("reactive-delay", "virtual-threads", "reactive-virtual")) {
            assertEquals(10_000 * 10.0, ceiling(unbounded, SLEEP, 10_000, 2), 1e-9, unbounded);
        }
    }

    @Test
    void cpuWorkIsAlsoBoundedByCores() {
        assertEquals(100, ceiling("sync", CPU, 100, 2), 1e-9);
        assertEquals(200, ceiling("virtual-threads", CPU, 100, 2), 1e-9);
        assertEquals(200, ceiling("reactive-elastic", CPU, 100, 2), 1e-9);
        assertEquals(100, ceiling("reactive-elastic", CPU, 1, 2), 1e-9);
        assertEquals(800, ceiling("reactive-elastic", CPU, 100, 8), 1e-9);
    }

    /** ab -c C -n N sends its first request alone: N/(T·(1 + ⌈(N−1)/min(C,k)⌉)). The seed's -c 2 -n 10 at 1 s: 10/6. */
    @Test
    void absLoneFirstRequestCapsACountLimitedRun() {
        Duration second = Duration.ofSeconds(1);
        assertEquals(10 / 6.0, Theory.abScheduleCeiling(WorkKind.SLEEP, second, Theory.UNBOUNDED, 2, 2, 10), 1e-9);
        assertEquals(1.0, Theory.abScheduleCeiling(WorkKind.SLEEP, second, 1, 2, 2, 10), 1e-9);         // sync: N x T anyway
        assertEquals(20 / 3.0, Theory.abScheduleCeiling(WorkKind.SLEEP, second, Theory.UNBOUNDED, 10, 2, 20), 1e-9);
        assertEquals(10 / 6.0, Theory.abScheduleCeiling(WorkKind.CPU, second, Theory.UNBOUNDED, 10, 2, 10), 1e-9); // 2 cores
        assertTrue(Double.isNaN(Theory.abScheduleCeiling(WorkKind.SLEEP, Duration.ZERO, 1, 2, 2, 10)));
    }

    @Test
    void zeroCostHasNoTheory() {
        assertTrue(Double.isNaN(ceiling("sync", Workload.timed(WorkKind.SLEEP, Duration.ZERO, List.of(50), 1), 50, 2)));
        assertTrue(Double.isNaN(Theory.efficiency(1000, Double.NaN)));
        assertEquals(0.5, Theory.efficiency(5, 10), 1e-9);
    }

    /** Whatever is registered (a process pool, say) gets a ceiling from its own capacity. */
    @Test
    void everyRegisteredScenarioHasACeiling() {
        for (Scenario s : Scenarios.all()) {
            Cell cell = new Cell(s, SLEEP, 10);
            double expected = (s.capacity(cell.options()) == Theory.UNBOUNDED ? 10 : Math.min(10, s.capacity(cell.options()))) * 10.0;
            assertEquals(expected, cell.theory(2), 1e-9, s.name());
            assertFalse(Double.isNaN(new Cell(s, CPU, 10).theory(2)), s.name());
        }
    }

    @Test
    void busyWorkUnderAQuotaIsBoundedByTheQuotaNotTheCores() {
        assertEquals(25, Theory.cpuQuotaCeiling(0.5, Duration.ofMillis(20)), 1e-9);   // the 0.5-CPU pod's 20 ms CPU work
        assertTrue(Double.isNaN(Theory.cpuQuotaCeiling(0.5, Duration.ZERO)));
    }
}
