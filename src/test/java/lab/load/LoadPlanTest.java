package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import lab.config.WorkKind;
import lab.http.ReactiveHttpServer;
import lab.measure.Theory;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;

/** The plan: each scenario's knee k/T, the sweep's rates around it, the schedules, the time estimate. */
class LoadPlanTest {

    private static final LoadPreset DEFAULT = LoadPreset.byName("default").orElseThrow();
    private static final LoadWorkload SLEEP = new LoadWorkload(WorkKind.SLEEP, Duration.ofMillis(100));

    private static LoadPlan.Target target(String scenario) {
        return LoadPlan.target(DEFAULT, Scenarios.byName(scenario).orElseThrow(), SLEEP, 1);
    }

    @Test
    void theKneeIsKOverT() {
        assertEquals(10, target("sync").knee(), 1e-9);
        int loops = ReactiveHttpServer.eventLoops(lab.config.Options.of(java.util.Map.of()));
        assertEquals(loops * 10.0, target("reactive-blocking").knee(), 1e-9);
        assertEquals(2000, target("platform-threads").knee(), 1e-9);
        assertTrue(Double.isNaN(target("virtual-threads").knee()), "unbounded k, sleeping work: no knee");
        // Jetty's 16,382 at 100 ms is 163,820 req/s: out of the generator's reach, so the absolute rates
        assertTrue(Double.isNaN(target("virtual-threads-jetty").knee()), "a knee no client here can reach");
        assertEquals(List.of(100.0, 250.0, 500.0, 1000.0, 2000.0, 3000.0),
                target("virtual-threads-tomcat").rates().stream().map(LoadPlan.Rate::rate).toList());
        // busy work on unbounded k: the server's cores bound it (one pinned core: 1 / 10 ms)
        assertEquals(100, LoadPlan.knee(new LoadWorkload(WorkKind.CPU, Duration.ofMillis(10)), Theory.UNBOUNDED, 1), 1e-9);
    }

    /** In a pod the knee is the server JVM's: CPU work at most cpus / T, whatever the pinned cores; sleeping work unchanged. */
    @Test
    void inAPodTheKneeOfCpuWorkIsTheQuotaOverT() {
        LoadWorkload cpu = new LoadWorkload(WorkKind.CPU, Duration.ofMillis(10));
        for (double cpus : new double[] {0.25, 0.5, 1.5}) {
            Theory.Cpu pod = new lab.pod.PodLimits(java.util.Optional.of(cpus), java.util.Optional.empty(),
                    Duration.ofMillis(100)).serverCpu(2);
            assertEquals(cpus * 100, LoadPlan.knee(cpu, Theory.UNBOUNDED, pod), 1e-9, cpus + " CPU / 10 ms");
            assertEquals(cpus * 100, LoadPlan.target(DEFAULT, Scenarios.byName("platform-threads").orElseThrow(), cpu, pod).knee(),
                    1e-9, "200 threads, but " + cpus + " CPU");
            assertEquals(2000, LoadPlan.target(DEFAULT, Scenarios.byName("platform-threads").orElseThrow(), SLEEP, pod).knee(),
                    1e-9, "sleeping threads need no CPU in theory");
            assertEquals(pod, LoadPlan.of(DEFAULT, List.of(Scenarios.byName("sync").orElseThrow()), 1, pod).serverCpu());
        }
    }

    /** Two readings draw the pod's CPU as a line: its fixed cores apart from each request's, the knee where it meets the quota. */
    @Test
    void theCalibrationLineSeparatesTheFixedCoresFromEachRequest() {
        Duration t = Duration.ofMillis(100);
        Theory.CpuLine line = Theory.cpuLine(100, 0.2, 300, 0.3);   // 0.1 cores more for 200 req/s more
        assertEquals(0.15, line.fixedCores(), 1e-9);
        assertEquals(500_000, line.perRequest().toNanos());
        Theory.PodKnee knee = Theory.podKnee(0.5, line.fixedCores(), line.perRequest(), Theory.UNBOUNDED, t);
        assertEquals(700, knee.rps(), 1e-6, "(0.5 - 0.15) cores / 0.5 ms; the first reading alone: 0.5 / 2 ms = 250");
        Theory.CpuLine flat = Theory.cpuLine(100, 0.25, 150, 0.25);   // a saturated second reading: no line
        assertEquals(0, flat.fixedCores(), 1e-9);
        assertEquals(Math.round(0.25 / 150 * 1e9), flat.perRequest().toNanos());
        assertTrue(Double.isNaN(Theory.podKnee(0.1, 0.15, line.perRequest(), Theory.UNBOUNDED, t).rps()),
                "fixed cores past the quota: no CPU knee, and no k");
    }

