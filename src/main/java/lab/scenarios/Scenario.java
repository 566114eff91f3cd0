package lab.scenarios;

import java.time.Duration;
import java.util.Optional;
import lab.config.Options;
import lab.config.Shape;
import lab.http.RunningServer;
import lab.measure.Theory;
import lab.setup.WorkSetup;
import lab.work.Work;

/**
 * One way to run the expensive call. A scenario names itself, says its lesson, and starts a server
 * whose handler runs {@link Work#perform} somewhere: that "somewhere" is the whole point of the file.
 */
public interface Scenario {

    /** The {@code -Dscenario=} value. */
    String name();

    /** The module of the Python seed this ports, or "modern counterpart". */
    String seedCounterpart();

    /** The one-line lesson, for the list and the banner. */
    String lesson();

    /**
     * How many requests the server can work on at once (k in Little's law: throughput ≤ k / cost),
     * or {@link lab.measure.Theory#UNBOUNDED}. Comparisons set measurements beside this.
     */
    int capacity(Options options);

    /**
     * {@link #capacity} of this scenario's server in a JVM that sees {@code processors} (a pod's
     * ⌈cpus⌉): what a harness outside the pod must use. Only the pools Reactor sizes from the
     * processor count differ from {@link #capacity}.
     */
    default int capacity(Options options, int processors) {
        return capacity(options);
    }

    /**
     * True if the server reads each request head on the thread that will run the request (the JDK
     * server does): a client that sends half a head holds that thread until -DheaderTimeout.
     */
    default boolean readsHeadsOnItsThreads() {
        return false;
    }

    /**
     * True if {@code -DqueueLimit} bounds how many requests may wait for this server's k (the next
     * one is answered 503 at once). False where the waiting happens somewhere the lab does not bound
     * with it: an event loop's task queue, boundedElastic's own cap, or nowhere (unbounded k).
     */
    default boolean honoursQueueLimit() {
        return false;
    }

    /** Which form of the work this scenario calls: the blocking one, unless it says otherwise. */
    default Work.Form workForm() {
        return Work.Form.BLOCKING;
    }

    /**
     * k as measured: {@link #capacity} capped by the work's connection pool (http, db) and, for a
     * fan-out of N, by ⌊pool / N⌋ and ⌊fork threads / N⌋ ({@link Theory#inFlight(Shape, int, int)}).
     * The banner and the comparison's theory both use this.
     */
    default int inFlight(Options options) {
        return Theory.inFlight(runs(options.shape()), capacity(options), perCall(options));
    }

    /** {@link #inFlight(Options)} in a JVM that sees {@code processors} ({@link #capacity(Options, int)}): the load harness's k. */
    default int inFlight(Options options, int processors) {
        return Theory.inFlight(runs(options.shape()), capacity(options, processors), perCall(options));
    }

    /** How long one request takes on an idle server: the cost, N·T for a chain, T for a fan-out ({@link Theory#latency}). */
    default Duration latency(Options options) {
        return Theory.latency(runs(options.shape()), options.cost(), perCall(options));
    }

    /** The shape as this model runs it: as asked, unless it cannot fork (then a fan-out runs as a chain). */
    default Shape runs(Shape asked) {
        return asked;
    }

    /**
     * Threads each call of a fan-out holds while it runs (a fork pool, a scheduler's threads), or
     * {@link Theory#UNBOUNDED} when each call gets a new virtual thread or none.
     */
    default int forkThreads(Options options) {
        return Theory.UNBOUNDED;
    }

    /** What each call holds and is bounded by: min(the work's pool, the fork threads). */
    private int perCall(Options options) {
        return Math.min(WorkSetup.poolLimit(options, workForm()), forkThreads(options));
    }

    /** Refuses option combinations that make no sense for this scenario, before anything starts. */
    default void check(Options options) {}

    /** A combination that runs but misleads (e.g. sleeping on a per-core pool): one line the runner prints at start. */
    default Optional<String> warning(Options options) {
        return Optional.empty();
    }

    RunningServer start(Options options, Work work);
}
