package lab.http;

import java.time.Duration;
import lab.http.HttpContract.Refuse;

/**
 * A server's graceful stop: once {@link #begin} is called, a request that arrives (on a kept-alive
 * connection, or a new one where the stack cannot stop accepting alone) is answered 503 with
 * {@code Connection: close}, while the requests already in flight run to their end;
 * {@link #awaitIdle} waits for them, up to the drain timeout.
 */
public final class Drain {

    private int inFlight;
    private boolean draining;

    /** The answer to a request that arrives while the server drains. */
    static final Refuse STOPPING = new Refuse(503, "server stopping: it finishes the requests in flight (-DdrainTimeout=) and takes no new ones");

    /** A request starts: false if the server drains (answer {@link #STOPPING}); else {@link #exit} must follow. */
    synchronized boolean enter() {
        if (draining) return false;
        inFlight++;
        return true;
    }

    /** A request's answer is written (or its connection gone). */
    synchronized void exit() {
        if (--inFlight == 0 && draining) notifyAll();
    }

    /** From now on every new request is refused. */
    synchronized void begin() {
        draining = true;
    }

    synchronized boolean draining() {
        return draining;
    }

    /** Waits until no request is in flight, at most {@code timeout}; false if some still are. Interruptible. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
