package lab.load;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.config.WorkKind;

/**
 * A named load experiment: the workloads, the sweep's offered rates (percentages of the
 * scenario's knee k/T, or absolute rates where there is no knee), how long each step lasts, and the
 * spike's shape.
 *
 * @param percents       sweep rates as fractions of k/T for scenarios with a knee
 * @param absoluteRates  sweep rates (req/s) for scenarios without one (unbounded, sleeping work)
 * @param nominalRate    what "capacity" means in the spike of a scenario without a knee (req/s)
 * @param warmSeconds    warm-up at each step's rate before it is measured
 * @param stepSeconds    measured seconds of each sweep step
 * @param spikeBase      measured seconds at half capacity before the spike (after a warm-up)
 * @param spikeSeconds   seconds at twice capacity
 * @param spikeTail      seconds at half capacity after it: the recovery that is watched
 * @param scenarios     the scenarios a run takes when {@code -Dload.scenarios} names none; empty: every registered one
 * @param queueSeconds   NaN: every server keeps its default queue ({@code -DqueueLimit}, 10,000 waiting
 *                       requests: minutes of work at these rates, so nothing sheds). Else the servers
 *                       get {@code -DqueueLimit} = that many seconds of work at the knee, and only
 *                       scenarios with a knee run
 * @param scenarios      the scenarios this preset is about, when {@code -Dload.scenarios} names none;
 *                       empty: every registered scenario
 * @param requestTimeout the generator gives up on a request after this long (an impatient client);
 *                       null: the generator's default, 30 s
 * @param variants       one server per entry for each target: "" runs it as the preset says, else with
 *                       that one more option ({@code deadline=200ms}, {@code poolWait=100ms}) or, starting with a
 *                       dash, that one more flag for its JVM ({@code -XX:+UseG1GC})
 * @param serverWarmSeconds more warm-up before a server's first step, at its rate: a fresh JVM's JIT
 *                       (C2 was still compiling Reactor Netty's request path after 8,000 requests here, at
 *                       1.5 CPU ms per request) must not decide the first step, and for impatient clients
 *                       a cold server's backlog can make every later request time out
 * @param boostedCalibration a calibrating preset's way: false, one reading at a low rate after 8 s (the
 *                       {@code pod} preset, as issue #18 prescribes it); true, a startup CPU boost, then two
 *                       readings and the line through them ({@code pod-warm}); in a preset of {@code sameRates}
 *                       pods, the boost alone (the JIT warmed before the first measured second)
 * @param sameRates      every target gets the absolute rates and the spike of {@code nominalRate}, knee or not: the
 *                       same traffic to every model in the same pod, so the models differ only by what they make of it
 *                       (a pod preset of these is not calibrated: no knee decides its rates)
 * A preset with {@code spikeSeconds} 0 runs no spike.
 */
