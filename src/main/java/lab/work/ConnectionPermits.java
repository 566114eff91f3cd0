package lab.work;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import lab.config.Durations;

/**
 * A client pool's bound kept by the lab: at most {@code size} calls at once, each waiting at most
 * {@code -DpoolWait} for its turn, then {@link NoFreeConnection} (a 503). For the clients whose own
 * pool cannot keep it: the JDK http client has no limit, and HikariCP waits at least 250 ms.
 */
public final class ConnectionPermits {

    private final Semaphore permits;
    private final int size;
    private final Duration wait;
    private final String service;

    /** {@code service} names what the connections go to, for the 503's reason ("downstream", "database"). */
    public ConnectionPermits(int size, Duration wait, String service) {
        this.permits = new Semaphore(size);
        this.size = size;
        this.wait = wait;
        this.service = service;
    }

    /** Takes a turn, or throws {@link NoFreeConnection} after the wait; pair with {@link #release}. */
    public void acquire() {
        try {
            if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new NoFreeConnection("no free " + service + " connection within " + Durations.format(wait)
                        + " (" + size + " in use: -DpoolSize=, -DpoolWait=)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("work interrupted (server stopping)", e);
        }
    }

    public void release() {
        permits.release();
    }
}
