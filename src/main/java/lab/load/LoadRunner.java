package lab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lab.config.Options;
import lab.config.WorkKind;
import lab.launch.ServerProcess;
import lab.measure.JfrReader;
import lab.measure.Numbers;
import lab.measure.ProcSampler;
import lab.measure.Theory;
import lab.setup.FarSide;
import lab.work.http.StatsLine;

/**
 * Runs a load plan: per scenario and workload a fresh server JVM on a free port (or the given
 * target), pinned to its core, with a flight recording; per trial the sweep, then the spike, each
 * one generator run; then SIGTERM, a check that the server is gone, and its recording read per
 * sweep step (GC pauses, allocation, pinned virtual threads). One progress line per cell and per spike.
 */
public final class LoadRunner {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    /** Everything a run measured. */
    public record Results(List<StepResult> steps, List<SpikeResult> spikes) {}

    private final GatlingRun generator;
    private final Pinning pinning;
    private final Optional<URI> target;
    private final Path workDir;
    private final PrintStream out;
    /**
     * Each server JVM in a pod of these limits (Gatling, the downstream and PostgreSQL outside; the
     * pinning kept). GatlingRun reads the pod at each measured step's start and end, so every
     * StepResult has its share and LoadCsv its columns; LoadTables does not show them yet.
     */
    private final Optional<lab.pod.PodLimits> pod;
    private int cell;

    public LoadRunner(GatlingRun generator, Pinning pinning, Optional<URI> target, Path workDir, PrintStream out) {
        this(generator, pinning, target, workDir, out, Optional.empty());
    }

    public LoadRunner(GatlingRun generator, Pinning pinning, Optional<URI> target, Path workDir, PrintStream out,
                      Optional<lab.pod.PodLimits> pod) {
        this.generator = generator;
        this.pinning = pinning;
        this.target = target;
        this.workDir = workDir;
        this.out = out;
        this.pod = pod;
    }

    public Results run(LoadPlan plan) throws IOException, InterruptedException {
        List<StepResult> steps = new ArrayList<>();
        List<SpikeResult> spikes = new ArrayList<>();
        long start = System.nanoTime();
        List<LoadPlan.Target> targets = plan.targets();
        int running = plan.running().size();   // a skipped target (no knee under shed) is not counted
        for (int i = 0, n = 0; i < targets.size(); i++) {
            LoadPlan.Target t = targets.get(i);
            if (running > 1 && t.skip() == null) {
                double left = plan.secondsLeft(i, (System.nanoTime() - start) / 1e9);
                out.printf(Locale.ROOT, "target %d of %d: %s %s (about %s left)%n", ++n, running, t.describe(),
                        t.workload().describe(), lab.results.Harness.minutes(left));
            }
            // http/db work: the downstream or PostgreSQL beside the server (FarSide), not for a target we did not start
            try (FarSide farSide = t.skip() == null && target.isEmpty() ? FarSide.start(t.options(), t.scenario().workForm())
                    : FarSide.none()) {
                runTarget(plan, t, farSide.serverArgs(), farSide::counters, steps, spikes);
            }
        }
        return new Results(steps, spikes);
    }

    /** A workload's own pod size replaces the cpus of -Dcpus (its memory and period kept); else the harness's pod. */
    private Optional<lab.pod.PodLimits> podFor(LoadWorkload w) {
        if (!w.hasPod()) return pod;
        return Optional.of(new lab.pod.PodLimits(Optional.of(w.cpus()), pod.flatMap(lab.pod.PodLimits::memory),
                pod.map(lab.pod.PodLimits::period).orElseGet(() -> lab.config.Options.of(Map.of()).cpuPeriod())));
    }

