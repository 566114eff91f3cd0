package lab.work.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import lab.config.EnvironmentException;
import lab.config.OptionException;
import lab.config.Options;
import lab.work.NoFreeConnection;
import lab.work.Work;

/**
 * The database that {@code work=db} queries: by default a throwaway {@link Postgres} cluster,
 * started here and stopped by {@link #close}; or the user's, {@code -Ddb.url}. Either way the
 * cost-0 table is seeded before anything serves. What both clients share lives here: the
 * queries, their bounds, and the pool's default size.
 */
public final class Database implements AutoCloseable {

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

    private final Postgres cluster;   // null: the user's database
    private final DbTarget target;

    private Database(Postgres cluster, DbTarget target) {
        this.cluster = cluster;
        this.target = target;
    }

    /**
     * The user's database, or a new cluster allowing {@code connections} (the pools') plus headroom;
     * seeded for cost 0.
     * @throws EnvironmentException with one line if PostgreSQL will not start or the database is not usable
     */
    public static Database start(Options options, int connections) {
        if (options.dbUrl().isPresent()) {
            Database user = new Database(null, DbTarget.parse(options.dbUrl().get()));
            user.seed();
            return user;
        }
        Postgres cluster = cluster(connections, false);
        Database own = new Database(cluster, DbTarget.parse(cluster.jdbcUrl()));
        try {
            own.seed();
            return own;
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * A throwaway cluster under {@code target/} (a Unix socket path must stay short) for clients that use
     * {@code connections} at most, plus headroom; a harness's logs its queries ({@link QueryLog}).
     */
    public static Postgres cluster(int connections, boolean logQueries) {
        return Postgres.start(Path.of("target"), connections + HEADROOM, logQueries);
    }

    /** The cost-0 table: {@value #ROWS} rows with a primary key, created only if missing. */
    private void seed() {
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

    /** A client that failed to start: the user's mistake and the machine's refusal pass, anything else is the database's. */
    RuntimeException unusable(RuntimeException e) {
        return e instanceof OptionException || e instanceof EnvironmentException ? e
                : new EnvironmentException("database " + target.shown() + ": " + e.getMessage());
    }

    /**
     * A client of this database: built by {@code build} (a pool that fails at once if the database is
     * not there), then readied by {@code warm}. A failure in either is one line, and what was built is
     * closed, this database with it.
     */
    <W extends Work> W client(Supplier<W> build, Consumer<W> warm) {
        W work;
        try {
            work = build.get();
        } catch (RuntimeException e) {
            throw unusable(e);
        }
        try {
            return Work.readied(work, warm);
        } catch (RuntimeException e) {
            throw unusable(e);
        }
    }

    /** The banner's pool line of a client of {@code size} connections, {@code setting} being its library's name for it. */
    static String poolLine(String library, int size, String setting, Options options) {
        return library + ": " + size + " connections (" + (options.poolSize().isPresent() ? "-DpoolSize" : "its default")
                + " " + setting + ")" + NoFreeConnection.bound(options);
    }

    /** A row id of the cost-0 table. */
    static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, ROWS + 1);
    }

    /**
     * The work's two statements, written with the driver's placeholder. PostgreSQL logs both
     * drivers' as {@code $1} (pgjdbc sends its {@code ?} so), which is how {@link QueryLog} knows them.
     */
    static String sleepStatement(String placeholder) {
        return "SELECT pg_sleep(" + placeholder + ")";
    }

    static String lookupStatement(String placeholder) {
        return "SELECT name FROM " + TABLE + " WHERE id = " + placeholder;
    }

    /** {@code pg_sleep}'s argument. */
    static double seconds(Duration cost) {
        return cost.toNanos() / 1e9;
    }

    public DbTarget target() {
        return target;
    }

    /** The banner's words for the queries and where they go, after the client's name. */
    String describe(String client) {
        String where = cluster == null ? target.shown() + " (-Ddb.url)"
                : "a throwaway PostgreSQL at 127.0.0.1:" + cluster.port() + " in " + cluster.directory();
        return "db (" + client + ": SELECT pg_sleep(cost); cost 0: one row of " + TABLE + " by primary key; " + where + ")";
    }

    /** The throwaway cluster, if the lab started one (tests stop it to see the failure answers). */
    public Optional<Postgres> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** Stops and deletes the cluster the lab started; nothing for the user's own. Safe to call twice. */
    @Override
    public void close() {
        if (cluster != null) cluster.close();
    }
}
