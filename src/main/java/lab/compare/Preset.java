package lab.compare;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.config.WorkKind;

/** A named experiment: its workloads, in the order they run on each server, and the warm-up. */
public record Preset(String name, String purpose, List<Workload> workloads, int warmupSeconds) {

    private static final Duration SLEEP = Duration.ofMillis(100);
    private static final Duration CPU = Duration.ofMillis(10);
    /** Requests long enough to be all in flight at once when the server's live heap is read. */
    private static final Workload HEAP = Workload.timed(WorkKind.SLEEP, Duration.ofSeconds(5), List.of(1000), 14)
            .alsoForUnbounded(List.of(10_000)).measuringLiveHeap();
    /** io's cells are shorter than default's: 36 server JVMs, each with a downstream or a database to start. */
    private static final int IO_SECONDS = 3;

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
                    2));

    public static Optional<Preset> byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Preset::name).toList();
    }
}
