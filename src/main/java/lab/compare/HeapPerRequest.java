package lab.compare;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Live heap per in-flight request, read from the real server: (live heap with N requests held −
 * live heap idle) / N, each "live heap" after a full GC ({@link LiveHeap}), N counted by the kernel
 * ({@link InFlight}) just before and just after the GC (the smaller; a gap over 5 % is noted). KB as
 * doubles: a reading read back from {@code cells.csv} keeps its two decimals per request.
 *
 * <p>ab opens its connections progressively (its first request alone, the other c − 1 once that is
 * answered, see the README), so the reading waits until one cost has passed and then until the
 * count reaches c or has not grown for {@link #SETTLED}: a bounded server (a pool of 200) holds
 * fewer than c and the rest wait unread.
 */
public record HeapPerRequest(double idleKb, double loadedKb, int inFlight, String problem) {

    private static final Duration SETTLED = Duration.ofMillis(700);
    private static final Duration POLL = Duration.ofMillis(100);

    public static HeapPerRequest failed(String why) {
        return new HeapPerRequest(-1, -1, 0, why);
    }

    /** KB of live heap per request held, or NaN when there is no reading. */
    public double kbPerRequest() {
        return inFlight <= 0 || idleKb < 0 ? Double.NaN
                : (loadedKb - idleKb) / (double) inFlight;
    }

    /** Reads the idle live heap now; {@link Probe#whileRunning} then reads it under load. */
    static Probe probe(long pid, int port, int concurrency, Workload w) throws InterruptedException {
        try {
            return new Probe(pid, port, concurrency, w, LiveHeap.usedKbAfterFullGc(pid), null);
        } catch (IOException | RuntimeException e) {   // no reading is a note on the cell, not the end of the run
            return new Probe(pid, port, concurrency, w, -1, "idle heap reading failed: " + e.getMessage());
        }
    }

    record Probe(long pid, int port, int concurrency, Workload workload, long idleKb, String idleProblem) {

        /** Runs {@code load} (ab) on its own thread and takes the reading meanwhile; returns the load's result. */
        <T> Reading<T> whileRunning(Callable<T> load) throws IOException, InterruptedException {
            FutureTask<T> task = new FutureTask<>(load);
            Thread.ofVirtual().name("ab-under-heap-probe").start(task);
            HeapPerRequest heap;
            try {
                heap = idleProblem != null ? failed(idleProblem) : read(task);
            } catch (IOException | RuntimeException e) {
                heap = failed("heap reading failed: " + e.getMessage());
            }
            try {
                return new Reading<>(task.get(), heap);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                throw new IOException(e.getCause());
            }
        }

        private HeapPerRequest read(FutureTask<?> load) throws IOException, InterruptedException {
            long start = System.nanoTime();
            long earliest = start + workload.cost().toNanos();              // ab's lone first request
            long giveUp = start + Duration.ofSeconds(Math.max(1, workload.seconds())).toNanos();
            int best = 0;
            long grewAt = System.nanoTime();
            while (!load.isDone()) {
                int n = InFlight.count(port);
                long now = System.nanoTime();
                if (n > best) {
                    best = n;
                    grewAt = now;
                }
                // settled: all of c, or a count that grew after ab's lone first request and then stopped growing
                boolean settled = n >= concurrency || grewAt >= earliest && now - grewAt >= SETTLED.toNanos();
                if (now >= earliest && n > 0 && settled) return take(n);
                if (now >= giveUp) break;
                Thread.sleep(POLL);
            }
            return failed("the in-flight count never settled (last " + best + ")");
        }

        private HeapPerRequest take(int before) throws IOException, InterruptedException {
            LiveHeap.gc(pid);
            int after = InFlight.count(port);
            long loaded = LiveHeap.usedKb(pid);
            // ab holds at most c requests: a kernel count above c (seen: 10,022 at c = 10,000) is not ab's
            int n = Math.min(Math.min(before, after), concurrency);
            if (Math.abs(before - after) > 0.05 * Math.max(before, after)) {
                return failed("no heap reading: requests in flight changed from " + before + " to " + after
                        + " during the GC (live heap " + idleKb + " KB idle, " + loaded + " KB loaded)");
            }
            if (loaded < idleKb) {   // seen: a baseline that still held the cell before's 10,000 idle keep-alive connections
                return failed("no heap reading: the live heap under load (" + loaded + " KB) is below the idle reading ("
                        + idleKb + " KB): the idle server still held something the load's cell released");
            }
            return new HeapPerRequest(idleKb, loaded, n, null);
        }
    }

    /** The load's own result and the heap reading taken while it ran. */
    record Reading<T>(T result, HeapPerRequest heap) {}
}
