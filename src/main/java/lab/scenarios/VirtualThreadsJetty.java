package lab.scenarios;

import lab.config.Options;
import lab.http.JettyHttpServer;
import lab.http.RunningServer;
import lab.shape.VirtualThreadForks;
import lab.work.Work;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * {@link VirtualThreads} on a production server: Jetty 12 with its {@code VirtualThreadPool}, so
 * every task (the acceptor, the selector, each request's blocking handler) is a virtual thread.
 * Its hidden limit: the pool runs at most {@code maxThreads} tasks at once (200 by default, its
 * own acceptor and selector included); the rest wait, parked, for a permit. The lab raises it.
 */
public final class VirtualThreadsJetty implements Scenario {

    /** {@code VirtualThreadPool}'s default {@code maxThreads}. */
    static final int JETTY_DEFAULT_MAX_THREADS = 200;
    /** What the lab sets: room for the comparison's 10,000 connections, under the 20,000-descriptor limit. */
    static final int MAX_THREADS = 16_384;
    /** Tasks Jetty itself holds for good: one acceptor, one selector (see {@link JettyHttpServer}). */
    private static final int JETTY_OWN_TASKS = 2;

    @Override public String name() { return "virtual-threads-jetty"; }
    @Override public String seedCounterpart() { return "modern counterpart, on Jetty 12"; }
    @Override public String lesson() { return "plain blocking code on Jetty's virtual threads: throughput = min(concurrency, maxThreads)/cost"; }
    @Override public int capacity(Options options) { return MAX_THREADS - JETTY_OWN_TASKS; }

    @Override
    public RunningServer start(Options options, Work work) {
        VirtualThreadPool threads = new VirtualThreadPool(MAX_THREADS);   // a new virtual thread per task, at most N at once
        threads.setName("jetty-vt");
        return JettyHttpServer.start(options, VirtualThreadForks.of(options.shape(), work), threads, "one virtual thread per request (Jetty VirtualThreadPool), "
                + "at most " + MAX_THREADS + " tasks at once incl. Jetty's acceptor and selector (Jetty's default maxThreads: "
                + JETTY_DEFAULT_MAX_THREADS + "; past it requests wait for a permit, no 503)");
    }
}
