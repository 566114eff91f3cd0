package lab.scenarios;

import lab.config.Options;
import lab.http.HttpContract;
import lab.http.ReactiveHttpServer;
import lab.http.RunningServer;
import lab.shape.ReactorCalls;
import lab.work.Work;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Blocking code moved off the event loop onto Reactor's bounded elastic thread pool (the seed's
 * {@code run_in_executor}), in Reactor's own documented idiom for wrapping a blocking call,
 * {@code Mono.fromCallable(…).subscribeOn(Schedulers.boundedElastic())}. The loop stays free; the
 * pool's size is the new ceiling.
 */
public final class ReactiveElastic implements Scenario {

    @Override public String name() { return "reactive-elastic"; }
    @Override public String seedCounterpart() { return "examples.server_async2_executor"; }
    @Override public String lesson() { return "blocking work on a thread pool: throughput = min(concurrency, pool size)/cost"; }
    @Override public int capacity(Options options) { return Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE; }
    @Override public int capacity(Options options, int processors) {   // Reactor: 10 × processors
        return processors == Runtime.getRuntime().availableProcessors() ? capacity(options) : 10 * processors;
    }
    @Override public int forkThreads(Options options) { return Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE; }   // each call holds one

    @Override
    public RunningServer start(Options options, Work work) {
        return ReactiveHttpServer.start(options, cost -> ReactorCalls.compose(options.shape(), cost, c -> Mono.fromCallable(() -> {
                    work.perform(c);                               // the blocking call...
                    return HttpContract.BODY;
                }).subscribeOn(Schedulers.boundedElastic())).thenReturn(HttpContract.BODY),   // ...on a pool thread, each call
                "the work runs on boundedElastic: up to " + Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE
                + " threads (10 x cores), " + Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE + " queued tasks");
    }
}
