package lab.work;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import lab.config.Options;
import lab.config.WorkKind;
import lab.work.db.DbWork;
import lab.work.http.HttpWork;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code do_something_expensive()}: a plain blocking Java method. Scenarios decide only
 * <em>where</em> it runs (the one thread, an event loop, a pool, a virtual thread, a worker process).
 * Work that calls a real service (http, db) owns what it started (a downstream JVM, a PostgreSQL
 * cluster, a connection pool): {@link #close} ends them, after the server.
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

    /** Blocks the calling thread for about {@code cost}: sleeping, burning one core, or waiting on a service. */
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

    /** Sleep or CPU work (CPU is calibrated here, once: a few hundred ms). */
    static Work of(WorkKind kind) {
        return switch (kind) {
            case SLEEP -> new SleepWork();
            case CPU -> CpuWork.calibrate();
            case HTTP, DB -> throw new IllegalArgumentException(kind.label() + " work needs its options: Work.of(options, form)");
        };
    }

    /**
     * The work the options ask for, with the client of {@code form}. http and db start their
     * service (unless the options name one) and warm the pool before returning.
     * @throws lab.config.OptionException with one line if the service cannot start
     */
    static Work of(Options options, Form form) {
        return switch (options.work()) {
            case SLEEP, CPU -> of(options.work());
            case HTTP -> HttpWork.start(options, form);
            case DB -> DbWork.start(options, form);
        };
    }
}
