package lab.shape;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import lab.config.Shape;
import lab.config.WorkKind;
import lab.work.Work;

/**
 * The blocking models' form of a shape: a {@link Work} whose one {@link #perform} makes the shape's
 * N calls of the work it wraps. A chain is the same in every blocking model (a loop: each call
 * returns before the next starts); only the fork of a fan-out differs, so that is all a subclass
 * writes. It does not own the wrapped work: whoever started that closes it.
 */
public abstract class Shaped implements Work {

    protected final Shape shape;
    protected final Work call;

    protected Shaped(Shape shape, Work call) {
        this.shape = shape;
        this.call = call;
    }

    @Override
    public final void perform(Duration cost) {
        switch (shape.kind()) {
            case SINGLE -> call.perform(cost);
            case CHAIN -> {
                for (int i = 0; i < shape.calls(); i++) call.perform(cost);   // one after another
            }
            case FANOUT -> fanOut(cost);
        }
    }

    /** The shape's N calls at once; returns when all are back, throws the first failure. */
    protected abstract void fanOut(Duration cost);

    /** How this model forks a fan-out, for the banner. */
    protected abstract String forks();

    @Override public WorkKind kind() { return call.kind(); }
    @Override public Optional<String> pool() { return call.pool(); }
    @Override public Map<String, String> workerOptions() { return call.workerOptions(); }

    @Override
    public String describe() {
        return switch (shape.kind()) {
            case SINGLE -> call.describe();
            case CHAIN -> call.describe() + "; " + shape + ": " + shape.calls() + " calls one after another";
            case FANOUT -> call.describe() + "; " + shape + ": " + forks();
        };
    }

    /** A fork's failure as the call threw it ({@code NoFreeConnection}, {@code ServiceFailed}), not wrapped. */
    static RuntimeException unwrap(Throwable failure) {
        if (failure instanceof RuntimeException r) return r;
        if (failure instanceof Error e) throw e;
        return new IllegalStateException(failure);
    }

    static IllegalStateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("work interrupted (server stopping)", e);
    }
}
