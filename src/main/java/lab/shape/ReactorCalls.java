package lab.shape;

import java.time.Duration;
import java.util.function.Function;
import lab.config.Shape;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor's form of a shape: each call is a {@code Mono}, and operators compose them. A chain is
 * {@code concatMap} (the next call is subscribed when the last completes); a fan-out is
 * {@code flatMap} with all N subscribed at once. No thread waits for the calls: where each call
 * runs is the call's own business (a non-blocking client, or {@code subscribeOn} the scenario's
 * scheduler). The fan-out delays a failure until all N are back, as {@code invokeAll} and
 * {@code allOf} do in the blocking models, so that every model does the same N calls (plain
 * {@code flatMap} would cancel the rest, interrupting the blocking ones on their threads).
 */
public final class ReactorCalls {

    private ReactorCalls() {}

    /** The shape's calls of {@code cost}, each made by {@code call}; completes when all are done. */
    public static Mono<Void> compose(Shape shape, Duration cost, Function<Duration, ? extends Mono<?>> call) {
        return switch (shape.kind()) {
            case SINGLE -> call.apply(cost).then();
            case CHAIN -> Flux.range(0, shape.calls()).concatMap(i -> call.apply(cost)).then();
            case FANOUT -> Flux.range(0, shape.calls()).flatMapDelayError(i -> call.apply(cost), shape.calls(), 1).then()
                    .onErrorMap(Exceptions::isMultiple, e -> Exceptions.unwrapMultiple(e).get(0));   // the first failure, as the call threw it
        };
    }
}
