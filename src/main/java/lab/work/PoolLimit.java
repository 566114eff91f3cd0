package lab.work;

import lab.config.Options;
import lab.measure.Theory;
import lab.work.db.DbWork;
import lab.work.http.HttpWork;

/**
 * The one place that knows how many calls a work's client pool lets through at once. A scenario's
 * k (Little's law) is min(its own capacity, this): virtual threads remove the thread limit, not
 * the pool's. Read from the options alone, so the banner and the comparison's theory agree
 * without starting anything.
 */
public final class PoolLimit {

    private PoolLimit() {}

    /** Connections the work may use at once in this form, or {@link Theory#UNBOUNDED}. */
    public static int of(Options options, Work.Form form) {
        if (form == Work.Form.IN_WORKERS) return Theory.UNBOUNDED;   // a pool per worker, each worker one request at a time
        return switch (options.work()) {
            case SLEEP, CPU -> Theory.UNBOUNDED;
            case HTTP -> HttpWork.poolSize(options, form);
            case DB -> DbWork.poolSize(options, form);
        };
    }

    /** min(capacity, pool): what the banner and the comparison call k. */
    public static int inFlight(int capacity, Options options, Work.Form form) {
        return Math.min(capacity, of(options, form));
    }
}
