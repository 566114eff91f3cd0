package lab.setup;

import lab.config.Options;
import lab.measure.Theory;
import lab.work.CpuWork;
import lab.work.SleepWork;
import lab.work.Work;
import lab.work.db.Database;
import lab.work.db.DbInWorkers;
import lab.work.db.JdbcWork;
import lab.work.db.R2dbcWork;
import lab.work.http.Downstream;
import lab.work.http.HttpInWorkers;
import lab.work.http.JdkHttpWork;
import lab.work.http.NettyHttpWork;

/**
 * Options + a scenario's {@link Work.Form} → the one work class that serves them, started: the
 * only place that knows every work class, so that {@code lab.work} needs none of this. It also
 * says, from the options alone, how many calls the work's client pool lets through at once: a
 * scenario's k (Little's law) is min(its own capacity, that), since virtual threads remove the
 * thread limit, not the pool's. The banner and the comparison's theory read the same number
 * without starting anything.
 */
public final class WorkSetup {

    private WorkSetup() {}

    /**
     * The work the options ask for, with the client of {@code form}. http and db start their
     * service (unless the options name one) and warm the pool before returning; CPU work is
     * calibrated here (a few hundred ms).
     * @throws lab.config.EnvironmentException with one line if the service cannot start or is not usable
     */
    public static Work start(Options options, Work.Form form) {
        return switch (options.work()) {
            case SLEEP -> new SleepWork();
            case CPU -> CpuWork.calibrate();
            case HTTP -> http(options, form);
            case DB -> db(options, form);
        };
    }

    private static Work http(Options options, Work.Form form) {
        Downstream downstream = Downstream.start(options);
        try {
            return switch (form) {
                case BLOCKING -> JdkHttpWork.start(downstream, options);
                case NON_BLOCKING -> NettyHttpWork.start(downstream, options);
                case IN_WORKERS -> HttpInWorkers.start(downstream, options);
            };
        } catch (RuntimeException e) {
            downstream.close();   // the work owns it only once started
            throw e;
        }
    }

    private static Work db(Options options, Work.Form form) {
        Database database = Database.start(options, dbConnections(options, form));
        try {
            return switch (form) {
                case BLOCKING -> JdbcWork.start(database, options);
                case NON_BLOCKING -> R2dbcWork.start(database, options);
                case IN_WORKERS -> DbInWorkers.start(database, options);
            };
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The database connections db work of this form opens at most: its pool, or every worker's. */
    public static int dbConnections(Options options, Work.Form form) {
        return form == Work.Form.IN_WORKERS ? DbInWorkers.connections(options) : poolLimit(options, form);
    }

    /** Connections the work may use at once in this form, or {@link Theory#UNBOUNDED}. */
    public static int poolLimit(Options options, Work.Form form) {
        if (form == Work.Form.IN_WORKERS) return Theory.UNBOUNDED;   // a pool per worker, each worker one request at a time
        boolean blocking = form == Work.Form.BLOCKING;
        return switch (options.work()) {
            case HTTP -> blocking ? JdkHttpWork.poolSize(options) : NettyHttpWork.poolSize(options);
            case DB -> blocking ? JdbcWork.poolSize(options) : R2dbcWork.poolSize(options);
            case SLEEP, CPU -> Theory.UNBOUNDED;
        };
    }
}
