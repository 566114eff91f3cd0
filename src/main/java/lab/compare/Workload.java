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
 * @param stalledClients connections that send half a request head and wait, opened before ab starts ({@link StalledClients})
 * @param liveHeap   read the server's live heap per in-flight request during the cell ({@link HeapPerRequest})
 */
public record Workload(WorkKind work, Duration cost, List<Integer> concurrencies, List<Integer> unboundedOnly,
                       boolean keepAlive, int seconds, int requests, int stalledClients, boolean liveHeap) {

    public Workload(WorkKind work, Duration cost, List<Integer> concurrencies, List<Integer> unboundedOnly,
                    boolean keepAlive, int seconds, int requests) {
        this(work, cost, concurrencies, unboundedOnly, keepAlive, seconds, requests, 0, false);
    }

    public Workload withStalledClients(int n) {
        return new Workload(work, cost, concurrencies, unboundedOnly, keepAlive, seconds, requests, n, liveHeap);
    }

    public Workload measuringLiveHeap() {
        return new Workload(work, cost, concurrencies, unboundedOnly, keepAlive, seconds, requests, stalledClients, true);
    }

    public static Workload timed(WorkKind work, Duration cost, List<Integer> concurrencies, int seconds) {
        return new Workload(work, cost, concurrencies, List.of(), false, seconds, 1_000_000);
    }

    public Workload keepAliveOn() {
        return new Workload(work, cost, concurrencies, unboundedOnly, true, seconds, requests, stalledClients, liveHeap);
    }

    public Workload alsoForUnbounded(List<Integer> more) {
        return new Workload(work, cost, concurrencies, more, keepAlive, seconds, requests, stalledClients, liveHeap);
    }

    public boolean zeroCost() {
        return cost.isZero();
    }

    /** File-name and chart key: {@code sleep-100ms}, {@code cpu-10ms}, {@code zero-k}. */
    public String key() {
        String base = zeroCost() ? "zero" : label(work) + "-" + Durations.format(cost);
        if (stalledClients > 0) base += "-stalled" + stalledClients;
        return keepAlive ? base + "-k" : base;
    }

    /** What the progress line and tables show: {@code sleep 100ms}, {@code zero cost -k}. */
    public String describe() {
        String base = zeroCost() ? "zero cost" : label(work) + " " + Durations.format(cost);
        if (keepAlive) base += " -k";
        return stalledClients > 0 ? base + ", " + stalledClients + " stalled clients" : base;
    }

    static String label(WorkKind work) {
        return work.name().toLowerCase(java.util.Locale.ROOT);
    }
}
