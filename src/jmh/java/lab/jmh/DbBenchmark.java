package lab.jmh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lab.config.Options;
import lab.setup.WorkSetup;
import lab.work.Work;
import lab.work.db.Postgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One database round trip through each client stack the lab's db work uses, on a throwaway
 * PostgreSQL started in setup: the cost-0 query ({@code SELECT name FROM lab_items WHERE id = ?},
 * one row by primary key: about what {@code SELECT 1} costs, through the lab's own pools and
 * statements) via JDBC + HikariCP called from a new virtual thread, and via R2DBC + r2dbc-pool.
 * The difference is each stack's own price per query; the database's share is the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DbBenchmark {

    private Postgres cluster;
    private Work jdbc;
    private Work r2dbc;
    private ExecutorService virtual;

    @Setup(Level.Trial)
    public void start() {
        cluster = Postgres.start(Path.of("target"), 40);
        Options options = Options.of(Map.of("work", "db", "db.url", cluster.jdbcUrl()));
        jdbc = WorkSetup.start(options, Work.Form.BLOCKING);
        r2dbc = WorkSetup.start(options, Work.Form.NON_BLOCKING);
        virtual = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void stop() {
        virtual.shutdownNow();
        try {
            r2dbc.close();
            jdbc.close();
        } finally {
            cluster.close();   // stopped and deleted
        }
    }

    @Benchmark
    public void jdbcHikariOnVirtualThread() throws InterruptedException, ExecutionException {
        virtual.submit(() -> jdbc.perform(Duration.ZERO)).get();
    }

    @Benchmark
    public void r2dbcPool() {
        r2dbc.nonBlocking(Duration.ZERO).block();
    }
}
