package lab.scenarios;

import java.util.Optional;
import java.util.concurrent.Executors;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.BlockingHttpServer;
import lab.http.RunningServer;
import lab.measure.Theory;
import lab.shape.VirtualThreadForks;
import lab.work.Work;

/**
 * The modern answer: the same blocking handler as {@link Sync}, but each request gets its own
 * virtual thread. A sleeping virtual thread unmounts from its carrier, so blocking costs no thread.
 * CPU work is another matter: virtual threads are not time-sliced, so at most "cores" of them run.
 */
public final class VirtualThreads implements Scenario {

    @Override public String name() { return "virtual-threads"; }
    @Override public String seedCounterpart() { return "modern counterpart"; }
    @Override public String lesson() { return "plain blocking code, one virtual thread per request: throughput = concurrency/cost"; }
    @Override public int capacity(Options options) { return Theory.UNBOUNDED; }
    @Override public boolean readsHeadsOnItsThreads() { return true; }   // the JDK server reads the head on it

    @Override
    public Optional<String> warning(Options options) {
        if (options.work() != WorkKind.CPU) return Optional.empty();
        return Optional.of("virtual threads are not time-sliced: with " + Runtime.getRuntime().availableProcessors()
                + " CPU-bound requests running, every other request (even a short one) waits for one to finish. "
                + "Compare -Dscenario=platform-threads, whose OS threads share the cores in time slices.");
    }

    @Override
    public RunningServer start(Options options, Work work) {
        return BlockingHttpServer.start(options, VirtualThreadForks.of(options.shape(), work),   // a fan-out forks on virtual threads
                Executors.newVirtualThreadPerTaskExecutor(),   // a new virtual thread per request
                Theory.UNBOUNDED, "one virtual thread per request, on "
                        + Runtime.getRuntime().availableProcessors() + " carrier thread(s)");
    }
}
