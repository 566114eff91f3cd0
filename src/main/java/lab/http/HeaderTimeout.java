package lab.http;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code -DheaderTimeout} on the JDK server. That server reads a request's line and headers on the
 * executor's thread, before the handler runs, so a client that sends half a head and waits holds a
 * thread (of 200, or the only one) for as long as it likes. This executor wraps each task: if the
 * head is not read within the timeout, the thread is interrupted, which closes the connection's
 * channel (an NIO read is interruptible) and frees the thread.
 *
 * <p>Not the JDK's own {@code sun.net.httpserver.maxReqTime}: it counts whole seconds, is read
 * once per JVM, and starts counting when the request's first byte arrives, so a request that
 * merely waits in the queue for a busy pool would be cut off too. This clock starts when a thread
 * starts reading the head. A connection that sends nothing holds no thread (it waits in the JDK's
 * selector) and is closed by the JDK's own idle timer ({@code sun.net.httpserver.idleInterval}, 30 s).
 */
final class HeaderTimeout implements Executor {

    /** One timer thread for every server in the JVM: scheduling and cancelling a deadline is all it does. */
    private static final ScheduledThreadPoolExecutor CLOCK = clock();

    private static final ThreadLocal<Reading> CURRENT = new ThreadLocal<>();

    private final Executor next;
    private final long timeoutNanos;

    HeaderTimeout(Executor next, Duration timeout) {
        this.next = next;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void execute(Runnable exchange) {
        next.execute(() -> {
            Reading reading = new Reading(Thread.currentThread());
            reading.deadline = CLOCK.schedule(reading::cut, timeoutNanos, TimeUnit.NANOSECONDS);
            CURRENT.set(reading);
            try {
                exchange.run();
            } finally {
                CURRENT.remove();
                if (reading.end()) Thread.interrupted();   // the cut is over: the thread goes back clean
            }
        });
    }

    /**
     * The handler's first call: the head has been read, the clock stops. False if the deadline
     * passed first (the thread is interrupted; the caller should give up on the request).
     */
    static boolean headRead() {
        Reading reading = CURRENT.get();
        return reading == null || reading.headRead();
    }

    /** One task's head: reading until the handler starts, then handling; the lock makes cut-and-interrupt atomic. */
    private static final class Reading {
        private final Thread thread;
        private ScheduledFuture<?> deadline;
        private boolean reading = true;
        private boolean cut;

        Reading(Thread thread) {
            this.thread = thread;
        }

        synchronized void cut() {
            if (!reading) return;
            reading = false;
            cut = true;
            thread.interrupt();
        }

        synchronized boolean headRead() {
            if (!reading) return false;
            reading = false;
            deadline.cancel(false);
            return true;
        }

        /** The task is over: no interrupt can come after this. True if this task was cut. */
        synchronized boolean end() {
            reading = false;
            deadline.cancel(false);
            return cut;
        }
    }

    private static ScheduledThreadPoolExecutor clock() {
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lab-header-timeout");
            t.setDaemon(true);
            return t;
        });
        clock.setRemoveOnCancelPolicy(true);   // a cancelled deadline leaves the queue at once
        return clock;
    }
}
