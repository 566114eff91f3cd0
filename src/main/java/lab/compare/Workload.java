package lab.compare;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * @param serverOptions more options for the server JVM (e.g. {@code poolSize=50}); they also enter k
 */
public record Workload(WorkKind work, Duration cost, List<Integer> concurrencies, List<Integer> unboundedOnly,
                       boolean keepAlive, int seconds, int requests, int stalledClients, boolean liveHeap,
                       Map<String, String> serverOptions) {

    public Workload(WorkKind work, Duration cost, List<Integer> concurrencies, List<Integer> unboundedOnly,
                    boolean keepAlive, int seconds, int requests) {
        this(work, cost, concurrencies, unboundedOnly, keepAlive, seconds, requests, 0, false, Map.of());
    }

    public Workload withStalledClients(int n) {
        return new Workload(work, cost, concurrencies, unboundedOnly, keepAlive, seconds, requests, n, liveHeap, serverOptions);
    }

    public Workload measuringLiveHeap() {
        return new Workload(work, cost, concurrencies, unboundedOnly, keepAlive, seconds, requests, stalledClients, true, serverOptions);
    }

    /** The same load on a server started with one more option. */
    public Workload withServerOption(String key, String value) {
        Map<String, String> more = new TreeMap<>(serverOptions);
        more.put(key, value);
        return new Workload(work, cost, concurrencies, unboundedOnly, keepAlive, seconds, requests, stalledClients, liveHeap,
                Map.copyOf(more));
    }

    /** What needs a server JVM of its own: the work kind and the server options. */
    String serverKey() {
        return label(work) + new TreeMap<>(serverOptions);
    }

    /** {@code -pool50} for poolSize=50, {@code -fanout4} for shape=fanout:4 (other options by name), for keys and tables. */
    private String optionSuffix(String separator) {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(serverOptions).forEach((k, v) -> s.append(separator).append(optionLabel(k, v, separator.equals(" "))));
        return s.toString();
    }

    /**
     * One server option as keys and tables show it: {@code pool50} / {@code pool 50}, the shape
     * without its colon in file names ({@code chain4}) and as given in tables ({@code chain:4}).
     */
    static String optionLabel(String key, String value, boolean forTables) {
        return switch (key) {
            case "poolSize" -> "pool" + (forTables ? " " : "") + value;
            case "shape" -> forTables ? value : value.replace(":", "");
            default -> forTables ? key + "=" + value : key + value;
        };
    }

    /** The {@code -Dshape=} this workload's server runs with: {@code single} unless it says otherwise. */
    public lab.config.Shape shape() {
        return lab.config.Shape.parse(serverOptions.getOrDefault("shape", "single")).orElseThrow();
    }

    public static Workload timed(WorkKind work, Duration cost, List<Integer> concurrencies, int seconds) {
        return new Workload(work, cost, concurrencies, List.of(), false, seconds, 1_000_000);
    }

    public Workload keepAliveOn() {
        return new Workload(work, cost, concurrencies, unboundedOnly, true, seconds, requests, stalledClients, liveHeap, serverOptions);
    }

    public Workload alsoForUnbounded(List<Integer> more) {
        return new Workload(work, cost, concurrencies, more, keepAlive, seconds, requests, stalledClients, liveHeap, serverOptions);
    }

    public boolean zeroCost() {
        return cost.isZero();
    }

    /** File-name and chart key: {@code sleep-100ms}, {@code cpu-10ms}, {@code zero-k}, {@code db-100ms-pool50}. */
    public String key() {
        String base = (zeroCost() ? "zero" : label(work) + "-" + Durations.format(cost)) + optionSuffix("-");
        if (stalledClients > 0) base += "-stalled" + stalledClients;
        return keepAlive ? base + "-k" : base;
    }

    /** What the progress line and tables show: {@code sleep 100ms}, {@code zero cost -k}, {@code db 100ms pool 50}. */
    public String describe() {
        String base = (zeroCost() ? "zero cost" : label(work) + " " + Durations.format(cost)) + optionSuffix(" ");
        if (keepAlive) base += " -k";
        return stalledClients > 0 ? base + ", " + stalledClients + " stalled clients" : base;
    }

    static String label(WorkKind work) {
        return work.name().toLowerCase(java.util.Locale.ROOT);
    }
}
