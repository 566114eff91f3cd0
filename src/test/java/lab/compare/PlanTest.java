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
    void theDefaultPresetFitsInTwelveMinutesOnTwoCores() {
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

    @Test
    void badSettingsAreOneLineMistakes() {
        Properties p = new Properties();
        p.setProperty(Settings.PRESET, "fastest");
        OptionException e = assertThrows(OptionException.class, () -> Settings.from(p));
        assertEquals("unknown preset 'fastest' (compare.preset); choose one of: seed, default, extended, smoke, slowloris, memory, io", e.getMessage());
        p.setProperty(Settings.PRESET, "seed");
        p.setProperty(Settings.SCENARIOS, "sync, turbo");
        assertTrue(assertThrows(OptionException.class, () -> Settings.from(p)).getMessage()
                .startsWith("unknown scenario 'turbo' in compare.scenarios"));
        p.setProperty(Settings.SCENARIOS, "sync, reactive-delay");
        assertEquals(List.of("sync", "reactive-delay"), Settings.from(p).scenarios().stream().map(Scenario::name).toList());
    }
}
