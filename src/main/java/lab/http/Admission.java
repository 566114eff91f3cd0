package lab.http;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Bounds what a blocking server holds: {@code maxInFlight} running plus {@code queueLimit} waiting.
 * The JDK server hands each parsed request to this executor; past the bound the request is not
 * queued but run at once on the dispatcher thread, flagged, and the handler answers it 503 without
 * doing the work. (Throwing {@code RejectedExecutionException} instead would leave the client's
 * connection open and unanswered.)
 */
final class Admission implements Executor {

    private static final ThreadLocal<Boolean> REJECTED_RUN = ThreadLocal.withInitial(() -> false);
    /** The permit of the request this thread runs, until {@link #workDone} or the run's end returns it. */
    private static final ThreadLocal<Admission> HELD = new ThreadLocal<>();

    private final Executor threads;
    private final Semaphore permits;
    private final int maxInFlight;
    private final int queueLimit;

    Admission(Executor threads, int maxInFlight, int queueLimit) {
        this.threads = threads;
        this.maxInFlight = maxInFlight;
        this.queueLimit = queueLimit;
        this.permits = new Semaphore(maxInFlight + queueLimit);
    }

    @Override
    public void execute(Runnable request) {
        if (permits.tryAcquire()) {
            threads.execute(() -> {
                HELD.set(this);
                try {
                    request.run();
                } finally {
                    workDone();
                }
            });
        } else {
            REJECTED_RUN.set(true);
            try {
                request.run();
            } finally {
                REJECTED_RUN.set(false);
            }
        }
    }

    /**
     * The current request's work is over: its slot is free for the next one. Called before the
     * answer is written, so a client that sends its next request the moment it reads this answer
     * finds the room it should (returning the permit after the write would race with it).
     */
    static void workDone() {
        Admission held = HELD.get();
        if (held != null) {
            HELD.remove();
            held.permits.release();
        }
    }

    /** True while the current thread runs a request that found no room. */
    static boolean isRejectedRun() {
        return REJECTED_RUN.get();
    }

    String describe() {
        return maxInFlight + " running and " + queueLimit + " waiting already (-DqueueLimit=)";
    }
}
