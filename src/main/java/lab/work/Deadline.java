package lab.work;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import lab.config.Durations;

/**
 * A request's deadline (-Ddeadline=, ?deadline=) for blocking work, on the thread that runs it.
 * {@link #within} runs the work and, when the deadline passes, interrupts that thread (a sleep, the
 * JDK HttpClient's send, a virtual thread's socket read stop) and throws {@link DeadlinePassed}.
 * The work's clients also read {@link #remaining} for their own timeouts (the HttpClient's request
 * timeout, JDBC's query timeout), so the far side is told even where an interrupt does not reach.
 * Reactive code uses Reactor's {@code timeout} instead (lab.http.ReactiveHttpServer).
 */
public final class Deadline {

    /** The deadline passed before the work ended: the server answers 504. */
    public static final class DeadlinePassed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DeadlinePassed(String message) {
            super(message, null, false, false);
        }
    }

    /** System.nanoTime() by which the current thread's work must end; absent: no deadline. */
    private static final ThreadLocal<Long> END = new ThreadLocal<>();

    /**
     * The interrupt comes this long after the deadline: the work's own timeouts go first (an interrupt
     * closes a virtual thread's socket, and pgjdbc's cancel request would then never be sent).
     */
    public static final Duration INTERRUPT_AFTER = Duration.ofMillis(50);

    /** One daemon thread fires the interrupts; cancelled timers leave its queue at once. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Deadline() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "lab-deadline");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Time left of the current thread's deadline; empty if it has none. */
    public static Optional<Duration> remaining() {
        Long end = END.get();
        return end == null ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }

    /** Whether the current thread has a deadline and it has passed. */
    public static boolean hasPassed() {
        Long end = END.get();
        return end != null && System.nanoTime() - end >= 0;
    }

    /** {@code timeout}, or less if the current thread's deadline comes first (at least 1 ms: 0 means none to some clients). */
    public static Duration bound(Duration timeout) {
        Duration left = remaining().orElse(timeout);
        if (left.compareTo(timeout) >= 0) return timeout;
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
    }

    /** The System.nanoTime() at which a deadline of {@code d} from now passes. */
    public static long end(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    /**
     * Runs {@code r} (a Reactor subscription) with the current thread's deadline set to {@code end}:
     * blocking work that runs inside it (on an event loop) or is scheduled from it ({@link #carry})
     * bounds its clients' timeouts by it. No interrupt: Reactor's own cancel does that.
     */
    public static void during(long end, Runnable r) {
        Long previous = END.get();
        END.set(end);
        try {
            r.run();
        } finally {
            if (previous == null) END.remove();
            else END.set(previous);
        }
    }

    /** For Reactor's {@code Schedulers.onScheduleHook}: a task scheduled under a deadline runs under it. */
    public static Runnable carry(Runnable task) {
        Long end = END.get();
        return end == null ? task : () -> during(end, task);
    }

    /** Runs {@code work} on this thread; empty {@code deadline}: just runs it. */
    public static void within(Optional<Duration> deadline, Runnable work) {
        if (deadline.isEmpty()) {
            work.run();
            return;
        }
        Thread thread = Thread.currentThread();
        long end = end(deadline.get());
        Object lock = new Object();
        boolean[] state = new boolean[2];   // [0] done, [1] interrupted by us; guarded by lock
        ScheduledFuture<?> timer = TIMER.schedule(() -> {
            synchronized (lock) {
                if (!state[0]) {
                    state[1] = true;
                    thread.interrupt();
                }
            }
        }, deadline.get().plus(INTERRUPT_AFTER).toNanos(), TimeUnit.NANOSECONDS);
        END.set(end);
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            END.remove();
            timer.cancel(false);
            synchronized (lock) {
                state[0] = true;
                if (state[1]) Thread.interrupted();   // ours, not the server's: a pooled thread must not keep it
            }
        }
        // Whatever the work threw (interrupted, the client's timeout), past the deadline the answer is 504.
        if (System.nanoTime() - end >= 0) throw passed(deadline.get());
        if (failure != null) throw failure;
    }

    public static DeadlinePassed passed(Duration deadline) {
        return new DeadlinePassed("deadline of " + Durations.format(deadline) + " passed; the work was cancelled");
    }
}
