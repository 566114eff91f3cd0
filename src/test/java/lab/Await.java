package lab;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Waits in a test for a state the real system shows (the connections a server holds, the threads
 * at work, a process's reads) by polling it, instead of sleeping a fixed time and hoping the state
 * was reached: as fast as the machine allows, and a busy machine only makes the wait longer. On
 * timeout it fails with what it waited for and the value it last saw.
 */
public final class Await {

    /** How often the state is read: fine enough that a test wastes little, coarse enough to stay cheap. */
    private static final Duration EVERY = Duration.ofMillis(10);

    /** A reading of the state; it may throw (a {@code /proc} file that went away). */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    private Await() {}

    /**
     * Reads {@code probe} until {@code done} accepts the reading, and returns that reading; fails
     * after {@code timeout} with "waited ... for: {@code what}; last saw: ...".
     */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = probe.read();
            if (done.test(seen)) return seen;
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for: " + what + "; last saw: " + seen);
            }
            Thread.sleep(EVERY);
        }
    }

    /** Reads {@code probe} until it equals {@code expected}; fails as {@link #until(String, Duration, Probe, Predicate)}. */
    public static <T> T untilEquals(String what, Duration timeout, Probe<T> probe, T expected) throws Exception {
        return until(what, timeout, probe, seen -> Objects.equals(seen, expected));
    }
}
