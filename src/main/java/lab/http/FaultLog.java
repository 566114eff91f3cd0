package lab.http;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures a flood repeats once per connection (accept errors, malformed requests): the first is
 * printed at once, then at most one line per {@link #INTERVAL_SECONDS} with how many came since.
 * Never one line each, never a stack trace: 24,000 refused connects once wrote 1.4 million lines.
 * The classes it needs are loaded with the server (see {@link #preload}), since it is called when
 * the process may have no file descriptor left to load one.
 */
public final class FaultLog {

    static final long INTERVAL_SECONDS = 10;
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);

    /** A connection could not be accepted (typically: no file descriptor left). */
    public static final FaultLog ACCEPT = new FaultLog("connection(s) could not be accepted");
    /** A connection refused (503, or closed) because the server holds -DmaxConnections already. */
    public static final FaultLog REFUSED = new FaultLog("connection(s) refused past -DmaxConnections");
    /** A request its stack could not decode, or the lab refused as malformed (400, 505). */
    public static final FaultLog MALFORMED = new FaultLog("malformed request(s) refused");

    private final String what;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong nextReport = new AtomicLong(Long.MIN_VALUE);

    private FaultLog(String what) {
        this.what = what;
    }

    /** Counts one failure; prints a line if none was printed within the interval. Never throws. */
    public void record(String detail) {
        unreported.incrementAndGet();
        long now = System.nanoTime();
        long next = nextReport.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextReport.compareAndSet(next, now + INTERVAL_NANOS)) {
            print(unreported.getAndSet(0), detail);
        }
    }

    /** One failure's detail from an exception: its class and message, no stack trace. */
    public void record(Throwable t) {
        record(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
    }

    private void print(long count, String detail) {
        try {
            System.err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + count + " " + what
                    + (count > 1 ? " since the last such line" : "") + "; last: " + detail
                    + " (at most one such line per " + INTERVAL_SECONDS + " s)");
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
        probe.nextReport.set(System.nanoTime() + INTERVAL_NANOS);   // nothing is printed
        probe.record(new IllegalStateException("preload"));
        LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