    private void runTarget(LoadPlan plan, LoadPlan.Target t, List<String> extra,
                           java.util.function.Supplier<Optional<StatsLine>> downstream, List<StepResult> steps,
                           List<SpikeResult> spikes) throws IOException, InterruptedException {
        {
            if (t.skip() != null) {
                out.printf(Locale.ROOT, "   %s %s: skipped: %s%n", t.scenario().name(), t.workload().describe(), t.skip());
                return;
            }
            if (target.isPresent()) {
                if (t.queueLimit() >= 0) {
                    out.printf(Locale.ROOT, "   %s: this preset assumes the server runs with -DqueueLimit=%d%n",
                            t.scenario().name(), t.queueLimit());
                }
                measure(plan, t, target.get().resolve(t.workload().path()).toString(), Optional.empty(), Optional::empty,
                        Optional::empty, steps, spikes, new Recording());
                return;
            }
            Path jfr = Files.createDirectories(workDir.resolve(t.key())).resolve("server.jfr");
            int first = steps.size();
            Recording windows = new Recording();
            List<String> args = new ArrayList<>(t.serverArgs());
            args.addAll(extra);
            List<String> flags = new ArrayList<>(List.of(JfrReader.flag(jfr)));
            flags.addAll(t.jvmFlags());
            ServerProcess server = ServerProcess.start(podFor(t.workload()), flags, args.toArray(String[]::new));
            try {
                pinning.pinServer(server.pid());
                String url = "http://127.0.0.1:" + server.port() + t.workload().path();
                boolean boosted = plan.preset().boosts() && boost(plan, t, url, server);
                LoadPlan.Target swept = plan.preset().calibrates() ? calibrate(plan, t, url, server, boosted) : t;
                measure(plan, swept, url, Optional.of(server.pid()), server::readings, downstream, steps, spikes, windows);
            } finally {
                ServerProcess.Stopped stopped = server.stop(STOP_TIMEOUT);
                if (!stopped.survivors().isEmpty()) {
                    throw new IllegalStateException("server " + t.scenario().name() + " (pid " + server.pid()
                            + ") or its children are still alive after SIGKILL: " + stopped.survivors());
                }
            }
            JfrReader.readAfterExit(jfr, windows.all(), out).ifPresent(stats -> {
                List<Integer> at = List.copyOf(windows.steps().keySet());
                for (int i = 0; i < at.size(); i++) steps.set(at.get(i), steps.get(at.get(i)).withJfr(stats.get(i)));
                int next = at.size();
                for (Map.Entry<Integer, List<JfrReader.Window>> e : windows.spikes().entrySet()) {
                    int n = e.getValue().size();
                    spikes.set(e.getKey(), spikes.get(e.getKey()).withJfr(stats.subList(next, next + n)));
                    next += n;
                }
                out.println("   jfr (" + workDir.relativize(jfr) + "): " + (steps.size() - first) + " steps"
                        + (windows.spikes().isEmpty() ? "" : ", " + windows.spikes().size() + " spikes"));
            });
        }
    }

    /**
     * The {@code pod-warm} preset's calibration (a preset without {@code boostedCalibration} gets
     * {@link #calibrateByOneReading}): after the startup CPU boost ({@link #boost}), the pod's CPU (its cgroup) at two low rates, the second where the
     * first alone would put the knee; the line through them ({@link Theory#cpuLine}: the JVM's fixed
     * cores and the CPU of one more request) meets the quota at the knee ({@link Theory#podKnee}, capped
     * by k/T); the sweep is then the preset's percentages of it. Without a reading the planned target is swept.
     */
    private LoadPlan.Target calibrate(LoadPlan plan, LoadPlan.Target t, String url, ServerProcess server, boolean boosted)
            throws IOException, InterruptedException {
        Path dir = workDir.resolve(t.key());
        if (!plan.preset().boostedCalibration()) return calibrateByOneReading(plan, t, url, dir, server);
        Optional<Reading> first = reading(plan.calibration(), url, dir.resolve("calibration"), server);
        if (first.isEmpty()) return uncalibrated(t);
        double cpus = t.workload().cpus();
        // where the first reading alone puts the knee (the quota over its CPU per request: errs low)
        double singlePoint = Theory.podKnee(cpus, first.get().perRequest(), Theory.UNBOUNDED, t.workload().cost()).rps();
        Optional<Reading> second = reading(plan.calibrationAt(plan.secondCalibrationRate(singlePoint)), url,
                dir.resolve("calibration-2"), server);
        if (second.isEmpty()) return uncalibrated(t);
        Reading a = first.get();
        Reading b = second.get();
        Theory.CpuLine line = Theory.cpuLine(a.rate(), a.cores(), b.rate(), b.cores());
        Theory.PodKnee knee = Theory.podKnee(cpus, line.fixedCores(), line.perRequest(), t.capacity(), t.workload().cost());
        double cpuMs = line.perRequest().toNanos() / 1e6;
        out.printf(Locale.ROOT, "   calibration %-18s %-16s %s%s req/s: %s cores, %s req/s: %s cores → fixed %s cores + %s CPU ms/request"
                        + " → predicted knee %s req/s (bound: %s)%n", t.scenario().name(), t.workload().describe(),
                boosted ? String.format(Locale.ROOT, "after %s s at %s req/s boosted to %s CPU; ", Numbers.plain(LoadPlan.BOOST_SECONDS),
                        Numbers.rate(LoadPlan.BOOST_RATE), Numbers.plain(LoadPlan.BOOST_CPUS)) : "",
                Numbers.rate(a.rate()), Numbers.plain(a.cores()), Numbers.rate(b.rate()), Numbers.plain(b.cores()),
                Numbers.plain(line.fixedCores()), Numbers.plain(cpuMs), Numbers.rate(knee.rps()), knee.bound());
        out.flush();
        return plan.calibrated(t, knee, cpuMs);
    }

