package lab.http;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.io.PrintStream;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Failures a flood repeats once per connection (accept errors, malformed requests): the first is
 * printed at once, then at most one line per {@link #INTERVAL_SECONDS} with how many came since.
 * Never one line each, never a stack trace: 24,000 refused connects once wrote 1.4 million lines.
 * The classes it needs are loaded with the server (see {@link #preload}), since it is called when
 * the process may have no file descriptor left to load one. A burst that ends inside an interval is
 * printed when the interval ends (a scheduled flush), not only if a later failure comes.
 */
public final class FaultLog {

    static final long INTERVAL_SECONDS = 10;
    /** One daemon thread for every log's pending flush; started by {@link #preload}, never stopped. */
    private static final ScheduledThreadPoolExecutor FLUSHER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "lab-fault-log");
        t.setDaemon(true);
        return t;
    });

    /** A connection could not be accepted (typically: no file descriptor left). */
    public static final FaultLog ACCEPT = new FaultLog("connection(s) could not be accepted");
    /** A connection refused (503, or closed) because the server holds -DmaxConnections already. */
    public static final FaultLog REFUSED = new FaultLog("connection(s) refused past -DmaxConnections");
    /** A request its stack could not decode, or the lab refused as malformed (400, 505). */
    public static final FaultLog MALFORMED = new FaultLog("malformed request(s) refused");

    private final String what;
    private final long intervalNanos;
    private final PrintStream out;   // null: System.err as it is when printing
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong nextReport = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<String> lastDetail = new AtomicReference<>("");
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private FaultLog(String what) {
        this(what, TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS), null);
    }

    /** A log of its own interval and stream: for tests. */
    FaultLog(String what, long intervalNanos, PrintStream out) {
        this.what = what;
        this.intervalNanos = intervalNanos;
        this.out = out;
    }

    /** Counts one failure; prints a line if none was printed within the interval. Never throws. */
    public void record(String detail) {
        lastDetail.set(detail);
        unreported.incrementAndGet();
        long now = System.nanoTime();
        long next = nextReport.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextReport.compareAndSet(next, now + intervalNanos)) {
            print(unreported.getAndSet(0), detail);
        } else if (flushScheduled.compareAndSet(false, true)) {
            // counted, not printed: print it when the interval ends, even if no later failure comes
            try {
                FLUSHER.schedule(this::flush, Math.max(0, nextReport.get() - now), TimeUnit.NANOSECONDS);
            } catch (RuntimeException | OutOfMemoryError e) {
                flushScheduled.set(false);   // a later record tries again
            }
        }
    }

    /** The interval ended: prints what came since the last line, and starts a new interval if it printed. */
    private void flush() {
        flushScheduled.set(false);
        long count = unreported.getAndSet(0);
        if (count > 0) {
            nextReport.set(System.nanoTime() + intervalNanos);
            print(count, lastDetail.get());
        }
    }

    /** One failure's detail from an exception: its class and message, no stack trace. */
    public void record(Throwable t) {
        record(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
    }

    private void print(long count, String detail) {
        try {
            (out == null ? System.err : out).println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + count + " " + what
                    + (count > 1 ? " since the last such line" : "") + "; last: " + detail
                    + " (at most one such line per " + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + " s)");
        } catch (RuntimeException | LinkageError e) {
            // logging must not be the next failure
        }
    }

    /**
     * Loads and links everything {@link #record} runs, by running it once with nothing to print:
     * called at every server's start, when file descriptors are still free.
     */
    static void preload() {
        FaultLog probe = new FaultLog("preload");
        probe.nextReport.set(System.nanoTime() + probe.intervalNanos);   // nothing is printed
        probe.flushScheduled.set(true);                                  // nor scheduled
        probe.record(new IllegalStateException("preload"));
        probe.unreported.set(0);
        FLUSHER.schedule(probe::flush, 0, TimeUnit.NANOSECONDS);         // starts the flusher's thread: nothing to print
        LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
