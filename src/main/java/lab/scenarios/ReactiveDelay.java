package lab.scenarios;

import lab.config.OptionException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.HttpContract;
import lab.http.ReactiveHttpServer;
import lab.http.RunningServer;
import lab.work.Work;
import reactor.core.publisher.Mono;

/**
 * The fixed async server: the wait is a timer, not a blocked thread. The event loop registers the
 * delay and moves on; when it fires, the answer is written. Only waiting has such a form: CPU work
 * has no non-blocking version, so this scenario refuses {@code -Dwork=cpu}.
 */
public final class ReactiveDelay implements Scenario {

    @Override public String name() { return "reactive-delay"; }
    @Override public String seedCounterpart() { return "examples.server_async2"; }
    @Override public String lesson() { return "non-blocking wait (Mono.delay): throughput = concurrency/cost"; }
    @Override public int capacity(Options options) { return UNBOUNDED; }

    @Override
    public void check(Options options) {
        if (options.work() == WorkKind.CPU) {
            throw new OptionException("reactive-delay has no CPU form: busy work cannot be made non-blocking. "
                    + "Move it off the event loop instead: -Dscenario=reactive-elastic or reactive-process-pool");
        }
    }

    @Override
    public RunningServer start(Options options, Work work) {
        return ReactiveHttpServer.start(options,
                cost -> Mono.delay(cost).thenReturn(HttpContract.BODY),   // a timer, no thread waits
                "the wait is a timer on Reactor's parallel scheduler");
    }
}
