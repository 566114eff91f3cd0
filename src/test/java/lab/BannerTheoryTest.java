package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.compare.Cell;
import lab.compare.Workload;
import lab.config.OptionException;
import lab.config.WorkKind;
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
