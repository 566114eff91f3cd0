package lab.scenarios;

import java.util.concurrent.Executors;
import lab.config.Options;
import lab.http.BlockingHttpServer;
import lab.http.RunningServer;
import lab.measure.Theory;
import lab.shape.PlatformForks;
import lab.work.Work;

/**
 * The classic servlet model: the same blocking handler as {@link Sync}, on a fixed pool of
 * platform threads (200 by default, Tomcat's {@code maxThreads}). Each waiting request holds a
 * real OS thread, so the pool size is the ceiling; past it requests queue, then get 503.
 */
public final class PlatformThreads implements Scenario {

    @Override public String name() { return "platform-threads"; }
    @Override public String seedCounterpart() { return "beyond the seed (servlet model)"; }
    @Override public String lesson() { return "fixed pool of platform threads: throughput = min(concurrency, threads)/cost"; }
    @Override public int capacity(Options options) { return options.threads(); }
    @Override public boolean honoursQueueLimit() { return true; }
    @Override public boolean readsHeadsOnItsThreads() { return true; }   // the JDK server reads the head on it
    @Override public int forkThreads(Options options) { return options.shape().atOnce() > 1 ? options.threads() : Theory.UNBOUNDED; }

    @Override
    public RunningServer start(Options options, Work work) {
        int threads = options.threads();
        PlatformForks forks = PlatformForks.of(options.shape(), work, threads);   // a fan-out forks on a second pool of N
        return BlockingHttpServer.start(options, forks,
                Executors.newFixedThreadPool(threads, Threads.named("platform")),   // N real OS threads
                threads, threads + " platform threads (-Dthreads); then up to -DqueueLimit wait").alsoClosing(forks);
    }
}