    /**
     * The pod preset's knee, from a calibration: cpus / measured CPU per request, capped by k / T where the
     * model has one, and the sweep at 25–150 % of it.
     */
    @Test
    void aCalibratedKneeIsTheQuotaOverTheCpuPerRequestAndTheSweepFollowsIt() {
        Duration t = Duration.ofMillis(100);
        Theory.PodKnee unbounded = Theory.podKnee(0.25, Duration.ofNanos(500_000), Theory.UNBOUNDED, t);
        assertEquals(500, unbounded.rps(), 1e-9, "0.25 CPU / 0.5 ms a request");
        assertEquals("cpu", unbounded.bound());
        Theory.PodKnee elastic = Theory.podKnee(0.25, Duration.ofNanos(100_000), 10, t);
        assertEquals(100, elastic.rps(), 1e-9, "k / T = 10 / 100 ms is below 0.25 / 0.1 ms = 2,500");
        assertEquals("k", elastic.bound());
        assertTrue(Double.isNaN(Theory.podKnee(0.25, Duration.ZERO, Theory.UNBOUNDED, t).rps()), "no CPU measured, no k: no knee");

        LoadPlan plan = LoadPlan.of(DEFAULT, List.of(Scenarios.byName("virtual-threads").orElseThrow()), 3, 1);
        LoadPlan.Target calibrated = plan.calibrated(plan.targets().get(0), unbounded.rps());
        assertEquals(500, calibrated.knee(), 1e-9);
        assertEquals(List.of(125.0, 250.0, 400.0, 500.0, 600.0, 750.0), calibrated.rates().stream().map(LoadPlan.Rate::rate).toList());
        assertEquals("150%", calibrated.rates().get(5).label());
        assertEquals(plan.targets().get(0), plan.calibrated(plan.targets().get(0), Double.NaN), "no knee: the planned sweep");
    }

    @Test
    void theSweepGoesFromWellBelowTheKneeToWellPastIt() {
        assertEquals(List.of(3.0, 5.0, 8.0, 10.0, 12.0, 15.0), target("sync").rates().stream().map(LoadPlan.Rate::rate).toList());
        assertEquals("150%", target("sync").rates().get(5).label());
        assertEquals(List.of(100.0, 250.0, 500.0, 1000.0, 2000.0, 3000.0),
                target("reactive-delay").rates().stream().map(LoadPlan.Rate::rate).toList());
    }

    @Test
    void eachStepIsWarmedUpMeasuredAndFollowedByTimeToDrainItsBacklog() {
        LoadPlan plan = LoadPlan.of(DEFAULT, List.of(Scenarios.byName("sync").orElseThrow()), 3, 1);
        Schedule s = plan.sweep(plan.targets().get(0));
        // a pause only after the overloads (120 %, 150 %)
        assertEquals(14, s.steps().size());
        assertEquals(List.of("warm-up 25%", "25%", "warm-up 50%"), s.steps().subList(0, 3).stream().map(Schedule.Step::label).toList());
        assertEquals(1 + LoadPlan.GENERATOR_WARMUP, s.steps().get(0).seconds());
        assertTrue(s.steps().get(1).measured() && !s.steps().get(0).measured());
        // 150 % of 10 req/s for 3 s leaves 15 requests: 1.5 s at 10 req/s, +0.5
        assertEquals("pause after 150%", s.steps().get(13).label());
        assertEquals(2, s.steps().get(13).seconds());
    }

