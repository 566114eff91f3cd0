package lab.compare;

/**
 * What ab reported for one cell. Times in ms; NaN where ab gave no number (it stopped on a
 * timeout, or nothing completed). {@code problem} is null for a normal run.
 */
public record AbResult(double requestsPerSecond, double meanMs, double p50Ms, double p90Ms, double p99Ms,
                       double maxMs, long completed, long failed, long non2xx, long keepAlive, String problem) {

    public static AbResult failed(long completed, String problem) {
        return new AbResult(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                completed, 0, 0, 0, problem);
    }
}
