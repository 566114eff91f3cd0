package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.compare.Cell;
import lab.compare.Workload;
import lab.config.OptionException;
import lab.config.WorkKind;
import lab.measure.Theory;
import lab.pod.PodLimits;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;

/**
 * The banner's ceiling and the comparison's theory are one formula: for every scenario × work kind
 * (CPU work included, on 1 and 2 cores, with and without a pool size), the req/s the banner prints
 * is what the comparison predicts for a client with more in flight than any k.
 */
class BannerTheoryTest {

    private static final Duration T = Duration.ofMillis(100);
    private static final int MANY_CLIENTS = 1_000_000;   // above every bounded k, so min(c, k) = k
    private static final Pattern CEILING = Pattern.compile("-> ceiling (\\d+)/100ms = ([0-9.]+) req/s");

    @Test
    void theBannersCeilingIsTheComparisonsTheoryForEveryScenarioAndWorkKind() {
        int checked = 0;
        for (Scenario s : Scenarios.all()) {
            for (WorkKind kind : WorkKind.values()) {
                for (Workload w : List.of(workload(kind), workload(kind).withServerOption("poolSize", "4"))) {
                    for (int cores : new int[] {1, 2}) {
                        Cell cell = new Cell(s, w, MANY_CLIENTS);
                        try {
                            s.check(cell.options());
                        } catch (OptionException refused) {
                            continue;   // e.g. reactive-delay has no CPU form
                        }
                        String line = Main.inFlightLine(s, cell.options(), cores);
                        double theory = cell.theory(cores);
                        Matcher m = CEILING.matcher(line);
                        if (m.find()) {
                            assertEquals(theory, Double.parseDouble(m.group(2)), 0.05, s.name() + " " + w.describe() + ": " + line);
                        } else {
                            // unbounded k: the banner says concurrency/T, and the theory is c/T for any c
                            assertTrue(line.contains("-> ceiling concurrency/100ms req/s"), line);
                            assertEquals(MANY_CLIENTS / 0.1, theory, 1e-3, s.name() + " " + w.describe());
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= Scenarios.all().size() * 3 * 2 * 2, "too few combinations checked: " + checked);
    }

    /**
     * With -Dshape the banner and the theory still agree, and they say the arithmetic: chain:4 of
     * 100 ms is 400 ms a request; fanout:4 of 100 ms is 100 ms but holds 4 connections, so a pool of
     * 10 lets ⌊10/4⌋ = 2 requests be in progress, a pool of 4 one.
     */
    @Test
    void shapesChangeTheLatencyAndThePoolArithmeticAlike() {
        Pattern shaped = Pattern.compile("-> ceiling (\\d+)/([0-9.]+m?s) = ([0-9.]+) req/s");
        int checked = 0;
        for (Scenario s : Scenarios.all()) {
            for (WorkKind kind : List.of(WorkKind.SLEEP, WorkKind.HTTP, WorkKind.DB)) {
                for (String shape : List.of("chain:4", "fanout:4", "fanout:16")) {
                    for (String pool : List.of("4", "10", "1000")) {
                        Workload w = workload(kind).withServerOption("shape", shape).withServerOption("poolSize", pool);
                        Cell cell = new Cell(s, w, MANY_CLIENTS);
                        try {
                            s.check(cell.options());
                        } catch (OptionException refused) {
                            continue;
                        }
                        String line = Main.inFlightLine(s, cell.options(), 2);
                        Matcher m = shaped.matcher(line);
                        if (m.find()) {
                            assertEquals(cell.theory(2), Double.parseDouble(m.group(3)), 0.051, s.name() + " " + w.describe() + ": " + line);
                        } else {
                            assertTrue(line.contains("-> ceiling concurrency/"), line);
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= Scenarios.all().size() * 3 * 3 * 3 - 9 * 3, "too few combinations checked: " + checked);

        Scenario virtual = Scenarios.byName("virtual-threads").orElseThrow();
        Workload db = workload(WorkKind.DB).withServerOption("poolSize", "10");
        assertTrue(Main.inFlightLine(virtual, new Cell(virtual, db.withServerOption("shape", "chain:4"), 1).options(), 2)
                .contains("in flight at most: 10 (the pool's connections; the scenario alone: unbounded) -> ceiling 10/400ms = 25.0 req/s"));
        String fanout = Main.inFlightLine(virtual, new Cell(virtual, db.withServerOption("shape", "fanout:4"), 1).options(), 2);
        assertTrue(fanout.contains("in flight at most: 2 (fanout:4 holds 4 connections or fork threads at once; "
                + "the scenario alone: unbounded) -> ceiling 2/100ms = 20.0 req/s"), fanout);
        Cell wide = new Cell(virtual, db.withServerOption("poolSize", "4").withServerOption("shape", "fanout:8"), 1000);
        assertEquals(1, wide.capacity());
        assertEquals(4 / (8 * 0.1), wide.theory(2), 1e-9, "pool 4, fanout:8: two waves of 4 calls, pool / (N·T)");

        Scenario processes = Scenarios.byName("reactive-process-pool").orElseThrow();
        Cell inWorkers = new Cell(processes, workload(WorkKind.SLEEP).withServerOption("shape", "fanout:4")
                .withServerOption("workers", "2"), 1000);
        assertEquals(2 / 0.4, inWorkers.theory(2), 1e-9, "a worker runs a fan-out's calls in turn: 4·T a request");
        Scenario platform = Scenarios.byName("platform-threads").orElseThrow();
        Cell forks = new Cell(platform, workload(WorkKind.SLEEP).withServerOption("shape", "fanout:4")
                .withServerOption("threads", "10"), 1000);
        assertEquals(2, forks.capacity(), "10 fork threads, 4 a request: ⌊10/4⌋");
    }

    /**
     * In a pod the banner (inside, on the pod's processors and quota) and the harnesses' theory (outside,
     * on {@code PodLimits.serverCpu}) still agree, and CPU work is bounded by cpus / T: a 1.5-CPU pod counts
     * 2 processors but gets 1.5 CPU, a 0.25-CPU pod counts 1 and gets a quarter.
     */
    @Test
    void inAPodTheBannerAndTheTheoryUseTheServersProcessorsAndQuota() {
        Pattern ceiling = Pattern.compile("-> ceiling (?:\\d+|[0-9.]+ CPU)/100ms = ([0-9.]+) req/s");
        int checked = 0;
        for (double cpus : new double[] {0.25, 0.5, 1.5}) {
            Theory.Cpu cpu = new PodLimits(Optional.of(cpus), Optional.empty(), Duration.ofMillis(100)).serverCpu(2);
            assertEquals((int) Math.ceil(cpus), cpu.processors(), "the JDK rounds the quota up");
            for (Scenario s : Scenarios.all()) {
                for (WorkKind kind : WorkKind.values()) {
                    Cell cell = new Cell(s, workload(kind), MANY_CLIENTS);
                    try {
                        s.check(cell.options());
                    } catch (OptionException refused) {
                        continue;
                    }
                    String line = Main.inFlightLine(s, cell.options(), cpu);
                    double theory = cell.theory(cpu);
                    Matcher m = ceiling.matcher(line);
                    if (m.find()) {
                        assertEquals(theory, Double.parseDouble(m.group(1)), 0.05, cpus + " CPU, " + s.name() + " " + kind + ": " + line);
                    } else {
                        assertTrue(line.contains("-> ceiling concurrency/100ms req/s"), line);
                    }
                    if (kind == WorkKind.CPU) {
                        assertTrue(theory <= cpus / 0.1 + 1e-9, cpus + " CPU, " + s.name() + ": " + theory + " > cpus / T");
                        assertEquals(Theory.ceiling(kind, T, cell.capacity(), MANY_CLIENTS, cpu.processors()) > cpus / 0.1,
                                line.contains(PodLimits.cpusText(cpus) + " CPU/100ms"), line);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= Scenarios.all().size() * 3 * 3, "too few combinations checked: " + checked);

        Scenario platform = Scenarios.byName("platform-threads").orElseThrow();
        Cell cpuWork = new Cell(platform, workload(WorkKind.CPU), 1000);
        assertEquals(2.5, cpuWork.theory(new Theory.Cpu(1, 0.25)), 1e-9, "0.25 CPU / 100 ms");
        assertEquals(15, cpuWork.theory(new Theory.Cpu(2, 1.5)), 1e-9, "1.5 CPU / 100 ms, not 2 processors / 100 ms");
        assertEquals(10, cpuWork.theory(new PodLimits(Optional.of(1.5), Optional.empty(), Duration.ofMillis(100)).serverCpu(1)),
                1e-9, "pinned to one core, a 1.5-CPU pod gets one");
        Cell sleep = new Cell(platform, workload(WorkKind.SLEEP), 1000);
        assertEquals(sleep.theory(2), sleep.theory(new Theory.Cpu(1, 0.25)), 1e-9, "a quota does not bound sleeping work");
    }

    @Test
    void cpuWorkIsCappedByTheCoresNotByThePool() {
        Workload cpu = workload(WorkKind.CPU);
        Scenario platform = Scenarios.byName("platform-threads").orElseThrow();
        String line = Main.inFlightLine(platform, new Cell(platform, cpu, 1).options(), 2);
        assertTrue(line.contains("in flight at most: 200, busy on at most 2 core(s) -> ceiling 2/100ms = 20.0 req/s"), line);
    }

    private static Workload workload(WorkKind kind) {
        return Workload.timed(kind, T, List.of(1), 1);
    }
}