public record LoadPreset(String name, String purpose, List<LoadWorkload> workloads, List<Double> percents,
                         List<Double> absoluteRates, double nominalRate, double warmSeconds, double stepSeconds,
                         double spikeBase, double spikeSeconds, double spikeTail, double queueSeconds,
                         List<String> scenarios, Duration requestTimeout, List<String> variants, double serverWarmSeconds,
                         boolean boostedCalibration, boolean sameRates) {

    /** A preset of every registered scenario (or those {@code -Dload.scenarios} names), patient clients, one server per target. */
    public LoadPreset(String name, String purpose, List<LoadWorkload> workloads, List<Double> percents,
                      List<Double> absoluteRates, double nominalRate, double warmSeconds, double stepSeconds,
                      double spikeBase, double spikeSeconds, double spikeTail, double queueSeconds) {
        this(name, purpose, workloads, percents, absoluteRates, nominalRate, warmSeconds, stepSeconds, spikeBase, spikeSeconds,
                spikeTail, queueSeconds, List.of());
    }

    /** A preset of these scenarios (all when empty), patient clients, one server per target. */
    public LoadPreset(String name, String purpose, List<LoadWorkload> workloads, List<Double> percents,
                      List<Double> absoluteRates, double nominalRate, double warmSeconds, double stepSeconds,
                      double spikeBase, double spikeSeconds, double spikeTail, double queueSeconds, List<String> scenarios) {
        this(name, purpose, workloads, percents, absoluteRates, nominalRate, warmSeconds, stepSeconds, spikeBase, spikeSeconds,
                spikeTail, queueSeconds, scenarios, null, List.of(""), 0, false, false);
    }


    private static final LoadWorkload SLEEP_100MS = new LoadWorkload(WorkKind.SLEEP, Duration.ofMillis(100));
    private static final LoadWorkload HTTP_100MS = new LoadWorkload(WorkKind.HTTP, Duration.ofMillis(100));
    private static final LoadWorkload CPU_10MS = new LoadWorkload(WorkKind.CPU, Duration.ofMillis(10));
    private static final List<Double> PERCENTS = List.of(0.25, 0.5, 0.8, 1.0, 1.2, 1.5);
    /** Up to 3,000 req/s: Gatling drove 5,000 on 2 shared cores at ≈ 0.6 core, and fell apart at 10,000. */
    private static final List<Double> UNBOUNDED_RATES = List.of(100.0, 250.0, 500.0, 1000.0, 2000.0, 3000.0);

    /**
     * The pod preset's pool for http/db: 1 to 1,000 is what -DpoolSize takes. At 0.25 CPU and
     * 0.3-1 ms CPU per request the knee is a few hundred to ~1,000 req/s; at 150 % of it and 100 ms
     * per call that is at most ≈ 150 calls in flight, so 200 connections are never the k the sweep
     * finds, and PostgreSQL (max_connections = pool + headroom) stays small on 2 cores.
     */
    static final int POD_POOL = 200;

    /**
     * The impatient preset's downstream pool, the same on every server: its k is then at most 20 (knee
     * 200 req/s at 100 ms), which the generator and a server on one core keep up with. Without it the
     * thread models' knee is 2,000 req/s (200 threads) and the JDK client's none: a first run drove a
     * one-core server at 1,000-3,000 req/s, its CPU ran out, and every request timed out on every model.
     */
    static final int IMPATIENT_POOL = 20;

    /**
     * Five steps fit the time. Up to 200 %: the low-load calibration counts the JVM's fixed CPU per second
     * (the JIT still compiling, JFR, GC, timers) into every request, so it predicts low, and the knee can
     * lie past 150 %.
     */
    private static final List<Double> POD_PERCENTS = List.of(0.25, 0.5, 1.0, 1.5, 2.0);
    /** The pod-warm preset's: its boosted line still predicts low (a young JVM keeps compiling), so up to 300 %. */
    /** The pod-spike preset's pod: at 0.12-0.32 CPU ms per request, knees of about 470-1,250 req/s (fixed cores aside). */
    static final double POD_SPIKE_CPUS = 0.15;
    private static final List<Double> POD_WARM_PERCENTS = List.of(0.5, 1.0, 1.5, 2.0, 3.0);

    public static final List<LoadPreset> ALL = List.of(
            new LoadPreset("default", "sleep 100 ms: sweep 25–150 % of k/T (absolute 100–3,000 req/s where unbounded), "
                    + "1 s warm-up + 2 s per step; spike 50 % → 200 % for 10 s → 50 % for 10 s",
                    List.of(SLEEP_100MS), PERCENTS, UNBOUNDED_RATES, 1000, 1, 2, 3, 10, 10, Double.NaN),
            // 25 % first, as in default: a cold generator and server started at 80 % of 2,000 req/s fell behind
            new LoadPreset("shed", "default's sleep 100 ms and spike with short queues: -DqueueLimit = 0.5 s of work "
                    + "at the knee (k/T × 0.5 s), scenarios with a knee only; sweep 25, 80, 100, 150 % of k/T",
                    List.of(SLEEP_100MS), List.of(0.25, 0.8, 1.0, 1.5), UNBOUNDED_RATES, 1000, 1, 2, 3, 10, 10, 0.5),
            // default watches 10 s after its spike, but a queue that only queues needs 20 s at half load to drain the
            // spike's 10 s of backlog. This one watches 25 s, on the scenarios with a knee whose spike (at most 400 req/s)
            // the generator drives with room to spare on a slow day; its one sweep step checks each server against default (at 25 %,
            // as default starts: a cold generator that falls behind at first makes a burst that sync works off only slowly).
            new LoadPreset("drain", "default's sleep 100 ms and spike, watched 25 s after it (a queue that only queues needs 20 s "
                    + "at half load to drain the spike's 10 s of backlog), on the scenarios with a knee of at most 200 req/s; "
                    + "one sweep step, 25 % of k/T",
                    List.of(SLEEP_100MS), List.of(0.25), UNBOUNDED_RATES, 1000, 1, 2, 3, 10, 25, Double.NaN,
                    List.of("sync", "reactive-blocking", "reactive-elastic", "reactive-process-pool", "reactive-parallel")),
            new LoadPreset("extended", "default, plus cpu 10 ms; 3 s steps, 15 s after the spike",
                    List.of(SLEEP_100MS, CPU_10MS), PERCENTS, UNBOUNDED_RATES, 1000, 1, 3, 3, 10, 15, Double.NaN),
            new LoadPreset("smoke", "proves the chain in seconds: two 1 s steps (50 %, 150 %), a 2 s spike",
                    List.of(SLEEP_100MS), List.of(0.5, 1.5), List.of(100.0, 300.0), 200, 1, 1, 1, 2, 2, Double.NaN),
            // Its pod sizes are its own (-Dcpus is not needed and not used; -Dmemory and -DcpuPeriod still apply).
            // No spike (spikeSeconds 0): the sizing question is the knee, and the time goes to the sweeps.
            new LoadPreset("pod", "each server in a pod of 0.25 CPU (sleep, http, db 100 ms; http/db at poolSize="
                    + POD_POOL + ") and of 1 CPU (sleep); memory: the -Dmemory default (no limit); per target a calibration "
                    + "(8 s + 3 s at 100 req/s) predicts the knee cpus / CPU per request (capped by k/T), then 25, 50, 100, 150, 200 % "
                    + "of it, 1 s warm-up + 1 s per step; no spike",
                    List.of(SLEEP_100MS.inPod(0.25, 0), new LoadWorkload(WorkKind.HTTP, Duration.ofMillis(100)).inPod(0.25, POD_POOL),
                            new LoadWorkload(WorkKind.DB, Duration.ofMillis(100)).inPod(0.25, POD_POOL), SLEEP_100MS.inPod(1, 0)),
                    POD_PERCENTS, UNBOUNDED_RATES, 1000, 1, 1, 0, 0, 0, Double.NaN,
                    List.of("reactive-delay", "virtual-threads", "virtual-threads-jetty", "virtual-threads-tomcat", "reactive-virtual",
                            "platform-threads", "reactive-elastic")),
            // The pod preset's 0.25-CPU sleep pods, warmed first: how much of a young pod's quota is its JIT's, and
            // where a warmed pod's knee lies. A startup CPU boost (1 CPU for 20 s at 1,000 req/s), then two readings
            // and the line through them (the fixed cores apart), then 50-300 % of that knee.
            new LoadPreset("pod-warm", "each server in a pod of 0.25 CPU, sleep 100 ms; per target a startup CPU boost (1 CPU "
                    + "for 20 s at 1,000 req/s), then a calibration (the pod's CPU at 100 req/s, then at the knee that reading alone "
                    + "predicts) draws the pod's CPU as fixed cores + CPU per request and predicts the knee where that meets the quota, "
                    + "then 50, 100, 150, 200, 300 % of it, 1 s warm-up + 1 s per step; no spike",
                    List.of(SLEEP_100MS.inPod(0.25, 0)), POD_WARM_PERCENTS, UNBOUNDED_RATES, 1000, 1, 1, 0, 0, 0, Double.NaN,
                    List.of("reactive-delay", "virtual-threads", "virtual-threads-jetty", "virtual-threads-tomcat", "reactive-virtual",
                            "platform-threads", "reactive-elastic"), null, List.of(""), 0, true, false),
            // Spikes the unbounded models feel, and that this generator sends even on a slow machine of this kind (one core
            // of it was flagged full from 1,600 req/s on one): default's 2,000 req/s is far below their limits on 2 cores,
            // and its 4,000 to platform-threads is sent late. In a pod of POD_SPIKE_CPUS every model has a
            // knee under 1,000 req/s (pod-warm: 684-1,905 req/s at 0.25 CPU, 0.12-0.32 CPU ms per request), so the same
            // burst from 250 to 1,000 req/s overloads most of them, and what differs is what each makes of it: how late,
            // how many lost, how long to drain. 30 s after it: a backlog of (1,000 - knee) x 10 s drains at (knee - 250)/s
            // (a first run: platform-threads answered 679 req/s in the spike and drained in 20.5 s). One sweep step at the
            // base rate: the pod's CPU per request there. 5 s warm-ups: after 1 s the generator's young JVM sent up to 74 ms late.
            podSpike("pod-spike", "", List.of("reactive-delay", "virtual-threads", "virtual-threads-jetty", "virtual-threads-tomcat",
                    "reactive-virtual", "platform-threads"), ""),
            // pod-spike's Tomcat collapsed under the Serial collector, which JDK 25 picks for a JVM that sees one processor
            // (JDK 27 picks G1 there, JEP 523): the same burst on G1, for the three servers whose GC paused them in it
            podSpike("pod-spike-g1", ", each server JVM with -XX:+UseG1GC (in a pod that shows one processor JDK 25 picks Serial)",
                    List.of("virtual-threads-tomcat", "virtual-threads", "platform-threads"), "-XX:+UseG1GC"),
            // Issue #20: clients that give up at 2 T. Every server gets the same pool of 20 downstream connections
            // (IMPATIENT_POOL), so every model has a knee this generator and one server core reach (≤ 200 req/s),
            // and past it a queue forms in front of the pool or the threads: who keeps working for the clients who
            // left it. 25 % first, after a 10 s warm-up at that rate: the baseline, below any knee. Each target on
            // three servers: unaided, with a deadline at the clients' patience (2 T), and with the pool's wait
            // bounded at 50 ms (a 503 at once for a call that could no longer answer in time: patience − T, less the
            // 10-30 ms a call took here beyond its 100 ms; at 100 ms a smoke run still timed out). No spike, no
            // retry; virtual-threads-jetty left out for time (unaided it does what virtual-threads does, DepartedClientTest).
            impatient("impatient", HTTP_100MS, "http 100 ms through a pool of " + IMPATIENT_POOL + " downstream connections"),
            // The same for the database: pg_sleep(0.1) through a pool of 20 connections (HikariCP's, r2dbc-pool's), what
            // PostgreSQL did for nobody read from its own log (lab.work.db.QueryLog). HikariCP cannot wait under 250 ms for a
            // connection; the JDBC work's own semaphore keeps -DpoolWait=50ms (lab.work.ConnectionPermits).
            impatient("impatient-db", new LoadWorkload(WorkKind.DB, Duration.ofMillis(100)),
                    "db 100 ms (pg_sleep) through a pool of " + IMPATIENT_POOL + " database connections"));

    /** pod-spike's burst and pods, on these scenarios, each server with {@code variant} ("" for none). */
    private static LoadPreset podSpike(String name, String also, List<String> scenarios, String variant) {
        return new LoadPreset(name, "each server in a pod of " + lab.measure.Numbers.plain(POD_SPIKE_CPUS) + " CPU, sleep 100 ms" + also
                + "; per target a startup CPU boost (1 CPU for 20 s at 1,000 req/s); then per trial one step at 250 req/s "
                + "(5 s warm-up + 2 s), and the same spike to every model: after 6 s of warm-up, 250 req/s for 3 s, 1,000 req/s "
                + "for 10 s, 250 req/s for 30 s",
                List.of(SLEEP_100MS.inPod(POD_SPIKE_CPUS, 0)), List.of(), List.of(250.0), 500, 5, 2, 3, 10, 30, Double.NaN,
                scenarios, null, List.of(variant), 0, true, true);
    }

    private static LoadPreset impatient(String name, LoadWorkload work, String what) {
        return new LoadPreset(name, what + " on every server, clients time out at 200 ms (2 T): platform-threads, "
                + "reactive-elastic, reactive-blocking, reactive-delay, virtual-threads at 25, 80, 150 % of their k/T (10 s more "
                + "warm-up before the first); each on three servers: unaided, -Ddeadline=200ms, -DpoolWait=50ms; 1 s warm-up "
                + "+ 2 s per step, no spike",
                List.of(work.withPool(IMPATIENT_POOL)), List.of(0.25, 0.8, 1.5), List.of(1000.0, 2000.0), 1000, 1, 2, 0, 0, 0,
                Double.NaN, List.of("platform-threads", "reactive-elastic", "reactive-blocking", "reactive-delay", "virtual-threads"),
                Duration.ofMillis(200), List.of("", "deadline=200ms", "poolWait=50ms"), 10, false, false);
    }

    /** Whether the preset carries its own pod sizes: then each target gets its own pod. */
    public boolean inPods() {
        return workloads.stream().anyMatch(LoadWorkload::hasPod);
    }

    /** Whether each target is calibrated before its sweep: pods whose rates follow their knee (not {@link #sameRates}). */
    public boolean calibrates() {
        return inPods() && !sameRates;
    }

    /** Whether each target's pod gets the startup CPU boost ({@link LoadPlan#boost}) before anything is measured. */
    public boolean boosts() {
        return inPods() && boostedCalibration;
    }

    /**
     * Whether each trial runs a spike after its sweep. Without one, all trials of a target are one
     * generator run (the sweep three times over): a Gatling JVM's start is not paid per trial.
     */
    public boolean spikes() {
        return spikeSeconds > 0;
    }

    /** The scenarios a run of this preset takes when {@code -Dload.scenarios} names none: {@link #scenarios}, or all. */
    public List<lab.scenarios.Scenario> pick(List<lab.scenarios.Scenario> all) {
        if (scenarios.isEmpty()) return all;
        return scenarios.stream().flatMap(n -> all.stream().filter(s -> s.name().equals(n))).toList();   // in the preset's order
    }

    public static Optional<LoadPreset> byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(LoadPreset::name).toList();
    }
}
