package lab.work.db;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import lab.config.Durations;
import lab.config.Options;
import lab.config.WorkKind;
import lab.work.Work;

/**
 * {@code work=db} in worker processes: this JVM only starts (or finds) the {@link Database} and
 * hands its URL to the workers; each worker builds its own {@link JdbcWork} from
 * {@link #workerOptions}, with a pool of one connection (it runs one request at a time) unless
 * {@code -DpoolSize} says more. Nothing here queries the database.
 */
public final class DbInWorkers implements Work {

    private final Database database;
    private final Options options;

    private DbInWorkers(Database database, Options options) {
        this.database = database;
        this.options = options;
    }

    /** Owns {@code database} from here on (started and seeded by the caller). */
    public static DbInWorkers start(Database database, Options options) {
        return new DbInWorkers(database, options);
    }

    /** Each worker's pool: one connection, unless -DpoolSize says more. */
    public static int workerPoolSize(Options options) {
        return options.poolSize().orElse(1);
    }

    /** What the database must allow: every worker's pool. */
    public static int connections(Options options) {
        return options.workers() * workerPoolSize(options);
    }

    /** The workers do it: the process pool never calls this. */
    @Override
    public void perform(Duration cost) {
        throw new UnsupportedOperationException("db work for worker processes runs in the workers");
    }

    @Override
    public WorkKind kind() {
        return WorkKind.DB;
    }

    @Override
    public String describe() {
        return database.describe("each worker's JDBC + HikariCP");
    }

    @Override
    public Optional<String> pool() {
        return Optional.of("each worker's own HikariCP pool of " + workerPoolSize(options)
                + " connection(s) (a worker runs one request at a time; -DpoolSize sets it)");
    }

    @Override
    public Map<String, String> workerOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("work", "db");
        o.put("db.url", database.target().jdbcUrl());
        o.put("poolSize", Integer.toString(workerPoolSize(options)));
        o.put("poolWait", Durations.format(options.poolWait()));
        o.put("maxCost", Durations.format(options.maxCost()));
        return o;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
