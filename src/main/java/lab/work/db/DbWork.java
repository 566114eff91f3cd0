package lab.work.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.BadGateway;
import lab.http.Overloaded;
import lab.work.Work;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code work=db}: {@code SELECT pg_sleep(cost)} on PostgreSQL; at cost 0, a real indexed
 * {@code SELECT} of one row of a small seeded table. Blocking form: JDBC (pgjdbc) through HikariCP.
 * Non-blocking form: R2DBC (r2dbc-postgresql) through r2dbc-pool. Both pools hold 10 connections
 * by default (each library's own default) or {@code -DpoolSize}; a query waits at most
 * {@code -DpoolWait} for one (then 503), and must finish within its cost plus {@link #QUERY_SLACK}
 * (then 502). The database is a throwaway {@link Postgres} cluster, or {@code -Ddb.url}.
 */
public final class DbWork implements Work {

    /** Opening a connection: longer means the database is not there (502). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A query must finish within cost + this (502 otherwise). */
    public static final Duration QUERY_SLACK = Duration.ofSeconds(10);
    /** HikariCP's default maximumPoolSize and r2dbc-pool's default maxSize. */
    public static final int LIBRARY_DEFAULT_POOL = 10;
    /** The cost-0 query's table: created (if missing) and filled at start. */
    public static final String TABLE = "lab_items";
    static final int ROWS = 1_000;
    /** Connections beyond the pools' for the lab's own (seeding) and a superuser's. */
    private static final int HEADROOM = 10;

    private static final String SLEEP_SQL = "SELECT pg_sleep(?)";
    private static final String LOOKUP_SQL = "SELECT name FROM " + TABLE + " WHERE id = ?";

    private final Postgres cluster;           // null: the user's database
    private final DbTarget target;
    private final Work.Form form;
    private final Options options;
    private final HikariDataSource hikari;    // null unless BLOCKING
    private final ConnectionPool r2dbc;       // null unless NON_BLOCKING

    private DbWork(Postgres cluster, DbTarget target, Work.Form form, Options options) {
        this.cluster = cluster;
        this.target = target;
        this.form = form;
        this.options = options;
        this.hikari = form == Work.Form.BLOCKING ? hikari(target, options) : null;
        this.r2dbc = form == Work.Form.NON_BLOCKING ? r2dbc(target, options) : null;
    }

    /** Starts (or finds) the database, seeds the cost-0 table and warms the pool of {@code form}. */
    public static DbWork start(Options options, Work.Form form) {
        Postgres cluster = null;
        DbTarget target;
        if (options.dbUrl().isPresent()) {
            target = DbTarget.parse(options.dbUrl().get());
        } else {
            int connections = form == Work.Form.IN_WORKERS ? options.workers() * workerPoolSize(options) : poolSize(options, form);
            cluster = Postgres.start(Path.of("target"), connections + HEADROOM);
            target = DbTarget.parse(cluster.jdbcUrl());
        }
        DbWork work = null;
        try {
            seed(target);
            work = new DbWork(cluster, target, form, options);
            work.warm();
            return work;
        } catch (RuntimeException e) {
            if (work != null) work.close();
            else if (cluster != null) cluster.close();
            throw e instanceof OptionException || e instanceof EnvironmentException ? e : new EnvironmentException("database " + target.shown() + ": " + e.getMessage());
        }
    }

    /** The pool's limit in this form: {@code -DpoolSize}, or the library's default (10 for both). */
    public static int poolSize(Options options, Work.Form form) {
        return options.poolSize().orElse(LIBRARY_DEFAULT_POOL);
    }

    /** A worker process runs one request at a time: one connection, unless -DpoolSize says more. */
    private static int workerPoolSize(Options options) {
        return options.poolSize().orElse(1);
    }

    private static HikariDataSource hikari(DbTarget target, Options options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("lab-jdbc");
        config.setDriverClassName("org.postgresql.Driver");   // not DriverManager: exec:java's class loader hides it
        config.setJdbcUrl(target.jdbcUrl());
        options.poolSize().ifPresent(config::setMaximumPoolSize);
        config.setConnectionTimeout(Math.max(250, options.poolWait().toMillis()));   // HikariCP's floor is 250 ms
        config.setDataSourceProperties(driverProperties(options));
        return new HikariDataSource(config);   // fails at once if the database is not there
    }

    private static ConnectionPool r2dbc(DbTarget target, Options options) {
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(target.host()).port(target.port()).database(target.database()).username(target.user())
                .password(target.password().isEmpty() ? null : target.password())
                .connectTimeout(CONNECT_TIMEOUT).build());
        int size = poolSize(options, Work.Form.NON_BLOCKING);
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory).name("lab-r2dbc")
                .initialSize(size).maxSize(size).maxAcquireTime(options.poolWait()).build());
    }

    /** pgjdbc's own bounds: connect, and a socket read that hangs past any legal query (seconds). */
    private static Properties driverProperties(Options options) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        p.setProperty("socketTimeout", Long.toString(options.maxCost().plus(QUERY_SLACK).toSeconds() + 5));
        return p;
    }

    /** The cost-0 table: {@value #ROWS} rows with a primary key, created only if missing. */
    private static void seed(DbTarget target) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        try (Connection c = new org.postgresql.Driver().connect(target.jdbcUrl(), p); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id int PRIMARY KEY, name text NOT NULL)");
            s.execute("INSERT INTO " + TABLE + " SELECT g, 'item ' || g FROM generate_series(1, " + ROWS + ") g ON CONFLICT DO NOTHING");
            s.execute("ANALYZE " + TABLE);
        } catch (SQLException e) {
            throw new EnvironmentException("database " + target.shown() + " is not usable: " + e.getMessage());
        }
    }

    /** Opens every connection of the pool before the first request (a new one costs tens of ms). */
    private void warm() {
        if (hikari != null) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < poolSize(options, form); i++) held.add(hikari.getConnection());
                for (Connection c : held) c.close();
            } catch (SQLException e) {
                throw new EnvironmentException("database " + target.shown() + ": " + e.getMessage());
            }
        }
        if (r2dbc != null) r2dbc.warmup().block(Duration.ofSeconds(60));
        if (form != Work.Form.IN_WORKERS) {
            perform0();   // one query end to end, so a broken setup fails here, not on the first request
        }
    }

    private void perform0() {
        if (hikari != null) perform(Duration.ZERO);
        else nonBlocking(Duration.ZERO).block(Duration.ofSeconds(30));
    }

    @Override
    public void perform(Duration cost) {
        if (hikari == null) throw new IllegalStateException("db work was built for " + form + ", not the blocking client");
        try (Connection c = hikari.getConnection();
             PreparedStatement s = c.prepareStatement(cost.isZero() ? LOOKUP_SQL : SLEEP_SQL)) {
            s.setQueryTimeout((int) Math.ceil(cost.plus(QUERY_SLACK).toMillis() / 1000.0));
            if (cost.isZero()) s.setInt(1, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
            else s.setDouble(1, cost.toNanos() / 1e9);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    r.getString(1);
                }
            }
        } catch (SQLTransientConnectionException e) {
            // HikariCP's timeout: with no cause the pool was full; with one, new connections failed.
            if (e.getCause() == null) {
                throw new Overloaded("no free database connection within " + Durations.format(options.poolWait())
                        + " (-DpoolSize=, -DpoolWait=): " + e.getMessage());
            }
            throw new BadGateway("database unreachable: " + e.getCause().getMessage());
        } catch (SQLException e) {
            throw new BadGateway("database: " + e.getMessage());
        }
    }

    @Override
    public Mono<Void> nonBlocking(Duration cost) {
        if (r2dbc == null) return Mono.error(new IllegalStateException("db work was built for " + form + ", not R2DBC"));
        Duration within = cost.plus(QUERY_SLACK);
        return Mono.usingWhen(r2dbc.create(),
                        c -> Flux.from(c.createStatement(cost.isZero() ? "SELECT name FROM " + TABLE + " WHERE id = $1" : "SELECT pg_sleep($1)")
                                        .bind("$1", cost.isZero() ? (Object) ThreadLocalRandom.current().nextInt(1, ROWS + 1)
                                                : (Object) (cost.toNanos() / 1e9))
                                        .execute())
                                .flatMap(result -> result.map((row, meta) -> 1))
                                .then()
                                .timeout(within),
                        io.r2dbc.spi.Connection::close)
                .onErrorMap(e -> !(e instanceof Overloaded || e instanceof BadGateway), e -> r2dbcFailure(e, within));
    }

    private RuntimeException r2dbcFailure(Throwable e, Duration within) {
        if (e instanceof R2dbcTimeoutException && String.valueOf(e.getMessage()).contains("acquisition")) {
            return new Overloaded("no free database connection within " + Durations.format(options.poolWait())
                    + " (-DpoolSize=, -DpoolWait=)");
        }
        if (e instanceof TimeoutException) return new BadGateway("database did not answer within " + Durations.format(within));
        return new BadGateway("database: " + e.getMessage());
    }

    @Override
    public WorkKind kind() {
        return WorkKind.DB;
    }

    @Override
    public String describe() {
        String client = switch (form) {
            case BLOCKING -> "JDBC (pgjdbc) + HikariCP";
            case NON_BLOCKING -> "R2DBC (r2dbc-postgresql) + r2dbc-pool";
            case IN_WORKERS -> "each worker's JDBC + HikariCP";
        };
        String where = cluster == null ? target.shown() + " (-Ddb.url)"
                : "a throwaway PostgreSQL at 127.0.0.1:" + cluster.port() + " in " + cluster.directory();
        return "db (" + client + ": SELECT pg_sleep(cost); cost 0: one row of " + TABLE + " by primary key; " + where + ")";
    }

    @Override
    public Optional<String> pool() {
        String size = options.poolSize().isPresent() ? "-DpoolSize" : "its default";
        String wait = ", wait up to " + Durations.format(options.poolWait()) + " (-DpoolWait) then 503";
        return Optional.of(switch (form) {
            case BLOCKING -> "HikariCP: " + poolSize(options, form) + " connections (" + size + " maximumPoolSize)" + wait;
            case NON_BLOCKING -> "r2dbc-pool: " + poolSize(options, form) + " connections (" + size + " maxSize)" + wait;
            case IN_WORKERS -> "each worker's own HikariCP pool of " + workerPoolSize(options)
                    + " connection(s) (a worker runs one request at a time; -DpoolSize sets it)";
        });
    }

    @Override
    public Map<String, String> workerOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("work", "db");
        o.put("db.url", target.jdbcUrl());
        o.put("poolSize", Integer.toString(workerPoolSize(options)));
        o.put("poolWait", Durations.format(options.poolWait()));
        o.put("maxCost", Durations.format(options.maxCost()));
        return o;
    }

    /** The throwaway cluster, if the lab started one (tests stop it to see the failure answers). */
    public Optional<Postgres> cluster() {
        return Optional.ofNullable(cluster);
    }

    @Override
    public void close() {
        try {
            if (hikari != null) hikari.close();
            if (r2dbc != null) r2dbc.disposeLater().block(Duration.ofSeconds(5));
        } finally {
            if (cluster != null) cluster.close();
        }
    }
}
