package lab.work;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import lab.config.WorkKind;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code do_something_expensive()}: a plain blocking Java method. Scenarios decide only
 * <em>where</em> it runs (the one thread, an event loop, a pool, a virtual thread, a worker process).
 * Work that calls a real service (http, db) owns what it started (a downstream JVM, a PostgreSQL
 * cluster, a connection pool): {@link #close} ends them, after the server. Its failures are its own
 * ({@link NoFreeConnection}, {@link ServiceFailed}): the servers decide what they answer. Which
 * class the options and a scenario's {@link Form} call for is decided above, in {@code lab.setup}.
 */
public interface Work extends AutoCloseable {

    /** Which client a scenario calls, and so which pool the work builds. */
    enum Form {
        /** {@link #perform} on the scenario's own threads: JDK HttpClient, JDBC + HikariCP. */
        BLOCKING,
        /** {@link #nonBlocking}: Reactor Netty's HttpClient, R2DBC + r2dbc-pool. */
        NON_BLOCKING,
        /** In worker processes: this JVM only starts the shared service; each worker builds its own client. */
        IN_WORKERS
    }

    /**
     * Blocks the calling thread for about {@code cost}: sleeping, burning one core, or waiting on a service.
     * @throws NoFreeConnection if the client pool had no connection within -DpoolWait
     * @throws ServiceFailed if the downstream or the database failed the call
     */
    void perform(Duration cost);

    /**
     * The non-blocking form of the wait: completes after about {@code cost} without holding a thread.
     * Only waiting has one; CPU work has none.
     */
    default Mono<Void> nonBlocking(Duration cost) {
        return Mono.error(new UnsupportedOperationException(kind().label() + " work has no non-blocking form"));
    }

    WorkKind kind();

    /** One line for the banner. */
    String describe();

    /** The banner's line about the connection pool that bounds this work, if any. */
    default Optional<String> pool() {
        return Optional.empty();
    }

    /** For http/db work in worker processes: the options a worker needs to build its own client. */
    default Map<String, String> workerOptions() {
        throw new UnsupportedOperationException(kind().label() + " work is handed to workers by WorkerMain's own arguments");
    }

    /** Ends what the work started (pools, a downstream JVM, a database); nothing for sleep and cpu. */
    @Override
    default void close() {}

    /** {@code work} once {@code ready} has run on it (warm its pool, one call end to end); closed, and the failure passed on, if that failed. */
    static <W extends Work> W readied(W work, Consumer<W> ready) {
        try {
            ready.accept(work);
            return work;
        } catch (RuntimeException e) {
            work.close();
            throw e;
        }
    }
}
