package lab.scenarios;

import java.time.Duration;
import java.util.concurrent.Executors;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.BlockingHttpServer;
import lab.http.RunningServer;
import lab.measure.Theory;
import lab.shape.VirtualThreadForks;
import lab.work.Work;

/**
 * {@link VirtualThreads}, but the blocking call sits inside a {@code synchronized} method, the shape
 * of many older libraries. Up to JDK 23 a virtual thread that blocks while holding a monitor
 * <em>pins</em> its carrier: the carrier blocks with it, so at most (carriers) requests wait at once,
 * like a pool of (cores) platform threads. JDK 24 (JEP 491) lets it unmount there too. Each request
 * has its own monitor, so what this shows is pinning, never lock contention.
 */
public final class VirtualThreadsPinned implements Scenario {

    /** The first JDK whose virtual threads release their carrier when they block inside {@code synchronized}. */
    static final int UNPINNED_SINCE = 24;

    @Override public String name() { return "virtual-threads-pinned"; }
    @Override public String seedCounterpart() { return "modern counterpart: virtual threads meet a synchronized library"; }

    @Override
    public String lesson() {
        return pinsOnThisJdk()
                ? "blocking inside synchronized pins the carrier (JDK 21-23): throughput = carriers/cost"
                : "blocking inside synchronized no longer pins (JDK 24+, JEP 491): throughput = concurrency/cost";
    }

    @Override
    public int capacity(Options options) {
        return pinsOnThisJdk() ? carriers() : Theory.UNBOUNDED;
    }

    @Override
    public RunningServer start(Options options, Work work) {
        ThreadLocal<LegacyClient> clients = ThreadLocal.withInitial(LegacyClient::new);   // one per request's thread
        Work insideMonitor = new Work() {
            @Override public void perform(Duration cost) { clients.get().call(work, cost); }
            @Override public WorkKind kind() { return work.kind(); }
            @Override public String describe() { return work.describe() + ", called inside a synchronized method"; }
        };
        String rule = pinsOnThisJdk()
                ? "Java " + jdk() + ": a virtual thread blocked inside synchronized pins its carrier, so at most "
                        + carriers() + " wait at once"
                : "Java " + jdk() + " (JEP 491): a virtual thread blocked inside synchronized unmounts, its carrier runs others";
        return BlockingHttpServer.start(options, VirtualThreadForks.of(options.shape(), insideMonitor), Executors.newVirtualThreadPerTaskExecutor(),
                Theory.UNBOUNDED, "one virtual thread per request, on " + carriers()
                        + " carrier thread(s); the work runs inside a synchronized method. " + rule);
    }

    /**
     * An older library's client: its method is {@code synchronized} and blocks inside. Kept per thread
     * in a {@code ThreadLocal} (as such libraries often are): no two requests share its monitor, and
     * because the object escapes, the JIT cannot remove the lock.
     */
    private static final class LegacyClient {
        synchronized void call(Work work, Duration cost) {
            work.perform(cost);
        }
    }

    static boolean pinsOnThisJdk() {
        return jdk() < UNPINNED_SINCE;
    }

    private static int jdk() {
        return Runtime.version().feature();
    }

    /** The virtual-thread scheduler's parallelism: the cores, unless set by its system property. */
    static int carriers() {
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
    }
}
