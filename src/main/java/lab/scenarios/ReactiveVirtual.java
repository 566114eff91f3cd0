package lab.scenarios;

import java.util.concurrent.Executors;
import lab.config.Options;
import lab.http.HttpContract;
import lab.http.ReactiveHttpServer;
import lab.http.RunningServer;
import lab.measure.Theory;
import lab.shape.ReactorCalls;
import lab.work.Work;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@link ReactiveElastic} with one change: the blocking work hops to a new virtual thread instead
 * of a pool thread. Same HTTP stack, different concurrency model. A plain virtual-thread-per-task
 * executor, not Reactor's {@code defaultBoundedElasticOnVirtualThreads} switch: that one keeps
 * boundedElastic's cap of 10 x cores tasks (so it would only repeat reactive-elastic's ceiling) and
 * changes {@code Schedulers.boundedElastic()} for the whole JVM.
 */
public final class ReactiveVirtual implements Scenario {

    @Override public String name() { return "reactive-virtual"; }
    @Override public String seedCounterpart() { return "beyond the seed"; }
    @Override public String lesson() { return "Reactor Netty, blocking work on virtual threads: throughput = concurrency/cost"; }
    @Override public int capacity(Options options) { return Theory.UNBOUNDED; }

    @Override
    public RunningServer start(Options options, Work work) {
        Scheduler virtual = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "virtual");
        return ReactiveHttpServer.start(options, cost -> ReactorCalls.compose(options.shape(), cost, c -> Mono.fromCallable(() -> {
                    work.perform(c);                               // the blocking call...
                    return HttpContract.BODY;
                }).subscribeOn(virtual)).thenReturn(HttpContract.BODY),   // ...on a new virtual thread, each call
                "the work runs on a new virtual thread per request")
                .alsoClosing(virtual::dispose);
    }
}
