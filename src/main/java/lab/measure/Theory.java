package lab.measure;

import java.time.Duration;
import lab.config.Shape;
import lab.config.WorkKind;

/**
 * Little's law, the lab's one source of it: with at most k requests in flight, each taking T,
 * throughput ≤ k / T. The client keeps c in flight, so k is really min(c, k). Busy work also needs
 * a core: ≤ cores / T. The banner, the ab comparison's theory and the load plan's knee all come
 * from {@link #ceiling}.
 *
 * <p>Several calls per request ({@link Shape}), each of cost T: a chain of N takes N·T, a fan-out
 * T. Either way a request holds N·T of connection (or fork-thread) time, so throughput ≤ R / (N·T)
 * for each such resource R; a fan-out also needs N of them at once, so at most ⌊R / N⌋ requests are
 * in progress. {@link #inFlight(Shape, int, int)} and {@link #latency} say so; {@link #ceiling} of
 * that k over that latency is the same law.
 */
public final class Theory {

    /** k of a server (or c of a client, or a pool) with no limit: a thread or a timer per request. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private Theory() {}

    /**
     * The CPU a server JVM has, as it sees it: the processors it counts ({@code availableProcessors},
     * inside a pod the quota rounded up) and the CPU it gets per second (a pod's {@code cpus}; NaN
     * without a quota). The harnesses run outside the server's pod, so they must not use their own
     * processor count: this is the one place that says how both bound CPU work.
     */
    public record Cpu(int processors, double quota) {

        /** A server with {@code processors} cores and no quota: the machine (or its pinned cores). */
        public static Cpu cores(int processors) {
            return new Cpu(processors, Double.NaN);
        }

        public boolean hasQuota() {
            return !Double.isNaN(quota);
        }

        /** E.g. {@code the theory uses the server JVM's 1 processor(s), CPU work at most 0.5 CPU / T}. */
        public String describe() {
            String cpus = hasQuota() ? String.format(java.util.Locale.ROOT, ", CPU work at most %s CPU / T", plain(quota)) : "";
            return "the theory uses the server JVM's " + processors + " processor(s)" + cpus;
        }

