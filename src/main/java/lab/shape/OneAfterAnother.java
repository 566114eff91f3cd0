package lab.shape;

import java.time.Duration;
import lab.config.Shape;
import lab.work.Work;

/**
 * The process pool's form, inside the worker: a worker runs one request at a time on one thread,
 * so its N calls run one after another, a fan-out too (forking threads inside a worker would make
 * it more than "one request, one process"). fanout:N there costs what chain:N costs.
 */
public final class OneAfterAnother extends Shaped {

    private OneAfterAnother(Shape shape, Work call) {
        super(shape.sequential(), call);
    }

    public static Work of(Shape shape, Work call) {
        return shape.isSingle() ? call : new OneAfterAnother(shape, call);
    }

    @Override
    protected void fanOut(Duration cost) {
        throw new AssertionError("a fan-out runs here as a chain");
    }

    @Override
    protected String forks() {
        return "one after another";
    }
}