    /**
     * A pod's startup CPU boost ({@link LoadPlan#boost}): the pod at {@link LoadPlan#BOOST_CPUS} while the
     * generator drives the JIT through the request path, then its own quota. False if the pod is that big
     * already or its quota could not be raised (then nothing ran).
     */
    private boolean boost(LoadPlan plan, LoadPlan.Target t, String url, ServerProcess server) throws IOException, InterruptedException {
        if (t.workload().cpus() >= LoadPlan.BOOST_CPUS || !server.setPodCpus(Optional.of(LoadPlan.BOOST_CPUS))) return false;
        try {
            generator.run(plan.boost(), url, workDir.resolve(t.key()).resolve("boost"), Optional.of(server.pid()), server::readings);
        } finally {
            server.setPodCpus(Optional.empty());
        }
        if (!plan.preset().calibrates()) {
            out.printf(Locale.ROOT, "   boost %-18s %-16s %s s at %s req/s, the pod at %s CPU%n", t.scenario().name(),
                    t.workload().describe(), Numbers.plain(LoadPlan.BOOST_SECONDS), Numbers.rate(LoadPlan.BOOST_RATE),
                    Numbers.plain(LoadPlan.BOOST_CPUS));
            out.flush();
        }
        return true;
    }

    /**
     * The {@code pod} preset's calibration, as issue #18 prescribes it: one reading at a low rate, the
     * quota over its CPU per request (capped by k/T). It counts the JVM's fixed CPU (and a young JVM's JIT)
     * into each request, so it predicts low.
     */
    private LoadPlan.Target calibrateByOneReading(LoadPlan plan, LoadPlan.Target t, String url, Path dir, ServerProcess server)
            throws IOException, InterruptedException {
        Optional<Reading> r = reading(plan.calibration(), url, dir.resolve("calibration"), server);
        if (r.isEmpty()) return uncalibrated(t);
        double cpuMs = r.get().perRequest().toNanos() / 1e6;
        Theory.PodKnee knee = Theory.podKnee(t.workload().cpus(), r.get().perRequest(), t.capacity(), t.workload().cost());
        out.printf(Locale.ROOT, "   calibration %-18s %-16s %s req/s: %s CPU ms/request → predicted knee %s req/s (bound: %s)%n",
                t.scenario().name(), t.workload().describe(), Numbers.rate(r.get().rate()), Numbers.plain(cpuMs), Numbers.rate(knee.rps()),
                knee.bound());
        out.flush();
        return plan.calibrated(t, knee, cpuMs);
    }

    /** A calibration reading: answered req/s and the pod's cores in use. */
    private record Reading(double rate, double cores) {

        /** The pod's CPU per answered request at this rate, its fixed part included. */
        Duration perRequest() {
            return Duration.ofNanos(Math.round(cores / rate * 1e9));
        }
    }

    /** A calibration run's measured step (its second); empty without a pod reading or an answer. */
    private Optional<Reading> reading(Schedule schedule, String url, Path dir, ServerProcess server) throws IOException, InterruptedException {
        GatlingRun.Output o = generator.run(schedule, url, dir, Optional.of(server.pid()), server::readings);
        int measured = 1;
        StepStats st = StepStats.of(o.records(), measured);
        lab.pod.PodReadings r = o.pod().get(measured);
        if (r == null || st.ok() == 0) return Optional.empty();
        double seconds = schedule.steps().get(measured).seconds();
        return Optional.of(new Reading(st.ok() / seconds, r.cpuUsed().toNanos() / 1e9 / seconds));
    }