        private static String plain(double v) {
            String s = String.format(java.util.Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
    }

    /**
     * The ceiling in req/s: min(c, k) / T, for busy work at most cores / T; NaN for zero cost (set by
     * the stack's own overhead, not by a formula), infinite when neither c nor k bounds it.
     */
    public static double ceiling(WorkKind work, Duration cost, int capacity, int concurrency, int cores) {
        if (cost.isZero()) return Double.NaN;
        int k = inFlight(work, capacity, concurrency, cores);
        return k == UNBOUNDED ? Double.POSITIVE_INFINITY : k / (cost.toNanos() / 1e9);
    }

    /**
     * {@link #ceiling(WorkKind, Duration, int, int, int)} on the server's CPU: busy work at most
     * processors / T and, under a quota, at most cpus / T ({@link #cpuQuotaCeiling}); a 1.5-CPU pod
     * counts 2 processors but gets 1.5 CPU a second, so the quota decides.
     */
    public static double ceiling(WorkKind work, Duration cost, int capacity, int concurrency, Cpu cpu) {
        return underQuota(work, cost, cpu, ceiling(work, cost, capacity, concurrency, cpu.processors()));
    }

    /** {@code ceiling}, and for CPU work under a quota no more than cpus / T. */
    private static double underQuota(WorkKind work, Duration cost, Cpu cpu, double ceiling) {
        if (work != WorkKind.CPU || !cpu.hasQuota() || Double.isNaN(ceiling)) return ceiling;
        return Math.min(ceiling, cpuQuotaCeiling(cpu.quota(), cost));
    }

    /**
     * Requests that can be worked on at once: min(c, k), and no more than the cores for CPU work;
     * {@link #UNBOUNDED} when nothing bounds it.
     */
    public static int inFlight(WorkKind work, int capacity, int concurrency, int cores) {
        int inFlight = Math.min(concurrency, capacity);
        return work == WorkKind.CPU ? Math.min(inFlight, cores) : inFlight;
    }

    /**
     * Busy work under a CPU quota (a pod's {@code cpus}, a fraction of a core): at most cpus / T,
     * whatever the model, since no thread can burn more CPU than the quota grants; NaN at zero cost.
     */
    public static double cpuQuotaCeiling(double cpus, Duration cost) {
        return cost.isZero() ? Double.NaN : cpus / (cost.toNanos() / 1e9);
    }

    /** The pod's CPU as a line: {@code fixedCores} at no load, {@code perRequest} more per request per second. */
    public record CpuLine(double fixedCores, Duration perRequest) {}

    /**
     * The line through two readings (answered req/s, cores in use) at two rates; where the second rate's
     * reading is not above the first (noise, or a saturated pod), no line: the second reading's CPU per
     * request with no fixed part, the old single-point estimate, which errs low.
     */
    public static CpuLine cpuLine(double rate1, double cores1, double rate2, double cores2) {
        double slope = rate2 > rate1 ? (cores2 - cores1) / (rate2 - rate1) : Double.NaN;
        if (!(slope > 0)) return new CpuLine(0, Duration.ofNanos(Math.round(cores2 / rate2 * 1e9)));
        return new CpuLine(Math.max(0, cores1 - slope * rate1), Duration.ofNanos(Math.round(slope * 1e9)));
    }

    /**
     * A pod's predicted knee and what sets it: {@code cpu} when the quota runs out first (cpus / CPU per
     * request), {@code k} when the model's k / T is lower.
     */
    public record PodKnee(double rps, String bound) {}

    /**
     * The knee of a server in a pod of {@code cpus}, from the CPU one request costs it as measured at
     * low load (the cgroup's CPU over the answered requests): cpus / that, and no more than k / T where
     * the model has a k ({@code platform-threads}' threads, {@code reactive-elastic}'s pool). NaN when
     * neither bounds it (no CPU measured, unbounded k).
     */
    public static PodKnee podKnee(double cpus, Duration cpuPerRequest, int capacity, Duration latency) {
        return podKnee(cpus, 0, cpuPerRequest, capacity, latency);
    }

    /**
     * {@link #podKnee(double, Duration, int, Duration)} with the pod's CPU as a line, c(r) = fixed + r ×
     * per request: a JVM burns {@code fixedCores} whatever its load (JIT, GC, its flight recorder, timers),
     * and the knee is where the line meets the quota, (cpus − fixed) / per request. With fixed 0 a
     * low-rate reading charges the fixed part to each request and predicts low (the pod preset's first
     * run: about half the knee). Two readings at two rates give the line ({@link #cpuLine}).
     */
    public static PodKnee podKnee(double cpus, double fixedCores, Duration cpuPerRequest, int capacity, Duration latency) {
        double spare = cpus - Math.max(0, fixedCores);
        double byCpu = cpuPerRequest.isZero() || cpuPerRequest.isNegative() || spare <= 0 ? Double.NaN
                : spare / (cpuPerRequest.toNanos() / 1e9);
        double byK = capacity == UNBOUNDED || latency.isZero() ? Double.NaN : capacity / (latency.toNanos() / 1e9);
        if (Double.isNaN(byCpu)) return new PodKnee(byK, Double.isNaN(byK) ? "none" : "k");
        return !Double.isNaN(byK) && byK < byCpu ? new PodKnee(byK, "k") : new PodKnee(byCpu, "cpu");
    }

    /**
     * What a perfect server can show under ab's own schedule in a count-limited run ({@code -n N}):
     * ab 2.3 sends its first request alone and opens the other c − 1 connections only when that
     * one is answered, so N requests take at least T + ⌈(N − 1) / min(c, k)⌉ × T. NaN for
     * time-limited cells (there the lone first request costs one T of the whole run) and zero cost.
     */
    public static double abScheduleCeiling(WorkKind work, Duration cost, int capacity, int concurrency, int cores,
                                           int requests) {
        if (cost.isZero() || requests < 1) return Double.NaN;
        double seconds = cost.toNanos() / 1e9;
        double waves = 1 + Math.ceil((requests - 1) / (double) inFlight(work, capacity, concurrency, cores));
        return requests / (waves * seconds);
    }

    /**
     * The ceiling over a cell of {@code seconds} on a server that reads each request head on one of
     * its k threads, with S clients that send half a head first and wait: they hold min(k, S)
     * threads until the header timeout H cuts them off, then the next min(k, S − k) hold theirs for
     * another H, and so on. Capacity during wave i is k − min(k, max(0, S − i·k)) — max(0, k − S)
     * at first — and the ceiling is its time average, times min(c, ·)/T as usual.
     */
    public static double stalledCeiling(WorkKind work, Duration cost, int capacity, int concurrency, Cpu cpu, int stalled,
                                        Duration headerTimeout, int seconds) {
        return underQuota(work, cost, cpu, stalledCeiling(work, cost, capacity, concurrency, cpu.processors(), stalled,
                headerTimeout, seconds));
    }

    /** {@link #stalledCeiling(WorkKind, Duration, int, int, Cpu, int, Duration, int)} on {@code cores} without a quota. */
    public static double stalledCeiling(WorkKind work, Duration cost, int capacity, int concurrency, int cores, int stalled,
                                 Duration headerTimeout, int seconds) {
        if (cost.isZero() || capacity == UNBOUNDED || seconds <= 0) {
            return ceiling(work, cost, capacity, concurrency, cores);
        }
        double h = headerTimeout.toNanos() / 1e9;
        double weighted = 0;
        for (int wave = 0; wave * h < seconds; wave++) {
            int held = Math.min(capacity, Math.max(0, stalled - wave * capacity));
            double span = Math.min(h, seconds - wave * h);
            weighted += inFlight(work, capacity - held, concurrency, cores) * span;
        }
        return weighted / seconds / (cost.toNanos() / 1e9);
    }

    /**
     * Requests in progress at once under {@code shape}: min(k, ⌊R / N⌋) where R is what each call holds
     * (the client pool's connections, the threads a fan-out forks on) and N the calls one request holds
     * at the same moment (N for a fan-out, 1 otherwise). At least 1: a fan-out wider than R still runs,
     * in waves ({@link #latency}).
     */
    public static int inFlight(Shape shape, int capacity, int perCall) {
        if (perCall == UNBOUNDED) return capacity;
        return Math.min(capacity, Math.max(1, perCall / shape.atOnce()));
    }

    /**
     * How long one request takes on an idle server: N·T for a chain, T for a fan-out whose N calls find
     * N of R free at once, ⌈N / R⌉·T for one wider than R (its calls run in waves).
     */
    public static Duration latency(Shape shape, Duration cost, int perCall) {
        int waves = switch (shape.kind()) {
            case SINGLE -> 1;
            case CHAIN -> shape.calls();
            case FANOUT -> (shape.calls() + Math.min(shape.calls(), perCall) - 1) / Math.min(shape.calls(), perCall);
        };
        return cost.multipliedBy(waves);
    }

    /** measured / theory, or NaN when either is unknown. */
    public static double efficiency(double measured, double theory) {
        return Double.isNaN(measured) || Double.isNaN(theory) || theory == 0 ? Double.NaN : measured / theory;
    }
}
