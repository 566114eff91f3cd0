package lab.scenarios;

import lab.config.Options;
import lab.config.Shape;
import lab.http.HttpContract;
import lab.http.ReactiveHttpServer;
import lab.http.RunningServer;
import lab.shape.ReactorCalls;
import lab.work.Work;
import reactor.core.publisher.Mono;

/**
 * The broken async server: an event-loop server whose handler calls the blocking work directly.
 * While one request sleeps, its event loop serves nobody else: throughput = event loops / cost.
 */
public final class ReactiveBlocking implements Scenario {

    @Override public String name() { return "reactive-blocking"; }
    @Override public String seedCounterpart() { return "examples.server_async"; }
    @Override public String lesson() { return "blocking call on the event loop: throughput = event loops/cost"; }
    @Override public int capacity(Options options) { return ReactiveHttpServer.eventLoops(options); }
    @Override public Shape runs(Shape asked) { return asked.sequential(); }   // each call blocks the loop until done: no fan-out

    @Override
    public RunningServer start(Options options, Work work) {
        return ReactiveHttpServer.start(options, cost -> ReactorCalls.compose(options.shape(), cost, c -> Mono.fromCallable(() -> {
                    work.perform(c);                               // the blocking call...
                    return HttpContract.BODY;
                })).thenReturn(HttpContract.BODY),                 // ...on the event loop that subscribed
                "the work runs on the event loop itself");
    }
}
