package lab.scenarios;

import java.util.concurrent.Executors;
import lab.config.Options;
import lab.http.BlockingHttpServer;
import lab.http.RunningServer;
import lab.shape.VirtualThreadForks;
import lab.work.Work;

/** The baseline: exactly one thread runs every request, start to finish, one after another. */
public final class Sync implements Scenario {

    @Override public String name() { return "sync"; }
    @Override public String seedCounterpart() { return "examples.server"; }
    @Override public String lesson() { return "one thread, one request at a time: throughput = 1/cost"; }
    @Override public int capacity(Options options) { return 1; }
    @Override public boolean honoursQueueLimit() { return true; }
    @Override public boolean readsHeadsOnItsThreads() { return true; }   // the JDK server reads the head on it

    @Override
    public RunningServer start(Options options, Work work) {
        return BlockingHttpServer.start(options, VirtualThreadForks.of(options.shape(), work),   // a fan-out forks on virtual threads
                Executors.newSingleThreadExecutor(Threads.named("sync-worker")),   // the one thread
                1, "1 worker thread; requests wait in line (up to -DqueueLimit)");
    }
}
