package lab.work.db;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The database time spent for answers nobody used: a query whose request was cancelled (Reactor's
 * cancel, a client gone where the stack notices), whose thread was interrupted, or whose deadline
 * passed. Counted by the work's DB clients ({@link JdbcWork}, {@link R2dbcWork}) from the query's
 * start to its end or cancel, the time PostgreSQL held a connection busy for nobody; one counter per
 * JVM (a server is one JVM). A stack that does not notice a departed client (the JDK server, Jetty,
 * Tomcat, without a deadline) cannot tell the clients, so there the waste is not seen (docs/deadlines.md).
 */
public final class WastedQueries {

    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong NANOS = new AtomicLong();

    private WastedQueries() {}

    /** One query whose answer nobody used, started at System.nanoTime() {@code startNanos}. */
    static void add(long startNanos) {
        COUNT.incrementAndGet();
        NANOS.addAndGet(System.nanoTime() - startNanos);
    }

    public static long count() {
        return COUNT.get();
    }

    public static long millis() {
        return NANOS.get() / 1_000_000;
    }
}
