package lab.scenarios;

import java.util.Optional;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.Gate;
import lab.http.HttpContract;
import lab.http.ReactiveHttpServer;
import lab.http.RunningServer;
import lab.shape.ReactorCalls;
import lab.work.Work;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Java's answer to the seed's process pool: CPU work on {@code Schedulers.parallel()}, one thread
 * per core. Java threads have no GIL, so threads use every core without worker processes.
 * Sleeping there is a misuse (each sleep parks one of only "cores" threads): allowed, with a warning.
 */
public final class ReactiveParallel implements Scenario {

    @Override public String name() { return "reactive-parallel"; }
    @Override public String seedCounterpart() { return "beyond the seed (no GIL: threads instead of processes)"; }
    @Override public String lesson() { return "CPU work on one thread per core: throughput = min(concurrency, cores)/cost"; }
    @Override public int capacity(Options options) { return Schedulers.DEFAULT_POOL_SIZE; }
    @Override public int capacity(Options options, int processors) {   // Reactor: one per processor
        return processors == Runtime.getRuntime().availableProcessors() ? capacity(options) : processors;
    }
    @Override public boolean honoursQueueLimit() { return true; }
    @Override public int forkThreads(Options options) { return Schedulers.DEFAULT_POOL_SIZE; }   // each call holds one

    @Override
    public Optional<String> warning(Options options) {
        if (options.work() != WorkKind.SLEEP) return Optional.empty();
        return Optional.of("reactive-parallel with sleep work is a misuse: Schedulers.parallel() has only "
                + Schedulers.DEFAULT_POOL_SIZE + " threads, meant for non-blocking CPU work, and each sleep parks one. "
                + "Expect " + Schedulers.DEFAULT_POOL_SIZE + "/cost. For blocking waits use reactive-elastic or reactive-virtual.");
    }

    @Override
    public RunningServer start(Options options, Work work) {
        Gate gate = new Gate(Schedulers.DEFAULT_POOL_SIZE, options.queueLimit());   // parallel() queues without bound
        return ReactiveHttpServer.start(options, cost -> gate.admit(() -> ReactorCalls.compose(options.shape(), cost, c -> Mono.fromCallable(() -> {
                    work.perform(c);                               // the work...
                    return HttpContract.BODY;
                }).subscribeOn(Schedulers.parallel())).thenReturn(HttpContract.BODY)),   // ...on a per-core thread, each call
                "the work runs on Schedulers.parallel(): " + Schedulers.DEFAULT_POOL_SIZE
                + " threads (one per core), then up to -DqueueLimit wait");
    }
}
