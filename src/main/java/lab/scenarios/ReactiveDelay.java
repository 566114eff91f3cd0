package lab.scenarios;

import lab.config.OptionException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.HttpContract;
import lab.http.ReactiveHttpServer;
import lab.http.RunningServer;
import lab.measure.Theory;
import lab.shape.ReactorCalls;
import lab.work.Work;

/**
 * The fixed async server: the non-blocking form of the wait. The event loop starts the wait and
 * moves on; when it ends, the answer is written. For sleep the wait is a timer ({@code Mono.delay}),
 * for http Reactor Netty's client, for db R2DBC: no thread is held while waiting (the pool's
 * connections still are). Only waiting has such a form: CPU work has no non-blocking version, so
 * this scenario refuses {@code -Dwork=cpu}.
 */
public final class ReactiveDelay implements Scenario {

    @Override public String name() { return "reactive-delay"; }
    @Override public String seedCounterpart() { return "examples.server_async2"; }
    @Override public String lesson() { return "non-blocking wait (Mono.delay, Reactor Netty client, R2DBC): throughput = concurrency/cost"; }
    @Override public int capacity(Options options) { return Theory.UNBOUNDED; }
    @Override public Work.Form workForm() { return Work.Form.NON_BLOCKING; }

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
                cost -> ReactorCalls.compose(options.shape(), cost, work::nonBlocking).thenReturn(HttpContract.BODY),   // no thread waits
                waiter(options.work()));
    }

    private static String waiter(WorkKind work) {
        return switch (work) {
            case HTTP -> "the wait is Reactor Netty's HTTP client on its own event loops";
            case DB -> "the wait is R2DBC on Reactor Netty's event loops";
            default -> "the wait is a timer on Reactor's parallel scheduler";
        };
    }
}
