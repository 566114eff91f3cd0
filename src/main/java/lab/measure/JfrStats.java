package lab.measure;

/**
 * What the server JVM's own flight recorder saw during one cell (see {@link JfrReader}).
 *
 * @param gcPauseTotalMs   stop-the-world GC pause time, summed over the collections that began in the cell
 * @param gcPauseMaxMs     the longest single pause among them (0 when no collection ran)
 * @param allocMbPerSecond heap allocation rate, MB/s, from JFR's new-TLAB and outside-TLAB events
 * @param pinned           {@code jdk.VirtualThreadPinned} events that began in the cell (a virtual thread
 *                         that blocked at least 20 ms while it could not leave its carrier)
 */
public record JfrStats(double gcPauseTotalMs, double gcPauseMaxMs, double allocMbPerSecond, long pinned) {

    /** {@code metric} of a cell's or step's reading, NaN (blank in tables) where there is none. */
    public static double of(JfrStats stats, java.util.function.ToDoubleFunction<JfrStats> metric) {
        return stats == null ? Double.NaN : metric.applyAsDouble(stats);
    }
}
