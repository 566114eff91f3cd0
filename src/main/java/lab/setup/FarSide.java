package lab.setup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import lab.config.Options;
import lab.work.Work;
import lab.work.db.Database;
import lab.work.db.Postgres;
import lab.work.http.Downstream;
import lab.work.http.StatsLine;

/**
 * What http or db work calls, started by a harness beside the server it measures, not under it: the
 * downstream JVM, or a PostgreSQL cluster that logs the work's queries. The server's sampled CPU, RSS
 * and threads are then its own client stack's only. {@link #counters} says what the far side did so
 * far (the downstream's {@code /stats}, PostgreSQL's log: {@link lab.work.db.QueryLog}), read around
 * each cell or step for the harnesses' {@code wasted} columns. Sleep and cpu work call nothing.
 */
public final class FarSide implements AutoCloseable {

    private final Runnable stop;
    private final List<String> serverArgs;
    private final Supplier<Optional<StatsLine>> counters;

    private FarSide(Runnable stop, List<String> serverArgs, Supplier<Optional<StatsLine>> counters) {
        this.stop = stop;
        this.serverArgs = serverArgs;
        this.counters = counters;
    }

    /** Starts what a server of these options and this work form calls (a cluster sized for its connections). */
    public static FarSide start(Options serverOptions, Work.Form form) {
        return switch (serverOptions.work()) {
            case HTTP -> {
                Downstream downstream = Downstream.start(Options.of(Map.of()));
                yield new FarSide(downstream::close, List.of("downstream=" + downstream.base()), downstream::counters);
            }
            case DB -> {
                Postgres db = Database.cluster(WorkSetup.dbConnections(serverOptions, form), true);
                yield new FarSide(db::close, List.of("db.url=" + db.jdbcUrl()), db.queryLog()::counters);
            }
            case SLEEP, CPU -> none();
        };
    }

    /** Nothing started: the server calls nothing, or a harness measures a server it did not start. */
    public static FarSide none() {
        return new FarSide(() -> { }, List.of(), Optional::empty);
    }

    /** The options that point the server at it. */
    public List<String> serverArgs() {
        return serverArgs;
    }

    /** What it did so far; empty where nothing was started or it did not answer. */
    public Optional<StatsLine> counters() {
        return counters.get();
    }

    @Override
    public void close() {
        stop.run();
    }
}