    @Test
    void theSpikeIsHalfThenTwiceThenHalfTheCapacity() {
        LoadPlan plan = LoadPlan.of(DEFAULT, List.of(Scenarios.byName("sync").orElseThrow(), Scenarios.byName("reactive-delay").orElseThrow()), 3, 1);
        Schedule sync = plan.spike(plan.targets().get(0));
        assertEquals(List.of(5.0, 5.0, 20.0, 5.0), sync.steps().stream().map(Schedule.Step::rate).toList());
        assertEquals(10, sync.steps().get(2).seconds());
        Schedule delay = plan.spike(plan.targets().get(1));
        assertEquals(List.of(500.0, 500.0, 2000.0, 500.0), delay.steps().stream().map(Schedule.Step::rate).toList());
    }

    /** The default preset over every scenario stays within 36 minutes on 2 cores at 3 trials, with room for one more scenario. */
    @Test
    void theDefaultPresetFitsItsTimeBudget() {
        LoadPlan plan = LoadPlan.of(DEFAULT, Scenarios.all(), 3, 1);
        // twelve scenarios, three trials: about 33 min; room for one more scenario
        assertTrue(plan.estimateSeconds() / Scenarios.all().size() * (Scenarios.all().size() + 1) <= 36 * 60,
                "estimate " + plan.estimateSeconds() + " s");
        assertEquals(Scenarios.all().size() * 6 * 3, plan.cellCount());
    }

    /**
     * drain: the spike leaves (2 − 1) × capacity × its seconds of backlog, worked off at (1 − 0.5) × capacity, so a queue
     * that only queues needs 20 s; the preset watches longer than that, and no spike asks the generator for more than 400 req/s.
     */
    @Test
    void theDrainPresetWatchesLongerThanAQueueNeedsToDrainItsSpike() {
        LoadPreset drain = LoadPreset.byName("drain").orElseThrow();
        double needed = drain.spikeSeconds() * (2 - 1) / (1 - 0.5);
        assertTrue(drain.spikeTail() >= 1.2 * needed, drain.spikeTail() + " s watched, " + needed + " s needed");
        LoadPlan plan = LoadPlan.of(drain, drain.scenarios().stream().map(n -> Scenarios.byName(n).orElseThrow()).toList(), 3, 1);
        assertEquals(5, plan.running().size());
        for (LoadPlan.Target t : plan.running()) {
            assertTrue(!Double.isNaN(t.knee()), t + " has a knee");
            double peak = plan.spike(t).steps().stream().mapToDouble(Schedule.Step::rate).max().orElseThrow();
            assertTrue(peak <= 400, t.scenario().name() + " spikes to " + peak + " req/s");
        }
    }

    /** shed: each bounded server's queue holds half a second of work at its knee; the rest keep their defaults. */
    @Test
    void theShedPresetBoundsEachQueueAtHalfASecondOfWork() {
        LoadPreset shed = LoadPreset.byName("shed").orElseThrow();
        LoadPlan.Target sync = LoadPlan.target(shed, Scenarios.byName("sync").orElseThrow(), SLEEP, 1);
        assertEquals(5, sync.queueLimit());                      // 10 req/s × 0.5 s
        assertEquals(List.of("scenario=sync", "work=sleep", "queueLimit=5"), sync.serverArgs());
        assertEquals(1000, LoadPlan.target(shed, Scenarios.byName("platform-threads").orElseThrow(), SLEEP, 1).queueLimit());
        LoadPlan.Target unbounded = LoadPlan.target(shed, Scenarios.byName("virtual-threads").orElseThrow(), SLEEP, 1);
        assertNotNull(unbounded.skip(), "no knee, no queue to bound");
        assertEquals(-1, target("sync").queueLimit());
        assertEquals(List.of("scenario=sync", "work=sleep"), target("sync").serverArgs());
        assertEquals("1 (+ 5 waiting)", LoadTables.capacityAndQueue(sync));
        // the event loops queue where -DqueueLimit does not reach: the table must not claim a bound
        LoadPlan.Target loops = LoadPlan.target(shed, Scenarios.byName("reactive-blocking").orElseThrow(), SLEEP, 1);
        assertTrue(LoadTables.capacityAndQueue(loops).endsWith("(-DqueueLimit not used)"), LoadTables.capacityAndQueue(loops));
    }

