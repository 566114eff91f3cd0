package lab.work;

import java.time.Duration;
import lab.config.WorkKind;
import reactor.core.publisher.Mono;

/** The seed's {@code time.sleep(cost)}: the thread is parked, the core is free. */
public final class SleepWork implements Work {

    @Override
    public void perform(Duration cost) {
        try {
            Thread.sleep(Deadline.bound(cost));   // no longer than the request's deadline: then it is 504
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("work interrupted (server stopping)", e);
        }
    }

    /** A timer on Reactor's parallel scheduler: no thread waits. */
    @Override
    public Mono<Void> nonBlocking(Duration cost) {
        return Mono.delay(cost).then();
    }

    @Override
    public WorkKind kind() {
        return WorkKind.SLEEP;
    }

    @Override
    public String describe() {
        return "sleep (Thread.sleep: blocks the thread, leaves the core idle)";
    }
}
