package lab.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.http.Overloaded;
import reactor.core.publisher.MonoSink;

/**
 * One request to the {@link ProcessPool}: its id on the wire, its cost, and the Mono waiting for
 * it. It holds one of the pool's permits from submission until it is answered, failed or
 * cancelled, and gives it back exactly once.
 */
final class Task {
    private final ProcessPool pool;
    final long id;
    final Duration cost;
    final MonoSink<Void> sink;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean cancelled;

    Task(ProcessPool pool, long id, Duration cost, MonoSink<Void> sink) {
        this.pool = pool;
        this.id = id;
        this.cost = cost;
        this.sink = sink;
    }

    /** A slot takes this task: false if its client went away meanwhile. */
    boolean take() {
        if (!cancelled) return true;
        finish();
        return false;
    }

    void cancel() {
        cancelled = true;
        if (pool.queue.remove(this)) finish();
    }

    void succeed() {
        if (finish()) sink.success();
    }

    void fail(String reason) {
        if (finish()) sink.error(new Overloaded(reason));
    }

    /** Frees this task's place in the pool, once. */
    private boolean finish() {
        if (!finished.compareAndSet(false, true)) return false;
        pool.permits.release();
        return true;
    }
}