    @Test
    void aScenarioThatRefusesTheWorkIsSkippedWithItsReason() {
        LoadPlan.Target t = LoadPlan.target(DEFAULT, Scenarios.byName("reactive-delay").orElseThrow(),
                new LoadWorkload(WorkKind.CPU, Duration.ofMillis(10)), 1);
        assertNotNull(t.skip());
    }

    /**
     * impatient (issue #20): http 100 ms through a pool of 20 on every server, clients give up at 2 T;
     * every model has a knee (the pool, the threads, the event loops) at 25/80/150 % of which it runs
     * (25 % first, after 10 s more warm-up: a cold server must not decide it);
     * each target on three servers: unaided, a deadline at 2 T, the pool's wait bounded; no spike; within 14 minutes at
     * the default three trials.
     */
    @Test
    void theImpatientPresetPairsEachTargetWithAndWithoutADeadline() {
        LoadPreset impatient = LoadPreset.byName("impatient").orElseThrow();
        assertEquals(Duration.ofMillis(200), impatient.requestTimeout());
        assertEquals(2 * 100, impatient.requestTimeout().toMillis(), "2 T");
        LoadSettings settings = LoadSettings.from(props("load.preset", "impatient"));
        assertEquals(3, settings.trials());
        // as Load.run plans a pinned run: the server JVM sees both processors at its start, then gets one core
        LoadPlan plan = LoadPlan.of(impatient, settings.scenarios(), settings.trials(), new Theory.Cpu(2, 1));
        assertEquals(List.of("platform-threads", "reactive-elastic", "reactive-blocking", "reactive-delay", "virtual-threads"),
                settings.scenarios().stream().map(lab.scenarios.Scenario::name).toList());
        assertTrue(plan.running().size() == plan.targets().size(), "nothing skipped: " + plan.targets());
        assertEquals(15, plan.targets().size(), "five scenarios × three servers");
        java.util.Map<String, Double> knees = new java.util.LinkedHashMap<>();
        for (LoadPlan.Target t : plan.targets()) {
            assertEquals(WorkKind.HTTP, t.workload().work());
            assertTrue(t.knee() > 0 && t.knee() <= 200, t.key() + " has a knee within the generator's reach: " + t.knee());
            assertEquals(List.of("25%", "80%", "150%"), t.rates().stream().map(LoadPlan.Rate::label).toList(), t.key());
            assertTrue(t.serverArgs().contains("poolSize=20"), t.serverArgs().toString());
            knees.put(t.scenario().name(), t.knee());
        }
        // the pool is k where nothing smaller is: Reactor Netty's client (not its default 16), the JDK client, 200 threads,
        // boundedElastic's 10 × 2 processors; the event loops' max(2, 4) is smaller
        assertEquals(java.util.Map.of("platform-threads", 200.0, "reactive-elastic", 200.0, "reactive-blocking", 40.0,
                "reactive-delay", 200.0, "virtual-threads", 200.0), knees);
        LoadPlan.Target pt = plan.targets().get(0);
        LoadPlan.Target ptDeadline = plan.targets().get(1);
        assertEquals(List.of(50.0, 160.0, 300.0), pt.rates().stream().map(LoadPlan.Rate::rate).toList());
        assertEquals(List.of("scenario=platform-threads", "work=http", "poolSize=20"), pt.serverArgs());
        assertEquals(List.of("scenario=platform-threads", "work=http", "poolSize=20", "deadline=200ms"), ptDeadline.serverArgs());
        assertEquals(List.of("scenario=platform-threads", "work=http", "poolSize=20", "poolWait=50ms"), plan.targets().get(2).serverArgs());
        assertEquals("platform-threads_http-100ms_deadline-200ms", ptDeadline.key());
        assertTrue(!pt.key().equals(ptDeadline.key()), "each server its own folder and chart");
        assertEquals(15, plan.servers());
        Schedule sweeps = plan.trialSweeps(pt);
        assertEquals(1 + 2 + 10, sweeps.steps().get(0).seconds(), 1e-9, "the first warm-up: the step's, the generator's, the server's");
        assertEquals(1, sweeps.steps().get(plan.sweep(pt).steps().size()).seconds(), 1e-9, "trial 2 starts with the step's own warm-up only");
        assertTrue(plan.estimateSeconds() <= 14 * 60, "estimate " + plan.estimateSeconds() + " s");
        assertTrue(plan.describe().contains("no spike") && plan.describe().contains("time out at 200ms"), plan.describe());
        // the other presets keep patient clients and one server per target
        assertEquals(null, DEFAULT.requestTimeout());
        assertEquals(List.of(""), DEFAULT.variants());
    }

