package lab.shape;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import lab.config.Shape;
import lab.work.Work;

/**
 * The servlet model's fan-out: each call handed to a bounded pool of platform threads with
 * {@code CompletableFuture.supplyAsync(…, executor)}, the request's own thread waiting on
 * {@code allOf}. That pool is a second k: a fan-out of N holds N of its threads, so at most
 * ⌊threads / N⌋ requests fan out at once; the rest wait in its queue. Servlet code sizes it
 * like the request pool, and so does the lab (-Dthreads).
 */
public final class PlatformForks extends Shaped implements AutoCloseable {

    private final ExecutorService pool;
    private final int threads;

    private PlatformForks(Shape shape, Work call, int threads) {
        super(shape, call);   // fanout:1 forks too: one call handed to the pool, as servlet code would
        this.threads = threads;
        this.pool = shape.kind() == Shape.Kind.FANOUT ? Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("fork-", 1).factory()) : null;
    }

    /** {@code call} made {@code shape}'s way; a fan-out forks on a pool of {@code threads} platform threads. */
    public static PlatformForks of(Shape shape, Work call, int threads) {
        return new PlatformForks(shape, call, threads);
    }

    @Override
    protected void fanOut(Duration cost) {
        CompletableFuture<?>[] calls = IntStream.range(0, shape.calls())
                .mapToObj(i -> CompletableFuture.runAsync(() -> call.perform(cost), pool))   // each call on a pool thread
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(calls).join();                                          // the request's thread waits for all
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        }
    }

    @Override
    protected String forks() {
        return shape.calls() + " calls at once on a pool of " + threads + " platform threads (CompletableFuture.runAsync, -Dthreads): "
                + "at most " + Math.max(1, threads / shape.calls()) + " requests fan out at once";
    }

    /** Ends the fork pool (after the server: no request is left to fork). */
    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
