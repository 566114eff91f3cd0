package lab.compare;

import java.time.Duration;
import java.util.List;
import lab.config.Durations;
import lab.config.WorkKind;

/**
 * One kind of load in a preset: what each request costs, the client concurrencies to try, and how
 * long each cell lasts. {@code unboundedOnly} concurrencies are tried only on scenarios with room
 * for that many in flight (10,000 connections say nothing new about a pool of 20 threads).
 *
 * @param seconds  time limit of each cell (ab's {@code -t}); 0 = count-limited by {@code requests}
 * @param requests ab's {@code -n}: the request count, or the cap that keeps ab's stats array small
 */
public record Workload(WorkKind work, Duration cost, List<Integer> concurrencies, List<Integer> unboundedOnly,
                       boolean keepAlive, int seconds, int requests) {

    public static Workload timed(WorkKind work, Duration cost, List<Integer> concurrencies, int seconds) {
        return new Workload(work, cost, concurrencies, List.of(), false, seconds, 1_000_000);
    }

    public Workload keepAliveOn() {
        return new Workload(work, cost, concurrencies, unboundedOnly, true, seconds, requests);
    }

    public Workload alsoForUnbounded(List<Integer> more) {
        return new Workload(work, cost, concurrencies, more, keepAlive, seconds, requests);
    }

    public boolean zeroCost() {
        return cost.isZero();
    }

    /** File-name and chart key: {@code sleep-100ms}, {@code cpu-10ms}, {@code zero-k}. */
    public String key() {
        String base = zeroCost() ? "zero" : label(work) + "-" + Durations.format(cost);
        return keepAlive ? base + "-k" : base;
    }

    /** What the progress line and tables show: {@code sleep 100ms}, {@code zero cost -k}. */
    public String describe() {
        String base = zeroCost() ? "zero cost" : label(work) + " " + Durations.format(cost);
        return keepAlive ? base + " -k" : base;
    }

    static String label(WorkKind work) {
        return work.name().toLowerCase(java.util.Locale.ROOT);
    }
}
