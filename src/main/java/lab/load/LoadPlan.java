package lab.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lab.config.Durations;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.measure.Numbers;
import lab.measure.Theory;
import lab.scenarios.Scenario;

/**
 * What a load run does: per scenario and workload, the knee k/T, the sweep's offered rates, and
 * the two generator schedules of each trial (the sweep, the spike).
 */
public record LoadPlan(LoadPreset preset, List<Target> targets, int trials, Theory.Cpu serverCpu) {

    /** A sweep step as planned: its label and offered rate. */
    public record Rate(String label, double rate) {}

    /**
     * One scenario under one workload. {@code knee} is k/T in req/s, NaN when the scenario has no
     * bound for this work, or one beyond the preset's highest absolute rate (what the generator can
     * drive here); then the sweep uses the preset's absolute rates. {@code queueLimit} is the
     * server's {@code -DqueueLimit} when the preset bounds queues, else -1 (the server's default).
     * {@code skip} says why it does not run (the scenario refuses the options, or there is no knee
     * to bound a queue at), else null. {@code variant} is one more server option the preset sets for this
     * server ({@code deadline=200ms}, {@code poolWait=100ms}), "" for none.
     */
    public record Target(Scenario scenario, LoadWorkload workload, int capacity, double knee, List<Rate> rates,
                         double spikeCapacity, int queueLimit, String skip, double calibrationCpuMs, String kneeBound,
                         String variant) {

        /** A target with no calibration (every preset but {@code pod}) and no variant. */
        public Target(Scenario scenario, LoadWorkload workload, int capacity, double knee, List<Rate> rates,
                      double spikeCapacity, int queueLimit, String skip) {
            this(scenario, workload, capacity, knee, rates, spikeCapacity, queueLimit, skip, Double.NaN, null, "");
        }

        /** Whether a calibration set its knee ({@link LoadPlan#calibrated}). */
        public boolean calibrated() {
            return !Double.isNaN(calibrationCpuMs);
        }

        public String key() {   // deadline=200ms -> deadline-200ms, -XX:+UseG1GC -> XX-UseG1GC: a file name's
            return scenario.name() + "_" + workload.key()
                    + (variant.isEmpty() ? "" : "_" + variant.replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-", ""));
        }

        /** Whether the variant is a flag for the server's JVM ({@code -XX:+UseG1GC}), not a server option. */
        public boolean jvmVariant() {
            return isJvmFlag(variant);
        }

        /** {@link #jvmVariant}'s test, for a variant before its target exists. */
        static boolean isJvmFlag(String variant) {
            return variant.startsWith("-");
        }

        /** The server JVM's flags the variant adds: itself if it is one. */
        public List<String> jvmFlags() {
            return jvmVariant() ? List.of(variant) : List.of();
        }

        /** {@code reactive-delay} or {@code reactive-delay deadline=200ms}: progress lines and tables. */
        public String describe() {
            return scenario.name() + (variant.isEmpty() ? "" : " " + variant);
        }

        /** The server's arguments: scenario, work, the queue bound and the variant's option if the preset sets them. */
        public List<String> serverArgs() {
            List<String> args = new ArrayList<>(List.of("scenario=" + scenario.name(), "work=" + workload.label()));
            if (queueLimit >= 0) args.add("queueLimit=" + queueLimit);
            args.addAll(workload.serverOptions());
            if (!variant.isEmpty() && !jvmVariant()) args.add(variant);
            return args;
        }

        /** The server's options (its arguments but the scenario): what the harness sizes beside it, e.g. PostgreSQL's connections. */
        public Options options() {
            Map<String, String> values = new HashMap<>();
            for (String a : serverArgs()) values.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            values.remove("scenario");
            return Options.of(values);
        }
    }

    public static LoadPlan of(LoadPreset preset, List<Scenario> scenarios, int trials, int serverCores) {
        return of(preset, scenarios, trials, Theory.Cpu.cores(serverCores));
    }

    /** The plan for server JVMs with this CPU: in a pod what they see and get ({@code PodLimits.serverCpu}). */
    public static LoadPlan of(LoadPreset preset, List<Scenario> scenarios, int trials, Theory.Cpu serverCpu) {
        List<Target> targets = new ArrayList<>();
        for (Scenario s : scenarios) {
            for (LoadWorkload w : preset.workloads()) {
                for (String v : preset.variants()) targets.add(target(preset, s, w, podCpu(w, serverCpu), v));
            }
        }
        return new LoadPlan(preset, targets, trials, serverCpu);
    }

    static Target target(LoadPreset preset, Scenario s, LoadWorkload w, int serverCores) {
        return target(preset, s, w, Theory.Cpu.cores(serverCores), "");
    }

    /** A workload with its own pod size: the server sees ⌈cpus⌉ processors (at most the {@code outside} ones) and gets cpus. */
    static Theory.Cpu podCpu(LoadWorkload w, Theory.Cpu outside) {
        if (!w.hasPod()) return outside;
        return new Theory.Cpu(Math.max(1, Math.min(outside.processors(), (int) Math.ceil(w.cpus() - 1e-9))), w.cpus());
    }

    static Target target(LoadPreset preset, Scenario s, LoadWorkload w, Theory.Cpu serverCpu) {
        return target(preset, s, w, serverCpu, "");
    }

    static Target target(LoadPreset preset, Scenario s, LoadWorkload w, Theory.Cpu serverCpu, String variant) {
        Map<String, String> given = new HashMap<>(Map.of("work", w.label(), "cost", Durations.format(w.cost())));
        if (w.poolSize() > 0) given.put("poolSize", Integer.toString(w.poolSize()));
        if (!variant.isEmpty() && !Target.isJvmFlag(variant)) {   // a JVM flag is not the scenario's to check
            given.put(variant.substring(0, variant.indexOf('=')), variant.substring(variant.indexOf('=') + 1));
        }
        // the server JVM's view (in a pod, Reactor's pools shrink), capped by the work's connection pool: Reactor
        // Netty's 16 downstream connections are reactive-delay's k for http, as the ab theory counts them
        int k = s.inFlight(Options.of(given), serverCpu.processors());
        // a preset of the same rates for every model sweeps and spikes as if none had a knee
        double knee = preset.sameRates() ? Double.NaN : knee(w, k, serverCpu);
        // A knee past the generator's reach (Jetty's and Tomcat's 16,384 at 100 ms: 164k req/s) would
        // sweep rates no client here can send: such a scenario gets the absolute rates, like an unbounded one.
        double reach = preset.absoluteRates().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        if (knee > reach) knee = Double.NaN;
        List<Rate> rates = new ArrayList<>();
        if (Double.isNaN(knee)) {
            for (double r : preset.absoluteRates()) rates.add(new Rate(Numbers.rate(r) + "/s", r));
        } else {
            for (double p : preset.percents()) rates.add(new Rate(Numbers.percent(p), round(p * knee)));
        }
        String skip = null;
        int queueLimit = -1;
        if (!Double.isNaN(preset.queueSeconds())) {
            if (Double.isNaN(knee)) {
                skip = "no knee for this work here, so no queue to bound";
            } else {
                queueLimit = queueLimit(preset, knee);
                given.put("queueLimit", Integer.toString(queueLimit));
            }
        }
        try {
            s.check(Options.of(given));
        } catch (OptionException e) {
            if (skip == null) skip = e.getMessage();
        }
        return new Target(s, w, k, knee, rates, Double.isNaN(knee) ? preset.nominalRate() : knee, queueLimit, skip, Double.NaN, null, variant);
    }

    /**
     * {@code t} with the knee a calibration predicted (in a pod: {@link Theory#podKnee}) in place of
     * the planned one, and the sweep at the preset's percentages of it. The hook for the {@code pod}
     * preset: its runner calibrates each target before its sweep and sweeps this.
     */
    public Target calibrated(Target t, double knee) {
        return calibrated(t, new Theory.PodKnee(knee, null), Double.NaN);
    }

    /** {@link #calibrated(Target, double)} that keeps the calibration (CPU ms per request) and the bound named, for the CSV. */
    public Target calibrated(Target t, Theory.PodKnee knee, double cpuMsPerRequest) {
        if (Double.isNaN(knee.rps()) || knee.rps() <= 0) return t;
        List<Rate> rates = new ArrayList<>();
        for (double p : preset.percents()) rates.add(new Rate(Numbers.percent(p), round(p * knee.rps())));
        return new Target(t.scenario(), t.workload(), t.capacity(), knee.rps(), rates, knee.rps(), queueLimit(preset, knee.rps()),
                t.skip(), cpuMsPerRequest, knee.bound(), t.variant());
    }

    /**
     * Before a pod target's calibration, its startup CPU boost: the pod gets {@link #BOOST_CPUS} (its
     * processors stay ⌈cpus⌉ = 1) while this drives the JIT through the request path at {@link #BOOST_RATE},
     * then its own quota again. A young pod's JIT, not its requests, otherwise spends its quota for a minute.
     * Its last second is a measured step only so the generator run reads like any other; it is not used.
     */
    public Schedule boost() {
        return new Schedule(List.of(new Schedule.Step("warm-up boost", BOOST_RATE, BOOST_SECONDS + GENERATOR_WARMUP, false),
                new Schedule.Step("boost", BOOST_RATE, 1, true)));
    }

    /** 1 CPU: what a 0.25- or 0.5-CPU pod's JVM sees as one processor anyway, four or two times its quota. */
    public static final double BOOST_CPUS = 1;
    /**
     * 20 s at 1,000 req/s: 20,000 requests. 10 s at 400 was not enough: a 0.25-CPU pod then ran its
     * first trial at its quota and its third at half of it for the same rates (`reactive-delay`, sleep:
     * 0.24-0.26 cores at 225-281 req/s, then 0.09-0.10), so the calibration read the JIT, not the server.
     */
    static final double BOOST_RATE = 1000;
    static final double BOOST_SECONDS = 20;

    /** The calibration before a pod target's sweep: a warm-up, then the measured step, at a low fixed rate. */
    public Schedule calibration() {
        double warm = preset.boostedCalibration() ? CALIBRATION_WARM : CALIBRATION_WARM_UNBOOSTED;
        return new Schedule(List.of(new Schedule.Step("warm-up calibration", CALIBRATION_RATE, warm + GENERATOR_WARMUP, false),
                new Schedule.Step("calibration", CALIBRATION_RATE, CALIBRATION_SECONDS, true)));
    }

    /**
     * The calibration's second reading, at {@code rate}: a second's warm-up, then the measured step. With the
     * first it gives the pod's CPU as a line ({@link Theory#cpuLine}).
     */
    public Schedule calibrationAt(double rate) {
        return new Schedule(List.of(new Schedule.Step("warm-up calibration 2", rate, 1 + GENERATOR_WARMUP, false),
                new Schedule.Step("calibration 2", rate, CALIBRATION_SECONDS, true)));
    }

    /**
     * The second reading's rate: the knee the first reading alone predicts (it charges the fixed CPU to
     * each request, so it errs low: the pod is not saturated there), at least 1.5 × the first rate, at
     * most what the generator drives here.
     */
    public double secondCalibrationRate(double singlePointKnee) {
        double reach = preset.absoluteRates().stream().mapToDouble(Double::doubleValue).max().orElse(CALIBRATION_RATE * 3);
        double r = Double.isNaN(singlePointKnee) ? 1.5 * CALIBRATION_RATE : Math.max(1.5 * CALIBRATION_RATE, singlePointKnee);
        return round(Math.min(reach / 2, r));
    }

    /** 100 req/s: low enough for any pod here (0.25 CPU at ≈ 1 ms per request is 250), high enough for a CPU reading. */
    static final double CALIBRATION_RATE = 100;
    /**
     * The warm-up before the readings: 1 s at the reading's rate, after the boost ({@link #boost}). Without
     * the boost, 8 s at 100 req/s left a 0.25-CPU pod still compiling: its first trial ran at the quota at
     * every step, its third used a fifth of it at the lowest, and the prediction was the JIT's, not the server's.
     */
    static final double CALIBRATION_WARM = 1;
    /**
     * Without a boost (the {@code pod} preset): 8 s at 100 req/s before its one reading. A fresh JVM in a
     * 0.25-CPU pod is still compiling after 1 s (a smoke run read 2.3-3.2 CPU ms per request after 1 s, its
     * sweep then 1 ms or less), and after 8 s too: that preset's prediction counts the JIT in.
     */
    static final double CALIBRATION_WARM_UNBOOSTED = 8;
    static final double CALIBRATION_SECONDS = 3;

    /** The server's {@code -DqueueLimit} under this preset at this knee: that many seconds of work, at least 1; -1 for the server's default. */
    static int queueLimit(LoadPreset preset, double knee) {
        if (Double.isNaN(preset.queueSeconds()) || Double.isNaN(knee)) return -1;
        return (int) Math.max(1, Math.round(knee * preset.queueSeconds()));
    }

    /**
     * Little's law with no client cap: k/T, and for busy work at most (the server's cores)/T.
     * NaN when nothing bounds it (unbounded k, sleeping work) or at zero cost.
     */
    public static double knee(LoadWorkload w, int capacity, int serverCores) {
        return knee(w, capacity, Theory.Cpu.cores(serverCores));
    }

    /** {@link #knee(LoadWorkload, int, int)} on the server's CPU: in a pod, CPU work at most cpus / T as well. */
    public static double knee(LoadWorkload w, int capacity, Theory.Cpu serverCpu) {
        if (capacity == Theory.UNBOUNDED && w.work() != WorkKind.CPU) return Double.NaN;
        int k = capacity == Theory.UNBOUNDED ? serverCpu.processors() : capacity;
        return Theory.ceiling(w.work(), w.cost(), capacity, k, serverCpu);
    }

    /** Whole req/s (see {@link Schedule.Step}): 25 % of sync's 10 req/s is offered as 3. */
    private static double round(double rate) {
        return Math.max(1, Math.round(rate));
    }

    /**
     * The sweep: per rate a warm-up, the measured step, and after an overload a pause long enough for
     * the backlog it leaves, (rate − knee) × duration, to drain at the knee: the next step starts idle.
     */
    public Schedule sweep(Target t) {
        List<Schedule.Step> steps = new ArrayList<>();
        for (Rate r : t.rates()) {
            // the generator's own JVM is cold at first: its first step gets two more seconds (else its JIT shows as lag)
            double warm = preset.warmSeconds() + (steps.isEmpty() ? GENERATOR_WARMUP + preset.serverWarmSeconds() : 0);
            steps.add(new Schedule.Step("warm-up " + r.label(), r.rate(), warm, false));
            steps.add(new Schedule.Step(r.label(), r.rate(), preset.stepSeconds(), true));
            double drain = drainSeconds(t, r.rate());
            if (drain > 0) steps.add(new Schedule.Step("pause after " + r.label(), 0, drain, false));
        }
        return new Schedule(steps);
    }

    /**
     * Every trial's sweep in one schedule (a preset without a spike): trial i's steps are at
     * {@code i × sweep(t).steps().size()} on; the generator's warm-up only once, at the start.
     */
    public Schedule trialSweeps(Target t) {
        Schedule one = sweep(t);
        List<Schedule.Step> steps = new ArrayList<>();
        for (int trial = 1; trial <= trials; trial++) {
            for (int i = 0; i < one.steps().size(); i++) {
                Schedule.Step s = one.steps().get(i);
                double seconds = trial > 1 && i == 0 ? s.seconds() - GENERATOR_WARMUP - preset.serverWarmSeconds() : s.seconds();
                steps.add(new Schedule.Step(s.label(), s.rate(), seconds, s.measured()));
            }
        }
        // the last overload's drain is waited for by no step: the server stops after it
        if (!steps.get(steps.size() - 1).measured()) steps.remove(steps.size() - 1);
        return new Schedule(steps);
    }

    double drainSeconds(Target t, double rate) {
        double excess = Double.isNaN(t.knee()) ? 0 : Math.max(0, rate - t.knee());
        double backlog = excess * (preset.warmSeconds() + preset.stepSeconds());
        return backlog == 0 ? 0 : Math.min(15, Math.ceil(0.5 + backlog / t.knee()));
    }

    /** A warm-up at 50 % of capacity, then 50 % measured, 200 % for the spike, 50 % again; whole seconds. */
    public Schedule spike(Target t) {
        double half = round(t.spikeCapacity() * 0.5);
        double twice = round(t.spikeCapacity() * 2);
        return new Schedule(List.of(
                new Schedule.Step("warm-up", half, preset.warmSeconds() + 1, false),
                new Schedule.Step("before", half, preset.spikeBase(), true),
                new Schedule.Step("spike", twice, preset.spikeSeconds(), true),
                new Schedule.Step("after", half, preset.spikeTail(), true)));
    }

    public List<Target> running() {
        return targets.stream().filter(t -> t.skip() == null).toList();
    }

    /** Measured cells: sweep steps × trials. */
    public int cellCount() {
        return running().stream().mapToInt(t -> asSwept(t).rates().size()).sum() * trials;
    }

    /** A calibrating preset sweeps its percentages of a knee known only at run time: counted at any knee (the nominal rate). */
    private Target asSwept(Target t) {
        return preset.calibrates() ? calibrated(t, Double.isNaN(t.knee()) ? preset.nominalRate() : t.knee()) : t;
    }

    /** Server JVMs: one per scenario, work kind and variant, as in the ab comparison (CPU work calibrates at start). */
    public long servers() {
        if (preset.inPods()) return running().size();   // one pod per target: its size is the workload's
        return running().stream().map(t -> t.scenario().name() + "/" + t.workload().work() + "/" + t.variant()).distinct().count();
    }

    /**
     * Seconds the run should take: per server JVM its start and stop; per trial two generator runs
     * (JVM start, report), the schedules themselves, and the last requests' tail.
     */
    public double estimateSeconds() {
        return servers() * SERVER_SECONDS + running().stream().mapToDouble(this::measuringSeconds).sum();
    }

    /** One target's share of {@link #estimateSeconds()}: what it measures, with its server's start and stop. */
    public double estimateSeconds(Target planned) {
        return planned.skip() != null ? 0 : SERVER_SECONDS + measuringSeconds(planned);
    }

    /** A target's generator runs, schedules and tails, and the service beside its server. */
    private double measuringSeconds(Target planned) {
        Target t = asSwept(planned);
        double tail = t.workload().cost().toMillis() / 1000.0;
        double total = preset.spikes()
                ? (2 * GENERATOR_SECONDS + sweep(t).seconds() + spike(t).seconds() + 2 * tail) * trials
                : GENERATOR_SECONDS + trialSweeps(t).seconds() + tail;
        if (t.workload().work() == WorkKind.HTTP || t.workload().work() == WorkKind.DB) total += SERVICE_SECONDS;
        // the boost and each reading its own generator run
        if (preset.boosts()) total += GENERATOR_SECONDS + boost().seconds() + tail;
        if (preset.calibrates()) {
            total += GENERATOR_SECONDS + calibration().seconds() + tail;
            if (preset.boostedCalibration()) total += GENERATOR_SECONDS + calibrationAt(CALIBRATION_RATE).seconds() + tail;
        }
        return total;
    }

    /**
     * What is left before {@code next} (its index in {@link #targets()}), {@code elapsed} seconds in:
     * the plan's estimate of the targets still to run, scaled by how the ones done compared with
     * theirs (the estimate runs short on a slow machine or in small pods); before the first, the estimate.
     */
    public double secondsLeft(int next, double elapsed) {
        double done = targets.subList(0, next).stream().mapToDouble(this::estimateSeconds).sum();
        double left = targets.subList(next, targets.size()).stream().mapToDouble(this::estimateSeconds).sum();
        return done <= 0 ? estimateSeconds() : left * elapsed / done;
    }

    /** Measured here (smoke runs): a server JVM starts and stops in about 2.5 s; a Gatling run adds ≈ 3 s (JVM, engine, report). */
    static final double SERVER_SECONDS = 2.5;
    static final double GENERATOR_SECONDS = 3;
    static final double GENERATOR_WARMUP = 2;
    /** A downstream JVM or a PostgreSQL cluster, started and stopped beside a server (as the ab plan counts it). */
    static final double SERVICE_SECONDS = 3;

    public String describe() {
        String cells = String.format(Locale.ROOT, "%d targets (scenario, workload%s), %d sweep cells × %d trials",
                running().size(), preset.variants().size() > 1 ? ", server variant" : "", cellCount() / Math.max(1, trials), trials);
        if (preset.calibrates()) cells += ", each target calibrated first";
        else if (preset.boosts()) cells += ", each pod boosted first";
        if (preset.requestTimeout() != null) cells += "; clients time out at " + Durations.format(preset.requestTimeout());
        return preset.spikes() ? cells + String.format(Locale.ROOT, " + %d spikes × %d trials", running().size(), trials) : cells + ", no spike";
    }
}
