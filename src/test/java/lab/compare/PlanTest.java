package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import lab.config.OptionException;
import lab.config.WorkKind;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;

/** Which cells a preset makes, what is skipped, and how long the real runs should take. */
class PlanTest {

    private static Preset preset(String name) {
        return Preset.byName(name).orElseThrow();
    }

    @Test
    void everyRegisteredScenarioGetsAServerPerWorkKind() {
        Plan plan = Plan.of(preset("default"), Scenarios.all(), 2);
        for (Scenario s : Scenarios.all()) {
            assertEquals(2, plan.servers().stream().filter(v -> v.scenario() == s).count(), s.name());
        }
        assertEquals(9 * Scenarios.all().size(), plan.cellCount());
    }

    @Test
    void aRefusedCombinationIsSkippedWithTheScenariosReason() {
        Plan plan = Plan.of(preset("default"), List.of(Scenarios.byName("reactive-delay").orElseThrow()), 2);
        Plan.Server cpu = plan.servers().stream().filter(s -> s.work() == WorkKind.CPU).findFirst().orElseThrow();
        assertTrue(!cpu.runsAnything() && cpu.cells().get(0).skip().contains("no CPU form"), cpu.cells().get(0).skip());
        Plan.Server sleep = plan.servers().stream().filter(s -> s.work() == WorkKind.SLEEP).findFirst().orElseThrow();
        assertNull(sleep.cells().get(0).skip());
        assertEquals(0, sleep.cells().get(0).cell().workload().cost().toMillis(), "zero cost runs first");
    }

    @Test
    void tenThousandConnectionsOnlyForScenariosWithRoomForThem() {
        Plan plan = Plan.of(preset("extended"), Scenarios.all(), 2);
        for (Plan.Server s : plan.servers()) {
            boolean has10k = s.cells().stream().anyMatch(p -> p.cell().concurrency() == 10_000);
            boolean room = s.scenario().capacity(s.cells().get(0).cell().options()) >= 10_000;
            assertEquals(room && s.work() == WorkKind.SLEEP, has10k, s.scenario().name() + " " + s.work());
        }
        assertTrue(plan.servers().stream().anyMatch(s -> s.scenario().name().equals("virtual-threads-tomcat")
                && s.cells().stream().anyMatch(p -> p.cell().concurrency() == 10_000)), "a capped server with room gets c = 10,000");
    }

    /** default must stay near 12 minutes on 2 cores, with room for one more scenario (eleven now: about 11). */
    @Test
    void theDefaultPresetFitsInSixteenMinutesOnTwoCores() {
        double perScenario = Plan.of(preset("default"), Scenarios.all(), 2).estimateSeconds() / Scenarios.all().size();
        assertTrue(perScenario * (Scenarios.all().size() + 1) <= 780, "estimate " + perScenario + " s per scenario");
    }

    /** io: a server JVM per scenario, work kind and pool size; k is min(scenario, pool); at most 20 minutes on 2 cores. */
    @Test
    void theIoPresetCapsKAtThePoolAndFitsInTwentyMinutes() {
        Plan plan = Plan.of(preset("io"), Scenarios.all(), 2);
        assertEquals(4 * Scenarios.all().size(), plan.servers().size());
        Plan.Server vtDb = plan.servers().stream().filter(s -> s.scenario().name().equals("virtual-threads")
                && s.work() == WorkKind.DB && s.serverOptions().isEmpty()).findFirst().orElseThrow();
        assertEquals(10, vtDb.cells().get(0).cell().capacity(), "HikariCP's default pool of 10 is k");
        Plan.Server vtDb50 = plan.servers().stream().filter(s -> s.scenario().name().equals("virtual-threads")
                && s.work() == WorkKind.DB && "50".equals(s.serverOptions().get("poolSize"))).findFirst().orElseThrow();
        assertEquals(50, vtDb50.cells().get(0).cell().capacity());
        assertEquals("db-100ms-pool50", vtDb50.cells().get(0).cell().workload().key());
        Plan.Server syncDb50 = plan.servers().stream().filter(s -> s.scenario().name().equals("sync")
                && s.work() == WorkKind.DB && !s.serverOptions().isEmpty()).findFirst().orElseThrow();
        assertEquals(1, syncDb50.cells().get(0).cell().capacity(), "a bigger pool does not lift sync's one thread");
        double minutes = plan.estimateSeconds() / 60;
        System.out.printf("io preset: %d cells, estimate %.1f min on 2 cores%n", plan.cellCount(), minutes);
        assertTrue(minutes <= 20, "io estimate " + minutes + " min");
    }

    private static Plan.Server server(Plan plan, String scenario, WorkKind work, String shape, String pool) {
        return plan.servers().stream().filter(s -> s.scenario().name().equals(scenario) && s.work() == work
                && shape.equals(s.serverOptions().getOrDefault("shape", "single"))
                && java.util.Objects.equals(pool, s.serverOptions().get("poolSize"))).findFirst().orElseThrow();
    }

    private static double theory(Plan plan, String scenario, WorkKind work, String shape, String pool) {
        return server(plan, scenario, work, shape, pool).cells().get(0).cell().theory(2);
    }

