package lab.work.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.jdbc.PgStatement;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.work.ConnectionPermits;
import lab.work.Deadline;
import lab.work.NoFreeConnection;
import lab.work.ServiceFailed;
import lab.work.Work;

/**
 * {@code work=db}, blocking form: {@code SELECT pg_sleep(cost)} (cost 0: one row by primary key)
 * with JDBC (pgjdbc) through HikariCP, 10 connections (its default) or {@code -DpoolSize}. A query
 * waits at most {@code -DpoolWait} for a connection (then {@link NoFreeConnection}) and must finish
 * within cost + {@link Database#QUERY_SLACK} (then {@link ServiceFailed}).
 */
public final class JdbcWork implements Work {

    private static final String SLEEP_SQL = Database.sleepStatement("?");
    private static final String LOOKUP_SQL = Database.lookupStatement("?");

    private final Database database;
    private final Options options;
    private final HikariDataSource pool;
    /**
     * One permit per pool connection, waited for at most -DpoolWait: HikariCP cannot wait less than
     * 250 ms for a connection (its floor for connectionTimeout), so the bound is kept here, as the JDK
     * http client's is. With a permit, a connection is free unless HikariCP is replacing a broken one.
     */
    private final ConnectionPermits permits;

    private JdbcWork(Database database, Options options) {
        this.database = database;
        this.options = options;
        this.pool = hikari(database.target(), options);
        this.permits = new ConnectionPermits(poolSize(options), options.poolWait(), "database");
    }

    /** Opens every connection of the pool and runs one query; owns {@code database} from here on. */
    public static JdbcWork start(Database database, Options options) {
        return database.client(() -> new JdbcWork(database, options), JdbcWork::warm);   // HikariCP fails at once if the database is not there
    }

    /** {@code -DpoolSize}, or HikariCP's default maximumPoolSize. */
    public static int poolSize(Options options) {
        return options.poolSize().orElse(Database.LIBRARY_DEFAULT_POOL);
    }

    /** HikariCP's floor for {@code connectionTimeout}: a shorter one is raised to it (its own log says so). */
    static final long HIKARI_MIN_WAIT_MS = 250;

    private static HikariDataSource hikari(DbTarget target, Options options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("lab-jdbc");
        config.setDriverClassName("org.postgresql.Driver");   // not DriverManager: exec:java's class loader hides it
        config.setJdbcUrl(target.jdbcUrl());
        options.poolSize().ifPresent(config::setMaximumPoolSize);   // else its own default, LIBRARY_DEFAULT_POOL
        config.setConnectionTimeout(Math.max(HIKARI_MIN_WAIT_MS, options.poolWait().toMillis()));
        config.setDataSourceProperties(driverProperties(options));
        return new HikariDataSource(config);
    }

    /** pgjdbc's own bounds: connect, and a socket read that hangs past any legal query (seconds). */
    private static Properties driverProperties(Options options) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", Long.toString(Database.CONNECT_TIMEOUT.toSeconds()));
        p.setProperty("socketTimeout", Long.toString(options.maxCost().plus(Database.QUERY_SLACK).toSeconds() + 5));
        return p;
    }

    /** Every connection before the first request (a new one costs tens of ms), then one query end to end. */
    private void warm() {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize(options); i++) held.add(pool.getConnection());
            for (Connection c : held) c.close();
        } catch (SQLException e) {
            throw new EnvironmentException("database " + database.target().shown() + ": " + e.getMessage());
        }
        perform(Duration.ZERO);
    }

    @Override
    public void perform(Duration cost) {
        long start = System.nanoTime();
        try {
            query(cost);
        } finally {
            // the answer is read by nobody: the request's thread was interrupted (Reactor's cancel, the
            // deadline's backstop) or its deadline passed (pgjdbc's cancel, or a query that ended late)
            if (Thread.currentThread().isInterrupted() || Deadline.hasPassed()) WastedQueries.add(start);
        }
    }

    private void query(Duration cost) {
        permits.acquire();
        try {
            queryWithPermit(cost);
        } finally {
            permits.release();
        }
    }

    private void queryWithPermit(Duration cost) {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement(cost.isZero() ? LOOKUP_SQL : SLEEP_SQL)) {
            // pgjdbc's own timer sends PostgreSQL a cancel request; in ms (JDBC's setQueryTimeout has whole
            // seconds), and no later than the request's deadline if it has one
            s.unwrap(PgStatement.class).setQueryTimeoutMs(Deadline.bound(cost.plus(Database.QUERY_SLACK)).toMillis());
            if (cost.isZero()) s.setInt(1, Database.randomId());
            else s.setDouble(1, Database.seconds(cost));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    r.getString(1);
                }
            }
        } catch (SQLTransientConnectionException e) {
            // HikariCP's timeout: with no cause the pool was full; with one, new connections failed.
            if (e.getCause() == null) {
                throw new NoFreeConnection("no free database connection within " + Durations.format(options.poolWait())
                        + " (-DpoolSize=, -DpoolWait=): " + e.getMessage());
            }
            throw new ServiceFailed("database unreachable: " + e.getCause().getMessage());
        } catch (SQLException e) {
            throw new ServiceFailed("database: " + e.getMessage());
        }
    }

    @Override
    public WorkKind kind() {
        return WorkKind.DB;
    }

    @Override
    public String describe() {
        return database.describe("JDBC (pgjdbc) + HikariCP");
    }

    @Override
    public Optional<String> pool() {
        String line = Database.poolLine("HikariCP", poolSize(options), "maximumPoolSize", options);
        // a hidden limit made visible: HikariCP raises a connectionTimeout under 250 ms to 250 ms
        return Optional.of(options.poolWait().toMillis() >= HIKARI_MIN_WAIT_MS ? line
                : line + " (a semaphore in front keeps it: HikariCP waits at least " + HIKARI_MIN_WAIT_MS + " ms)");
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            database.close();
        }
    }
}
