package lab.shape;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lab.config.Shape;
import lab.work.Work;

/**
 * Plain blocking code's fan-out on Java 21: each call forked on a new virtual thread
 * ({@code invokeAll}), joined when all are back. The executor lives as long as the request (its
 * {@code close} waits for the forks), the shape {@code StructuredTaskScope} gives a preview of
 * (docs/shapes.md). A fork costs a virtual thread, so nothing here bounds the fan-out but the pool.
 */
public final class VirtualThreadForks extends Shaped {

    private VirtualThreadForks(Shape shape, Work call) {
        super(shape, call);
    }

    /** {@code call} made {@code shape}'s way; the call itself for a single one. */
    public static Work of(Shape shape, Work call) {
        return shape.isSingle() ? call : new VirtualThreadForks(shape, call);
    }

    @Override
    protected void fanOut(Duration cost) {
        Callable<Void> one = () -> {
            call.perform(cost);
            return null;
        };
        try (ExecutorService forks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> done = forks.invokeAll(Collections.nCopies(shape.calls(), one));   // all at once, back when all are
            for (Future<Void> f : done) f.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    protected String forks() {
        return shape.calls() + " calls at once, each on a new virtual thread (invokeAll)";
    }
}