    /**
     * shapes: a server per scenario, work kind, shape and pool, one cell each at c = 8; the four left
     * out (virtual-threads-pinned) is skipped with the reason; the theory is the pool arithmetic at T = 100 ms; ≤ 16 minutes at 1 trial (the estimate is cautious: io took 15 of its estimated 19.6 min).
     */
    @Test
    void theShapesPresetShowsThePoolArithmeticAndFitsInSixteenMinutes() {
        Plan plan = Plan.of(preset("shapes"), Scenarios.all(), 2);
        assertEquals(8 * Scenarios.all().size(), plan.servers().size(), "2 works x (single, chain:4, fanout:4, fanout:4 pool 32)");
        assertEquals(plan.servers().size(), plan.cellCount(), "one cell per server");
        for (String out : List.of("virtual-threads-pinned")) {
            for (Plan.Server s : plan.servers()) {
                if (!s.scenario().name().equals(out)) continue;
                assertTrue(!s.runsAnything() && s.cells().get(0).skip().contains("leaves it out"), out);
            }
        }
        assertEquals(8 * (Scenarios.all().size() - 1), plan.servers().stream().filter(Plan.Server::runsAnything).count(), "every other scenario accepts every shape");
        Plan.Server fan32 = server(plan, "virtual-threads", WorkKind.DB, "fanout:4", "32");
        assertEquals("virtual-threads_db-pool32-fanout4", fan32.fileStem(), "no colon in file names");
        assertEquals("db-100ms-pool32-fanout4", fan32.cells().get(0).cell().workload().key());
        assertEquals("db 100ms pool 32 fanout:4", fan32.cells().get(0).cell().workload().describe());

        // db, HikariCP's 10 (virtual-threads) and r2dbc-pool's 10 (reactive-delay): c = 8 binds single and chain, ⌊10/4⌋ = 2 the fan-out
        for (String s : List.of("virtual-threads", "reactive-delay")) {
            assertEquals(80, theory(plan, s, WorkKind.DB, "single", null), 1e-9, s);
            assertEquals(20, theory(plan, s, WorkKind.DB, "chain:4", null), 1e-9, s + ": c / (N·T) = 8 / 400 ms");
            assertEquals(20, theory(plan, s, WorkKind.DB, "fanout:4", null), 1e-9, s + ": ⌊10/4⌋ / T = 2 / 100 ms");
            assertEquals(80, theory(plan, s, WorkKind.DB, "fanout:4", "32"), 1e-9, s + ": a pool of 32 holds 8 fan-outs of 4");
        }
        // http: Reactor Netty's 16 → ⌊16/4⌋ = 4 fan-outs; the JDK client is unbounded, only c binds
        assertEquals(40, theory(plan, "reactive-delay", WorkKind.HTTP, "fanout:4", null), 1e-9);
        assertEquals(20, theory(plan, "reactive-delay", WorkKind.HTTP, "chain:4", null), 1e-9);
        assertEquals(80, theory(plan, "virtual-threads", WorkKind.HTTP, "fanout:4", null), 1e-9);
        assertEquals(80, theory(plan, "virtual-threads", WorkKind.HTTP, "fanout:4", "32"), 1e-9);
        // the process pool runs a fan-out as a chain in its worker: N·T; reactive-blocking too, on its event loop
        Plan.Server ppFan = server(plan, "reactive-process-pool", WorkKind.DB, "fanout:4", null);
        assertEquals(400, ppFan.scenario().latency(ppFan.cells().get(0).cell().options()).toMillis());
        for (Plan.Server s : plan.servers()) {
            if (!s.runsAnything()) continue;
            Cell cell = s.cells().get(0).cell();
            lab.config.Shape shape = s.scenario().runs(cell.workload().shape());   // reactive-blocking and the process pool run a fan-out as a chain
            double t = s.scenario().latency(cell.options()).toNanos() / 1e9;
            double seconds = cell.workload().cost().toNanos() / 1e9;
            assertTrue(cell.theory(2) <= cell.concurrency() / t + 1e-9, s.fileStem() + ": the client's own cap c");
            int pool = lab.setup.WorkSetup.poolLimit(cell.options(), s.scenario().workForm());
            if (pool != lab.measure.Theory.UNBOUNDED) {
                assertTrue(cell.theory(2) <= pool / (shape.calls() * seconds) + 1e-9, s.fileStem() + ": pool / (N·T)");
                if (shape.atOnce() > 1) assertTrue(cell.capacity() <= Math.max(1, pool / shape.atOnce()), s.fileStem() + ": ⌊pool/N⌋");
            }
        }
        double minutes = plan.estimateSeconds() / 60;
        System.out.printf("shapes preset: %d cells, estimate %.1f min on 2 cores at 1 trial%n", plan.cellCount(), minutes);
        assertTrue(minutes <= 16, "shapes estimate " + minutes + " min");
    }

    @Test
    void badSettingsAreOneLineMistakes() {
        Properties p = new Properties();
        p.setProperty(Settings.PRESET, "fastest");
        OptionException e = assertThrows(OptionException.class, () -> Settings.from(p));
        assertEquals("unknown preset 'fastest' (compare.preset); choose one of: seed, default, extended, smoke, slowloris, memory, io, shapes", e.getMessage());
        p.setProperty(Settings.PRESET, "seed");
        p.setProperty(Settings.SCENARIOS, "sync, turbo");
        assertTrue(assertThrows(OptionException.class, () -> Settings.from(p)).getMessage()
                .startsWith("unknown scenario 'turbo' in compare.scenarios"));
        p.setProperty(Settings.SCENARIOS, "sync, reactive-delay");
        assertEquals(List.of("sync", "reactive-delay"), Settings.from(p).scenarios().stream().map(Scenario::name).toList());
    }
}
