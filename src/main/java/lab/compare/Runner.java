package lab.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import lab.config.WorkKind;
import lab.launch.ServerProcess;
import lab.measure.JfrReader;
import lab.measure.JfrStats;
import lab.measure.Numbers;
import lab.measure.ProcSampler;
import lab.measure.Theory;
import lab.pod.PodLimits;
import lab.pod.PodReadings;
import lab.setup.FarSide;
import lab.work.http.StatsLine;

/**
 * Runs a plan's servers, one at a time in the order {@link Trials} gives: per server, a fresh JVM
 * on a free port (with a flight recording), a short warm-up, its cells one after another (ab, with the {@code /proc} sampler
 * alongside), then SIGTERM, a check that the server and its descendants are gone, and its flight
 * recording read per cell. Prints one progress line per cell and one JFR line per server.
 */
public final class Runner {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final long DRAIN_TIMEOUT_SECONDS = 120;

    private final Ab ab;
    private final Path rawDir;
    private final Theory.Cpu cpu;   // the server JVM's: in a pod its processors and quota, not this JVM's cores
    private final PrintStream out;
    private final Optional<PodLimits> pod;   // each server JVM in a pod of these limits; ab and the downstream outside
    private String tag = "";   // e.g. "trial 2/3 ", after the progress counter

    public Runner(Ab ab, Path rawDir, int cores, PrintStream out) {
        this(ab, rawDir, cores, out, Optional.empty());
    }

    public Runner(Ab ab, Path rawDir, int cores, PrintStream out, Optional<PodLimits> pod) {
        this.ab = ab;
        this.rawDir = rawDir;
        this.cpu = PodLimits.serverCpu(pod, cores);
        this.out = out;
        this.pod = pod;
    }

    /**
     * One server of the plan: its cells in a fresh JVM (or every cell's skip note), progress lines
     * numbered on from {@code done} of {@code total}, each tagged with {@code tag} (the trial).
     */
    public List<CellResult> runServer(Plan plan, Plan.Server s, int done, int total, String tag)
            throws IOException, InterruptedException {
        this.tag = tag.isEmpty() ? "" : tag + " ";
        return s.runsAnything() ? serve(plan, s, done, total) : skipAll(s, done, total);
    }

    private List<CellResult> skipAll(Plan.Server s, int done, int total) {
        List<CellResult> results = new ArrayList<>();
        for (Plan.Planned p : s.cells()) report(results, CellResult.skipped(p.cell(), p.skip()), done, total);
        return results;
    }

    /** http and db work: the downstream or PostgreSQL beside the server ({@link FarSide}), read around each cell. */
    private List<CellResult> serve(Plan plan, Plan.Server s, int done, int total) throws IOException, InterruptedException {
        try (FarSide farSide = FarSide.start(s.cells().get(0).cell().options(), s.scenario().workForm())) {
            return serve(plan, s, farSide.serverArgs(), farSide::counters, done, total);
        }
    }

    /** {@code farSide}: what the harness's downstream or database did so far, read around each cell (the {@code wasted} columns). */
    private List<CellResult> serve(Plan plan, Plan.Server s, List<String> extra, Supplier<Optional<StatsLine>> farSide,
                                   int done, int total) throws IOException, InterruptedException {
        List<CellResult> results = new ArrayList<>();
        ServerProcess server;
        Path jfr = rawDir.resolve(s.fileStem() + ".jfr");
        Map<Integer, JfrReader.Window> windows = new LinkedHashMap<>();   // results index -> when that cell ran
        try {
            List<String> args = new ArrayList<>(List.of("scenario=" + s.scenario().name(), "work=" + Workload.label(s.work())));
            s.serverOptions().forEach((k, v) -> args.add(k + "=" + v));
            args.addAll(extra);
            server = ServerProcess.start(pod, List.of(JfrReader.flag(jfr)), args.toArray(String[]::new));
        } catch (IOException e) {
            String why = "server did not start: " + e.getMessage().lines().findFirst().orElse("");
            for (Plan.Planned p : s.cells()) report(results, CellResult.skipped(p.cell(), p.skip() != null ? p.skip() : why), done, total);
            return results;
        }
        try {
            warmUp(plan, s, server);
            String carried = null;   // a backlog the previous cell left that would not drain
            for (int i = 0; i < s.cells().size(); i++) {
                Plan.Planned p = s.cells().get(i);
                if (p.skip() != null) {
                    report(results, CellResult.skipped(p.cell(), p.skip()), done, total);
                    continue;
                }
                Instant from = Instant.now();
                Optional<StatsLine> before = farSide.get();
                CellResult measured = measure(p.cell(), server, carried);
                if (before.isPresent() && measured.ab() != null) {
                    Optional<StatsLine> after = farSide.get();
                    if (after.isPresent()) measured = measured.withWasted(after.get().minus(before.get()).wasted(
                            measured.ab().completed() - measured.ab().non2xx(), p.cell().workload().shape().calls(),
                            p.cell().workload().cost()));
                }
                windows.put(results.size(), new JfrReader.Window(from, Instant.now()));
                report(results, measured, done, total);
                boolean more = s.cells().subList(i + 1, s.cells().size()).stream().anyMatch(n -> n.skip() == null);
                carried = more ? drain(p.cell(), server) : null;
            }
        } finally {
            ServerProcess.Stopped stopped = server.stop(STOP_TIMEOUT);
            if (!stopped.survivors().isEmpty()) {
                throw new IllegalStateException("server " + s.scenario().name() + " (pid " + server.pid()
                        + ") or its children are still alive after SIGKILL: " + stopped.survivors());
            }
            if (!stopped.graceful() && !results.isEmpty()) {
                out.println("   note: " + s.scenario().name() + " did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM and was killed");
                CellResult last = results.remove(results.size() - 1);
                results.add(withNote(last, "server needed SIGKILL to stop after this cell"));
            }
        }
        addJfr(results, windows, jfr);
        return results;
    }

