package lab.load;

import lab.measure.JfrStats;
import lab.measure.ProcSampler;
import lab.pod.PodReadings;
import lab.work.http.StatsLine;


/**
 * One sweep cell of one trial: a scenario under a workload at one offered rate. Server usage is
 * absent against a remote target. {@code clientBound} says why the generator, not the server, set
 * the numbers (null when it kept the schedule). {@code jfr} is what the server's flight recorder saw
 * during the step (null until the server has exited and its recording is read, and against a
 * remote target). {@code pod} is what the server's pod (-Dcpus/-Dmemory) counted during the step,
 * null without one. {@code patience} is what impatient clients got (null when the clients waited
 * the generator's default 30 s). {@code wasted} is what the downstream's {@code /stats} counted during
 * the step (the calls it answered, those whose caller left and their time), null where the harness
 * started no downstream.
 */
public record StepResult(LoadPlan.Target target, int trial, StepStats stats, double seconds,
                         ProcSampler.Usage server, ProcSampler.Usage client, int clientCoreCount, String clientBound,
                         JfrStats jfr, PodReadings pod, Patience patience, StatsLine wasted) {

    /**
     * A step of clients that time out: {@code goodput} is the 200s answered within the timeout of
     * their intended send time, per second of the step; {@code timeouts} the requests the generator
     * gave up on (no answer, and as long as the timeout); the answered ones' p99 and count are the stats'.
     */
    public record Patience(double timeoutMs, double goodput, long timeouts) {

        /** A request with no status that took ≥ 95 % of the timeout: Gatling's timeout, not a refused or reset connection. */
        public static Patience of(Records records, int stepIndex, double seconds, double timeoutMs) {
            long good = 0;
            long timeouts = 0;
            for (Records.Placed p : records.step(stepIndex)) {
                Records.Request r = p.request();
                if (r.status() == 200 && p.latencyMs() <= timeoutMs) good++;
                if (r.status() == 0 && (r.endUs() - r.startUs()) / 1000.0 >= 0.95 * timeoutMs) timeouts++;
            }
            return new Patience(timeoutMs, good / seconds, timeouts);
        }
    }

    public StepResult(LoadPlan.Target target, int trial, StepStats stats, double seconds, ProcSampler.Usage server,
                      ProcSampler.Usage client, int clientCoreCount, String clientBound, JfrStats jfr, PodReadings pod) {
        this(target, trial, stats, seconds, server, client, clientCoreCount, clientBound, jfr, pod, null, null);
    }

    public StepResult(LoadPlan.Target target, int trial, StepStats stats, double seconds, ProcSampler.Usage server,
                      ProcSampler.Usage client, int clientCoreCount, String clientBound, JfrStats jfr) {
        this(target, trial, stats, seconds, server, client, clientCoreCount, clientBound, jfr, null, null, null);
    }

    public static StepResult of(LoadPlan.Target target, int trial, StepStats stats, double seconds,
                                ProcSampler.Usage server, ProcSampler.Usage client, int clientCores) {
        double clientCpu = cores(client, seconds);
        return new StepResult(target, trial, stats, seconds, server, client, clientCores,
                ClientBound.reason(stats, seconds, clientCpu, clientCores), null);
    }

    public StepResult withJfr(JfrStats stats) {
        return new StepResult(target, trial, this.stats, seconds, server, client, clientCoreCount, clientBound, stats, pod, patience, wasted);
    }

    public StepResult withPod(PodReadings readings) {
        return new StepResult(target, trial, stats, seconds, server, client, clientCoreCount, clientBound, jfr, readings, patience, wasted);
    }

    public StepResult withPatience(Patience p) {
        return new StepResult(target, trial, stats, seconds, server, client, clientCoreCount, clientBound, jfr, pod, p, wasted);
    }

    public StepResult withWasted(StatsLine w) {
        return new StepResult(target, trial, stats, seconds, server, client, clientCoreCount, clientBound, jfr, pod, patience, w);
    }

    /**
     * Downstream calls the step paid for and nobody read: the calls the downstream answered minus the
     * answers clients received in time (each needs one call). A stack that does not notice a departed
     * client, or a late answer, shows here; the downstream cannot see these itself, its caller (the
     * server) is still there. NaN where the served count was not read. Counted by the wall clock
     * (calls) against the step's arrivals (answers): a few either way at the step's edges.
     */
    public double callsForNobody() {
        return wasted == null || wasted.served() < 0 ? Double.NaN : waste().forNobody();
    }

    /** The downstream's time for nobody ({@link StatsLine#wasted}); only the cut-short calls' in files from before the served count. */
    public double wastedDownstreamMs() {
        if (wasted == null) return Double.NaN;
        return wasted.served() < 0 ? wasted.departedMs() : waste().ms();
    }

    private StatsLine.Wasted waste() {
        long inTime = patience != null ? Math.round(patience.goodput() * seconds) : stats.ok();
        return wasted.wasted(inTime, 1, target.workload().cost());   // the load presets' shape is single: one call per answer
    }

    /** CPU ms the pod's cgroup counted per answered request (200s) in the step; NaN without a pod. */
    public double podCpuMsPerRequest() {
        return pod == null || stats.ok() == 0 ? Double.NaN : pod.cpuUsed().toNanos() / 1e6 / stats.ok();
    }

    /** The pod's CPU over the step's wall time, in cores (at most its cpus); NaN without a pod. */
    public double podCores() {
        return pod == null || seconds <= 0 ? Double.NaN : pod.cpuUsed().toNanos() / 1e9 / seconds;
    }

    /** Share of the step's CFS periods in which the quota ran out; NaN without a pod or a CPU limit. */
    public double throttledShare() {
        return pod == null || pod.periods() == 0 ? Double.NaN : pod.throttledShare();
    }

    /** Cores in use on average over the step: CPU time / wall time; NaN if not sampled. */
    static double cores(ProcSampler.Usage u, double seconds) {
        return u == null ? Double.NaN : u.cpu().toNanos() / 1e9 / seconds;
    }

    public double serverCores() {
        return cores(server, seconds);
    }

    public double clientCores() {
        return cores(client, seconds);
    }

    public double serverThreads() {
        return server == null ? Double.NaN : server.peakThreads();
    }
}
