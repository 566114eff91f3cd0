package lab.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lab.config.WorkKind;
import lab.launch.ServerProcess;

/**
 * Runs a plan: per server, a fresh JVM on a free port, a short warm-up, its cells one after
 * another (ab, with the {@code /proc} sampler alongside), then SIGTERM and a check that the server
 * and its descendants are gone. Prints one progress line per cell.
 */
public final class Runner {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final long DRAIN_TIMEOUT_SECONDS = 120;

    private final Ab ab;
    private final Path rawDir;
    private final int cores;
    private final PrintStream out;

    public Runner(Ab ab, Path rawDir, int cores, PrintStream out) {
        this.ab = ab;
        this.rawDir = rawDir;
        this.cores = cores;
        this.out = out;
    }

    public List<CellResult> run(Plan plan) throws IOException, InterruptedException {
        List<CellResult> results = new ArrayList<>();
        int total = plan.cellCount();
        for (Plan.Server s : plan.servers()) {
            List<CellResult> served = s.runsAnything() ? serve(plan, s, results.size(), total) : skipAll(s, results.size(), total);
            results.addAll(served);
        }
        return results;
    }

    private List<CellResult> skipAll(Plan.Server s, int done, int total) {
        List<CellResult> results = new ArrayList<>();
        for (Plan.Planned p : s.cells()) report(results, CellResult.skipped(p.cell(), p.skip()), done, total);
        return results;
    }

    /**
     * http work: the downstream JVM runs beside the server, started here, not under it: the server's
     * sampled CPU, RSS and threads are then its own client stack's, not the downstream's too.
     */
    private List<CellResult> serve(Plan plan, Plan.Server s, int done, int total) throws IOException, InterruptedException {
        if (s.work() != WorkKind.HTTP) return serve(plan, s, List.of(), done, total);
        try (lab.work.http.Downstream downstream = lab.work.http.Downstream.start(lab.config.Options.of(java.util.Map.of()))) {
            return serve(plan, s, List.of("downstream=" + downstream.base()), done, total);
        }
    }

    private List<CellResult> serve(Plan plan, Plan.Server s, List<String> extra, int done, int total)
            throws IOException, InterruptedException {
        List<CellResult> results = new ArrayList<>();
        ServerProcess server;
        try {
            List<String> args = new ArrayList<>(List.of("scenario=" + s.scenario().name(), "work=" + Workload.label(s.work())));
            s.serverOptions().forEach((k, v) -> args.add(k + "=" + v));
            args.addAll(extra);
            server = ServerProcess.start(List.of(), args.toArray(String[]::new));
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
                report(results, measure(p.cell(), server, carried), done, total);
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
        return results;
    }

    /** A few seconds of zero-cost requests: JIT, connection handling and thread pools get going before we measure. */
    private void warmUp(Plan plan, Plan.Server s, ServerProcess server) throws IOException, InterruptedException {
        Workload warm = Workload.timed(WorkKind.SLEEP, Duration.ZERO, List.of(8), plan.preset().warmupSeconds());
        ab.run(warm, 8, server.port(), rawDir.resolve(s.scenario().name() + "_" + Workload.label(s.work()) + "_warmup.txt"));
    }

    private CellResult measure(Cell cell, ServerProcess server, String carried) throws IOException, InterruptedException {
        Path raw = rawDir.resolve(cell.fileStem() + ".txt");
        AbResult result;
        ProcSampler sampler = ProcSampler.start(server.pid());
        ProcSampler.Usage usage;
        try {
            result = ab.run(cell.workload(), cell.concurrency(), server.port(), raw);
        } finally {
            usage = sampler.finish();
        }
        String note = join(carried, result.problem());
        Workload w = cell.workload();
        if (w.seconds() == 0) {
            double abCeiling = Theory.abScheduleCeiling(w.work(), w.cost(), cell.capacity(), cell.concurrency(), cores,
                    w.requests());
            if (!Double.isNaN(abCeiling)) {
                note = join(note, "ab sends its first request alone: at most " + Numbers.rate(abCeiling)
                        + " req/s in this run");
            }
        }
        if (cell.workload().keepAlive() && result.completed() > 0 && result.keepAlive() == 0) {
            note = join(note, "ab -k, but the server closed every connection (no HTTP/1.0 keep-alive)");
        }
        return new CellResult(cell, cell.capacity(), Theory.ceiling(cell, cores), result, usage, note);
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
        out.println(r.progressLine(done + results.size(), total));
        out.flush();
    }

    private static CellResult withNote(CellResult r, String more) {
        return new CellResult(r.cell(), r.capacity(), r.theory(), r.ab(), r.usage(), join(r.note(), more));
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        return b == null ? a : a + "; " + b;
    }
}
