package lab.work.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import lab.config.Durations;
import lab.config.Options;
import lab.config.WorkKind;
import lab.work.NoFreeConnection;
import lab.work.ServiceFailed;
import lab.work.Work;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code work=db}, non-blocking form: the same queries with R2DBC (r2dbc-postgresql) through
 * r2dbc-pool, 10 connections (its default maxSize, and as many opened at start) or
 * {@code -DpoolSize}. A query waits at most {@code -DpoolWait} for a connection (then
 * {@link NoFreeConnection}) and must finish within cost + {@link Database#QUERY_SLACK} (then
 * {@link ServiceFailed}). No thread waits for the answer.
 */
public final class R2dbcWork implements Work {

    private static final String SLEEP_SQL = Database.sleepStatement("$1");
    private static final String LOOKUP_SQL = Database.lookupStatement("$1");

    private final Database database;
    private final Options options;
    private final ConnectionPool pool;

    private R2dbcWork(Database database, Options options) {
        this.database = database;
        this.options = options;
        DbTarget target = database.target();
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(target.host()).port(target.port()).database(target.database()).username(target.user())
                .password(target.password().isEmpty() ? null : target.password())
                .connectTimeout(Database.CONNECT_TIMEOUT).build());
        int size = poolSize(options);
        // acquireRetry(0): r2dbc-pool's default of 1 retries the whole acquire, its maxAcquireTime timeout
        // included, so a starved call waited 2 × poolWait (and went to the back of the queue) before its 503
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).name("lab-r2dbc")
                .initialSize(size).maxSize(size).maxAcquireTime(options.poolWait()).acquireRetry(0).build());
    }

    /** Opens every connection of the pool and runs one query; owns {@code database} from here on. */
    public static R2dbcWork start(Database database, Options options) {
        return database.client(() -> new R2dbcWork(database, options), work -> {
            work.pool.warmup().block(Duration.ofSeconds(60));
            work.perform(Duration.ZERO);   // one query end to end, so a broken setup fails here, not on the first request
        });
    }

    /** {@code -DpoolSize}, or r2dbc-pool's default maxSize. */
    public static int poolSize(Options options) {
        return options.poolSize().orElse(Database.LIBRARY_DEFAULT_POOL);
    }

    /** The same query, waited for: for callers that have a thread to spare (never an event loop). */
    @Override
    public void perform(Duration cost) {
        nonBlocking(cost).block();
    }

    @Override
    public Mono<Void> nonBlocking(Duration cost) {
        Duration within = cost.plus(Database.QUERY_SLACK);
        Object argument = cost.isZero() ? (Object) Database.randomId() : (Object) Database.seconds(cost);
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.usingWhen(acquire(),
                        c -> Flux.from(c.createStatement(cost.isZero() ? LOOKUP_SQL : SLEEP_SQL).bind("$1", argument).execute())
                                .flatMap(result -> result.map((row, meta) -> 1))
                                .then()
                                .timeout(within)
                                .doOnCancel(() -> {
                                    cancelQuery(c);
                                    WastedQueries.add(start);   // until the cancel: the query then goes
                                }),
                        Connection::close)
                .onErrorMap(e -> !(e instanceof NoFreeConnection), e -> e instanceof TimeoutException
                        ? new ServiceFailed("database did not answer within " + Durations.format(within))
                        : new ServiceFailed("database: " + e.getMessage()));
        });
    }

    /**
     * A cancelled subscription (a deadline, a client gone) only stops reading the answer: PostgreSQL
     * would finish the query for nobody, and the pool would hand out a connection still busy with
     * it. The driver's cancel request (a second connection, as pgjdbc's query timeout) stops it.
     */
    private static void cancelQuery(Connection c) {
        Object raw = c instanceof Wrapped<?> w ? w.unwrap() : c;
        if (raw instanceof PostgresqlConnection pg) pg.cancelRequest().onErrorComplete().subscribe();
    }

    /** A connection from the pool; its timeout there (maxAcquireTime = -DpoolWait) is the full pool's 503. */
    private Mono<Connection> acquire() {
        return pool.create().onErrorMap(R2dbcTimeoutException.class, e -> new NoFreeConnection(
                "no free database connection within " + Durations.format(options.poolWait()) + " (-DpoolSize=, -DpoolWait=)"));
    }

    @Override
    public WorkKind kind() {
        return WorkKind.DB;
    }

    @Override
    public String describe() {
        return database.describe("R2DBC (r2dbc-postgresql) + r2dbc-pool");
    }

    @Override
    public Optional<String> pool() {
        return Optional.of(Database.poolLine("r2dbc-pool", poolSize(options), "maxSize", options));
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            pool.disposeLater().block(Duration.ofSeconds(5));
        } finally {
            database.close();
        }
    }
}
