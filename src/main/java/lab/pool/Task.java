package lab.pool;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.http.Overloaded;
import lab.work.Deadline;
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
    /** System.nanoTime() of the request's deadline, if it has one. */
    private final Optional<Long> end;
    private final Optional<Duration> deadline;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean cancelled;

    Task(ProcessPool pool, long id, Duration cost, MonoSink<Void> sink, Optional<Duration> deadline) {
        this.pool = pool;
        this.end = deadline.map(d -> System.nanoTime() + d.toNanos());
        this.deadline = deadline;
        this.id = id;
        this.cost = cost;
        this.sink = sink;
    }

    /** The time left of its deadline, now (at least 1 ms: it is sent to a worker that then bounds the work by it). */
    Optional<Duration> left() {
        return end.map(e -> Duration.ofNanos(Math.max(1_000_000, e - System.nanoTime())));
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

    /**
     * The worker's reply came: an answer, or a 504 if the deadline passed meanwhile (the worker
     * stopped its work there and replied "done" to be free again; no answer would be in time).
     */
    void succeed() {
        if (!finish()) return;
        if (end.isPresent() && System.nanoTime() - end.get() >= 0) sink.error(Deadline.passed(deadline.get()));
        else sink.success();
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
