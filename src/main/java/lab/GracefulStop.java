package lab;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import lab.config.Durations;
import lab.http.RunningServer;
import lab.work.Work;

/**
 * The graceful stop: the first Ctrl-C (SIGINT) or SIGTERM drains the server (no new requests,
 * those in flight finish within -DdrainTimeout), then closes it and its work (the downstream,
 * PostgreSQL, after the server) and exits; a second signal ends the drain at once. Both signals,
 * since a script that starts the server in the background can only send SIGTERM.
 */
final class GracefulStop {
    private final String name;
    private final RunningServer server;
    private final Work work;
    private final Duration drainTimeout;
    private final AtomicReference<Thread> draining = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    GracefulStop(String name, RunningServer server, Work work, Duration drainTimeout) {
        this.name = name;
        this.server = server;
        this.work = work;
        this.drainTimeout = drainTimeout;
    }

    @SuppressWarnings("restriction")
    void onSignals() {
        sun.misc.SignalHandler handler = signal -> {
            Thread drain = new Thread(this::drainThenExit, "lab-drain");
            if (draining.compareAndSet(null, drain)) {
                drain.start();
            } else {
                System.out.println("second signal: stopping " + name + " now");
                draining.get().interrupt();
            }
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), handler);
            } catch (IllegalArgumentException e) {
                // this signal is not available here (or reserved): the shutdown hook still closes the server
            }
        }
    }

    private void drainThenExit() {
        System.out.println("stopping " + name + ": new requests get 503; waiting up to " + Durations.format(drainTimeout)
                + " (-DdrainTimeout) for those in flight; a second Ctrl-C or SIGTERM stops at once");
        try {
            int left = server.drain(drainTimeout);
            if (left > 0) System.out.println(left + " request(s) still in flight after " + Durations.format(drainTimeout) + ": stopping anyway");
        } catch (InterruptedException e) {
            Thread.interrupted();   // the second signal: close at once, uninterrupted
        }
        closeNow();
        System.exit(0);
    }

    /** The server first, then what its work started (downstream, PostgreSQL, worker processes). */
    void closeNow() {
        if (!closed.compareAndSet(false, true)) return;
        try (work) {
            server.close();
        } finally {
            done.countDown();
        }
    }

    void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