    /**
     * impatient-db: the impatient preset on the database, the same servers and variants; the cluster the
     * harness starts beside each server is sized from the server's own options (its pool of 20).
     */
    @Test
    void theImpatientDbPresetIsTheImpatientPresetOnTheDatabase() {
        LoadPreset db = LoadPreset.byName("impatient-db").orElseThrow();
        LoadPreset http = LoadPreset.byName("impatient").orElseThrow();
        assertEquals(http.variants(), db.variants());
        assertEquals(http.requestTimeout(), db.requestTimeout());
        LoadPlan plan = LoadPlan.of(db, db.pick(lab.scenarios.Scenarios.all()), 3, new Theory.Cpu(2, 1));
        assertEquals(15, plan.targets().size());
        for (LoadPlan.Target t : plan.targets()) {
            assertEquals(WorkKind.DB, t.workload().work());
            assertEquals(20, lab.setup.WorkSetup.dbConnections(t.options(), t.scenario().workForm()), t.key());
        }
        assertEquals(List.of("scenario=reactive-delay", "work=db", "poolSize=20", "poolWait=50ms"),
                plan.targets().stream().filter(t -> t.key().equals("reactive-delay_db-100ms_poolWait-50ms")).findFirst()
                        .orElseThrow().serverArgs());
    }

    /** The load plan's k counts the work's pool, as the ab theory does: reactive-delay's http knee is Reactor Netty's 16 connections. */
    @Test
    void theKneeCountsTheWorksConnectionPool() {
        LoadWorkload http = new LoadWorkload(WorkKind.HTTP, Duration.ofMillis(100));
        LoadPlan.Target t = LoadPlan.target(DEFAULT, Scenarios.byName("reactive-delay").orElseThrow(), http, 2);
        assertEquals(16, t.capacity());
        assertEquals(160, t.knee(), 1e-9);
        LoadPlan.Target pooled = LoadPlan.target(DEFAULT, Scenarios.byName("virtual-threads").orElseThrow(), http.withPool(5), 2);
        assertEquals(50, pooled.knee(), 1e-9);
        assertTrue(Double.isNaN(LoadPlan.target(DEFAULT, Scenarios.byName("virtual-threads").orElseThrow(), http, 2).knee()),
                "the JDK client has no pool: no knee");
    }

    private static java.util.Properties props(String... kv) {
        java.util.Properties p = new java.util.Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    /** Time left before each target: the estimate at first, then the rest of it scaled by how long the targets done took against theirs. */
    @Test
    void theTimeLeftLearnsFromTheTargetsDone() {
        LoadPlan plan = LoadPlan.of(LoadPreset.byName("default").orElseThrow(), Scenarios.all(), 3, 1);
        int n = plan.targets().size();
        assertEquals(plan.estimateSeconds(), plan.secondsLeft(0, 0), 1e-6);
        double firstHalf = 0, secondHalf = 0;
        for (int i = 0; i < n; i++) {
            if (i < n / 2) firstHalf += plan.estimateSeconds(plan.targets().get(i));
            else secondHalf += plan.estimateSeconds(plan.targets().get(i));
        }
        assertEquals(secondHalf * 1.5, plan.secondsLeft(n / 2, firstHalf * 1.5), 1e-6, "half done, at 1.5 times its estimate");
        assertEquals(secondHalf, plan.secondsLeft(n / 2, firstHalf), 1e-6, "half done, on time");
        assertEquals(plan.estimateSeconds(), firstHalf + secondHalf + (plan.servers() - n) * LoadPlan.SERVER_SECONDS, 1e-6,
                "the targets' shares add up to the estimate");
    }
}