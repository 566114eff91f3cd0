package lab.compare;

import java.time.Duration;
import lab.config.WorkKind;
import lab.scenarios.Scenario;

/**
 * Little's law: with at most k requests in flight, each taking T, throughput ≤ k / T. The client
 * keeps c in flight, so k is really min(c, k). Busy work also needs a core: ≤ cores / T.
 */
public final class Theory {

    private Theory() {}

    /** The ceiling in req/s, or NaN for zero cost (set by the stack's own overhead, not by a formula). */
    public static double ceiling(WorkKind work, Duration cost, int capacity, int concurrency, int cores) {
        if (cost.isZero()) return Double.NaN;
        return inFlight(work, capacity, concurrency, cores) / (cost.toNanos() / 1e9);
    }

    /** Requests that can be worked on at once: min(c, k), and no more than the cores for CPU work. */
    static long inFlight(WorkKind work, int capacity, int concurrency, int cores) {
        long inFlight = capacity == Scenario.UNBOUNDED ? concurrency : Math.min(concurrency, capacity);
        return work == WorkKind.CPU ? Math.min(inFlight, cores) : inFlight;
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

    public static double ceiling(Cell cell, int cores) {
        Workload w = cell.workload();
        return ceiling(w.work(), w.cost(), cell.capacity(), cell.concurrency(), cores);
    }

    /** measured / theory, or NaN when either is unknown. */
    public static double efficiency(double measured, double theory) {
        return Double.isNaN(measured) || Double.isNaN(theory) || theory == 0 ? Double.NaN : measured / theory;
    }
}