    private LoadPlan.Target uncalibrated(LoadPlan.Target t) {
        out.printf(Locale.ROOT, "   calibration %s %s: no pod reading; sweeping the planned rates%n", t.scenario().name(),
                t.workload().describe());
        return t;
    }

    /**
     * When each measured sweep step ran (by its index in the run's steps) and each spike's phases (by the
     * spike's index in its spikes): the windows the server's flight recording is read over once it exits.
     */
    private record Recording(Map<Integer, JfrReader.Window> steps, Map<Integer, List<JfrReader.Window>> spikes) {

        Recording() {
            this(new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        /** The steps' windows, then every spike's phases, in the order the stats come back and are given out. */
        List<JfrReader.Window> all() {
            List<JfrReader.Window> all = new ArrayList<>(steps.values());
            spikes.values().forEach(all::addAll);
            return all;
        }
    }

    /** The trials of one target; {@code windows} gets each measured step's and spike phase's wall-clock window. */
    private void measure(LoadPlan plan, LoadPlan.Target t, String url, Optional<Long> serverPid,
                         java.util.function.Supplier<Optional<lab.pod.PodReadings>> pod,
                         java.util.function.Supplier<Optional<StatsLine>> downstream, List<StepResult> steps,
                         List<SpikeResult> spikes, Recording windows) throws IOException, InterruptedException {
        GatlingRun generator = plan.preset().requestTimeout() == null ? this.generator
                : this.generator.withRequestTimeout(plan.preset().requestTimeout());
        if (!plan.preset().spikes()) {
            sweepTrials(plan, t, url, serverPid, pod, downstream, generator, steps, windows.steps());
            return;
        }
        for (int trial = 1; trial <= plan.trials(); trial++) {
            Path dir = workDir.resolve(t.key()).resolve("trial-" + trial);
            Schedule sweep = plan.sweep(t);
            GatlingRun.Output o = generator.run(sweep, url, dir.resolve("sweep"), serverPid, pod, downstream);
            for (int i = 0; i < sweep.steps().size(); i++) {
                if (sweep.steps().get(i).measured()) add(plan, t, trial, sweep, o, i, generator, steps, windows.steps());
            }
            if (!plan.preset().spikes()) continue;
            Schedule spikeSchedule = plan.spike(t);
            GatlingRun.Output s = generator.run(spikeSchedule, url, dir.resolve("spike"), serverPid);
            List<StepStats> phases = new ArrayList<>();
            List<JfrReader.Window> phaseWindows = new ArrayList<>();
            String bound = null;
            for (int i = 0; i < spikeSchedule.steps().size(); i++) {
                Schedule.Step step = spikeSchedule.steps().get(i);
                if (!step.measured()) continue;
                StepStats st = StepStats.of(s.records(), i);
                phases.add(st);
                s.window(spikeSchedule, i).ifPresent(phaseWindows::add);
                String why = ClientBound.reason(st, step.seconds(), cores(s.client().get(i), step.seconds()), pinning.clientCores());
                if (why != null && bound == null) bound = step.label() + " " + why;
            }
            SpikeResult r = new SpikeResult(t, trial, Timeline.of(s.records()), phases, bound);
            // a spike's phases are read from the recording only all together (or, if the run never started, not at all)
            if (serverPid.isPresent() && phaseWindows.size() == phases.size()) windows.spikes().put(spikes.size(), phaseWindows);
            spikes.add(r);
            out.println(spikeLine(t, r));
            out.flush();
        }
    }

    /** Every trial's sweep in one generator run ({@link LoadPlan#trialSweeps}): a preset without a spike. */
    private void sweepTrials(LoadPlan plan, LoadPlan.Target t, String url, Optional<Long> serverPid,
                             java.util.function.Supplier<Optional<lab.pod.PodReadings>> pod,
                             java.util.function.Supplier<Optional<StatsLine>> downstream, GatlingRun generator,
                             List<StepResult> steps, Map<Integer, JfrReader.Window> windows) throws IOException, InterruptedException {
        Schedule all = plan.trialSweeps(t);
        int perTrial = plan.sweep(t).steps().size();
        GatlingRun.Output o = generator.run(all, url, workDir.resolve(t.key()).resolve("trials"), serverPid, pod, downstream);
        for (int i = 0; i < all.steps().size(); i++) {
            if (!all.steps().get(i).measured()) continue;
            add(plan, t, 1 + i / perTrial, all, o, i, generator, steps, windows);
        }
        out.flush();
    }

    /** Step {@code i} of a generator run as a result: its stats, the server's, client's and pod's use, the downstream's waste, patience. */
    private void add(LoadPlan plan, LoadPlan.Target t, int trial, Schedule schedule, GatlingRun.Output o, int i, GatlingRun generator,
                     List<StepResult> steps, Map<Integer, JfrReader.Window> windows) {
        Schedule.Step step = schedule.steps().get(i);
        StepResult r = StepResult.of(t, trial, StepStats.of(o.records(), i), step.seconds(),
                o.server().get(i), o.client().get(i), pinning.clientCores());
        if (o.pod().containsKey(i)) r = r.withPod(o.pod().get(i));
        if (o.downstream().containsKey(i)) r = r.withWasted(o.downstream().get(i));
        if (plan.preset().requestTimeout() != null) {
            r = r.withPatience(StepResult.Patience.of(o.records(), i, step.seconds(), generator.requestTimeoutMs()));
        }
        int index = steps.size();
        o.window(schedule, i).ifPresent(w -> windows.put(index, w));
        steps.add(r);
        out.println(progress(plan, t, r));
    }

    private static double cores(ProcSampler.Usage u, double seconds) {
        return StepResult.cores(u, seconds);
    }

    /** {@code [3/36] sync  sleep 100ms  trial 1/3  80% (8 req/s): 8 req/s  p99 104 ms  503s 0  errors 0}. */
    private String progress(LoadPlan plan, LoadPlan.Target t, StepResult r) {
        StepStats s = r.stats();
        String line = String.format(Locale.ROOT, "[%d/%d] %-18s %-12s trial %d/%d  %5s = %6s req/s: achieved %6s  p50 %s  p99 %s ms"
                        + "  503s %d  errors %d  server %s cores  client %s cores",
                ++cell, plan.cellCount(), t.describe(), t.workload().describe(), r.trial(), plan.trials(), s.label(),
                Numbers.rate(s.offered()), Numbers.rate(s.achieved()), Numbers.plain(s.p50()), Numbers.plain(s.p99()),
                s.unavailable(), s.errors(), Numbers.plain(r.serverCores()), Numbers.plain(r.clientCores()));
        if (t.calibrated()) line += String.format(Locale.ROOT, "  (predicted knee %s req/s, %s-bound)", Numbers.rate(t.knee()), t.kneeBound());
        if (r.patience() != null) {
            // the answered ones' p99 is the stats' p99 over its ok count: name the count, few answers make a thin p99
            line += String.format(Locale.ROOT, "  goodput %s req/s  timeouts %d  (p99 of %d answered)",
                    Numbers.rate(r.patience().goodput()), r.patience().timeouts(), s.ok());
        }
        if (r.wasted() != null) {
            String farSide = t.workload().work() == WorkKind.DB ? "database" : "downstream";
            line += String.format(Locale.ROOT, "  %s: %s calls for nobody, %d cut short, %s ms wasted", farSide,
                    Numbers.plain(r.callsForNobody()), r.wasted().departed(), Numbers.plain(r.wastedDownstreamMs()));
        }
        return r.clientBound() == null ? line : line + "  [" + r.clientBound() + "]";
    }

    private static String spikeLine(LoadPlan.Target t, SpikeResult r) {
        StepStats spike = r.phase("spike");
        String recovery = r.timeline().recoveryText();
        String line = String.format(Locale.ROOT, "   spike %-18s %-12s trial %d: %s → %s req/s  p99 before %s, during %s ms"
                        + "  503s %d  recovered %s",
                t.scenario().name(), t.workload().describe(), r.trial(), Numbers.rate(r.phase("before").offered()),
                Numbers.rate(spike.offered()), Numbers.plain(r.phase("before").p99()), Numbers.plain(spike.p99()),
                spike.unavailable() + r.phase("after").unavailable(), recovery);
        return r.clientBound() == null ? line : line + "  [" + r.clientBound() + "]";
    }
}
