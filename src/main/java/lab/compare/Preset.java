package lab.compare;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.config.WorkKind;

/**
 * A named experiment: its workloads, in the order they run on each server, and the warm-up.
 * {@code leftOut} names scenarios the preset skips, each with its reason (shown in the tables like
 * a scenario's own refusal): what they would measure another scenario measures already.
 */
public record Preset(String name, String purpose, List<Workload> workloads, int warmupSeconds, Map<String, String> leftOut) {

    public Preset(String name, String purpose, List<Workload> workloads, int warmupSeconds) {
        this(name, purpose, workloads, warmupSeconds, Map.of());
    }

    private static final Duration SLEEP = Duration.ofMillis(100);
    private static final Duration CPU = Duration.ofMillis(10);
    /** Requests long enough to be all in flight at once when the server's live heap is read. */
    private static final Workload HEAP = Workload.timed(WorkKind.SLEEP, Duration.ofSeconds(5), List.of(1000), 14)
            .alsoForUnbounded(List.of(10_000)).measuringLiveHeap();
    /** io's cells are shorter than default's: 36 server JVMs, each with a downstream or a database to start. */
    private static final int IO_SECONDS = 3;

    /** Client concurrency of the shapes preset: below every default pool, so only a fan-out's ⌊pool / N⌋ binds there. */
    static final int SHAPES_C = 8;
    /** A pool that does not bind at c = 8: a fan-out of 4 needs 8 × 4 = 32 connections. */
    static final String SHAPES_POOL = "32";
    private static final String SAME_AS_VIRTUAL_THREADS = "the shapes preset leaves it out (15 minutes): the same "
            + "VirtualThreadForks over the same JDBC and JDK clients and the same JDK server as virtual-threads";

    /** shapes: http and db at 100 ms; single, chain:4, fanout:4 at the default pools; fanout:4 at a pool of 32 too. */
    private static List<Workload> shapes() {
        List<Workload> all = new java.util.ArrayList<>();
        for (WorkKind work : List.of(WorkKind.HTTP, WorkKind.DB)) {
            Workload w = Workload.timed(work, SLEEP, List.of(SHAPES_C), IO_SECONDS);
            all.add(w);
            all.add(w.withServerOption("shape", "chain:4"));
            all.add(w.withServerOption("shape", "fanout:4"));
            // single and chain:4 hold one connection each: at c = 8 no default pool binds them, a larger pool changes nothing
            all.add(w.withServerOption("shape", "fanout:4").withServerOption("poolSize", SHAPES_POOL));
        }
        return List.copyOf(all);
    }

    /**
     * Zero cost runs first on each server: the cells that leave a backlog behind (a slow server
     * cut off at c = 1000) then come last, and the server is stopped right after them.
     */
    public static final List<Preset> ALL = List.of(
            new Preset("seed", "the seed's own experiment: cost 1 s, ab -c 2 -n 10, no keep-alive",
                    List.of(new Workload(WorkKind.SLEEP, Duration.ofSeconds(1), List.of(2), List.of(), false, 0, 10)),
                    2),
            new Preset("default", "sleep 100 ms at c = 1..1000, cpu 10 ms at c = 1..100, zero cost -k at c = 50",
                    List.of(Workload.timed(WorkKind.SLEEP, Duration.ZERO, List.of(50), 5).keepAliveOn(),
                            Workload.timed(WorkKind.SLEEP, SLEEP, List.of(1, 10, 100, 1000), 5),
                            Workload.timed(WorkKind.CPU, CPU, List.of(1, 2, 10, 100), 5)),
                    2),
            new Preset("extended", "default, plus c = 10,000 where there is room (sleep 100 ms, and 1 s with keep-alive), "
                    + "15 s cells, and the memory preset's cells",
                    List.of(Workload.timed(WorkKind.SLEEP, Duration.ZERO, List.of(50), 15).keepAliveOn(),
                            Workload.timed(WorkKind.SLEEP, SLEEP, List.of(1, 10, 100, 1000), 15)
                                    .alsoForUnbounded(List.of(10_000)),
                            Workload.timed(WorkKind.CPU, CPU, List.of(1, 2, 10, 100), 15),
                            HEAP,
                            // 10,000 keep-alive connections each holding a 1 s request: what a thread-per-connection
                            // server cannot hold, and where idle-connection caps drop keep-alive connections. After
                            // the heap cells: its idle connections would stay in their idle baseline.
                            Workload.timed(WorkKind.SLEEP, Duration.ofSeconds(1), List.of(), 15).keepAliveOn()
                                    .alsoForUnbounded(List.of(10_000))),
                    3),
            new Preset("smoke", "proves the chain in seconds: 1 s cells, two concurrencies each",
                    List.of(Workload.timed(WorkKind.SLEEP, Duration.ZERO, List.of(50), 1).keepAliveOn(),
                            Workload.timed(WorkKind.SLEEP, SLEEP, List.of(1, 10), 1),
                            Workload.timed(WorkKind.CPU, CPU, List.of(1, 2), 1)),
                    1),
            new Preset("slowloris", "250 clients send half a request head and wait, then ab sleep 100 ms at c = 10; 15 s cells",
                    List.of(Workload.timed(WorkKind.SLEEP, SLEEP, List.of(10), 15).withStalledClients(250)),
                    1),
            new Preset("memory", "live heap per in-flight request: sleep 5 s at c = 1,000 (and 10,000 where unbounded), 14 s cells",
                    List.of(HEAP),
                    1),
            new Preset("io", "http and db work (100 ms) at c = 1..1000, at the pools' default sizes and at 50 connections",
                    List.of(Workload.timed(WorkKind.HTTP, SLEEP, List.of(1, 10, 100, 1000), IO_SECONDS),
                            Workload.timed(WorkKind.HTTP, SLEEP, List.of(1, 10, 100, 1000), IO_SECONDS).withServerOption("poolSize", "50"),
                            Workload.timed(WorkKind.DB, SLEEP, List.of(1, 10, 100, 1000), IO_SECONDS),
                            Workload.timed(WorkKind.DB, SLEEP, List.of(1, 10, 100, 1000), IO_SECONDS).withServerOption("poolSize", "50")),
                    2),
            new Preset("shapes", "several calls per request: http and db (100 ms), single, chain:4 and fanout:4 at c = "
                    + SHAPES_C + ", at the default pools and fanout:4 at a pool of " + SHAPES_POOL + "; ab, a closed model: "
                    + "c is fixed, so the in-progress arithmetic (fanout:4 on a pool of 10: 2 of the 8) reads off the table",
                    shapes(), 1,
                    Map.of("virtual-threads-pinned", SAME_AS_VIRTUAL_THREADS)));

    public static Optional<Preset> byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Preset::name).toList();
    }
}
