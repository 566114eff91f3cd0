package lab.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Admission for a reactive handler whose scheduler would otherwise queue without limit: at most
 * {@code running + waiting} requests are let through; the next one fails fast with {@link Overloaded}
 * (the server answers 503) instead of joining an ever-growing queue.
 */
public final class Gate {

    private final Semaphore permits;
    private final String reason;

    public Gate(int running, int waiting) {
        this.permits = new Semaphore(running + waiting);
        this.reason = running + " running and " + waiting + " waiting already (-DqueueLimit=)";
    }

    public <T> Mono<T> admit(Supplier<Mono<T>> request) {
        if (!permits.tryAcquire()) return Mono.error(new Overloaded(reason));
        // Released as the work ends, before its result travels on to be written (doFinally would
        // run after that, and a client's next request could still find the slot taken); once only.
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) permits.release();
        };
        return Mono.defer(request).doOnTerminate(release).doOnCancel(release);
    }
}