    /** The server has exited, so its recording is written: each measured cell gets what JFR saw in its window. */
    private void addJfr(List<CellResult> results, Map<Integer, JfrReader.Window> windows, Path jfr) {
        List<Integer> indexes = List.copyOf(windows.keySet());
        List<JfrStats> stats = JfrReader.readAfterExit(jfr, List.copyOf(windows.values()), out).orElse(null);
        if (stats == null) return;
        StringBuilder line = new StringBuilder("   jfr (raw/" + jfr.getFileName() + "):");
        for (int i = 0; i < indexes.size(); i++) {
            int at = indexes.get(i);
            JfrStats j = stats.get(i);
            results.set(at, results.get(at).withJfr(j));
            Cell cell = results.get(at).cell();
            line.append(String.format(Locale.ROOT, "%s %s c=%d: GC %s ms (max %s), %s MB/s, pinned %d",
                    i == 0 ? "" : ";", cell.workload().describe(), cell.concurrency(), Numbers.plain(j.gcPauseTotalMs()),
                    Numbers.plain(j.gcPauseMaxMs()), Numbers.rate(j.allocMbPerSecond()), j.pinned()));
        }
        out.println(line);
        out.flush();
    }

    /** A few seconds of zero-cost requests: JIT, connection handling and thread pools get going before we measure. */
    private void warmUp(Plan plan, Plan.Server s, ServerProcess server) throws IOException, InterruptedException {
        Workload warm = Workload.timed(WorkKind.SLEEP, Duration.ZERO, List.of(8), plan.preset().warmupSeconds());
        ab.run(warm, 8, server.port(), rawDir.resolve(s.fileStem() + "_warmup.txt"));
    }

    private CellResult measure(Cell cell, ServerProcess server, String carried) throws IOException, InterruptedException {
        Path raw = rawDir.resolve(cell.fileStem() + ".txt");
        AbResult result;
        HeapPerRequest heap = null;
        String stalledNote = null;
        // the idle live heap is read first, on the idle server; the stalled clients connect before ab starts
        HeapPerRequest.Probe probe = cell.workload().liveHeap()
                ? HeapPerRequest.probe(server.pid(), server.port(), cell.concurrency(), cell.workload()) : null;
        int stalledCount = cell.workload().stalledClients();
        Optional<PodReadings> podBefore = server.readings();
        try (StalledClients stalled = stalledCount > 0 ? StalledClients.open(server.port(), stalledCount) : null) {
            ProcSampler sampler = ProcSampler.start(server.pid());
            ProcSampler.Usage usage;
            try {
                if (probe == null) {
                    result = ab.run(cell.workload(), cell.concurrency(), server.port(), raw);
                } else {
                    HeapPerRequest.Reading<AbResult> reading = probe.whileRunning(
                            () -> ab.run(cell.workload(), cell.concurrency(), server.port(), raw));
                    result = reading.result();
                    heap = reading.heap();
                }
            } finally {
                usage = sampler.finish();
            }
            if (stalled != null) {
                stalledNote = stalled.count() + " stalled clients held; the server cut off " + stalled.cutOff()
                        + " of them during the cell";
            }
            CellResult measured = measured(cell, result, usage, join(join(carried, stalledNote), heap == null ? null : heap.problem()), heap);
            return podBefore.map(b -> measured.withPod(server.readings().orElseThrow().since(b))).orElse(measured);
        }
    }

    private CellResult measured(Cell cell, AbResult result, ProcSampler.Usage usage, String before, HeapPerRequest heap) {
        String note = join(before, result.problem());
        Workload w = cell.workload();
        if (w.seconds() == 0) {
            double abCeiling = Theory.abScheduleCeiling(w.work(), w.cost(), cell.capacity(), cell.concurrency(), cpu.processors(),
                    w.requests());
            if (!Double.isNaN(abCeiling)) {
                note = join(note, "ab sends its first request alone: at most " + Numbers.rate(abCeiling)
                        + " req/s in this run");
            }
        }
        if (cell.workload().keepAlive() && result.completed() > 0 && result.keepAlive() == 0) {
            note = join(note, "ab -k, but the server closed every connection (no HTTP/1.0 keep-alive)");
        }
        return new CellResult(cell, cell.capacity(), cell.theory(cpu), result, usage, note, heap);
    }

    /**
     * A time-limited cell ends with up to c requests still queued in the server (ab just hangs up);
     * a few zero-cost probes wait behind them, so the next cell starts on an idle server.
     */
    private String drain(Cell cell, ServerProcess server) throws IOException, InterruptedException {
        if (cell.workload().zeroCost()) return null;
        Workload probe = new Workload(WorkKind.SLEEP, Duration.ZERO, List.of(8), List.of(), false, 0, 8);
        AbResult r = ab.run(probe, 8, server.port(), DRAIN_TIMEOUT_SECONDS, rawDir.resolve(cell.fileStem() + "_drain.txt"));
        return r.problem() == null ? null
                : "the previous cell's backlog had not drained after " + DRAIN_TIMEOUT_SECONDS + " s";
    }

    private void report(List<CellResult> results, CellResult r, int done, int total) {
        results.add(r);
        String line = r.progressLine(done + results.size(), total);
        out.println(tag.isEmpty() ? line : line.replaceFirst("] ", "] " + tag));
        out.flush();
    }

    private static CellResult withNote(CellResult r, String more) {
        return new CellResult(r.cell(), r.capacity(), r.theory(), r.ab(), r.usage(), join(r.note(), more), r.heap(), r.jfr(), r.pod());
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        return b == null ? a : a + "; " + b;
    }
}
