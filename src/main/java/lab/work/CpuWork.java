package lab.work;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import lab.config.WorkKind;

/**
 * CPU-bound work of a requested cost on one core: an iterated 64-bit mixing hash (xorshift then a
 * multiply), each round depending on the last so the JIT can neither vectorise nor skip it, and the
 * result written to a volatile field so it is never dead code. The number of rounds per nanosecond
 * is measured once, at startup, on this machine, by the calibrating thread's CPU time: by the wall
 * clock, the pauses of a throttled pod (a CFS quota spent) or of a busy machine would enter the
 * calibration, and a "20 ms" request would then burn less CPU than it says.
 */
public final class CpuWork implements Work {

    private static volatile long sink;

    private final double roundsPerNano;
    private final Duration calibrationTime;

    private CpuWork(double roundsPerNano, Duration calibrationTime) {
        this.roundsPerNano = roundsPerNano;
        this.calibrationTime = calibrationTime;
    }

    /** Work with a known speed (e.g. handed to a worker process by its parent), no calibration. */
    public static CpuWork withSpeed(double roundsPerNano) {
        if (!(roundsPerNano > 0)) throw new IllegalArgumentException("rounds per ns must be > 0");
        return new CpuWork(roundsPerNano, Duration.ZERO);
    }

    /** Warms the loop up so the JIT compiles it, then times it by this thread's CPU time: the median of several samples. */
    public static CpuWork calibrate() {
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) sink = rounds(2_000_000);   // warm-up: reach the compiled loop
        long n = 5_000_000;
        double[] speeds = new double[7];
        for (int i = 0; i < speeds.length; i++) {
            long t0 = cpuTime();
            sink = rounds(n);
            long took = Math.max(1, cpuTime() - t0);
            speeds[i] = (double) n / took;
        }
        Arrays.sort(speeds);
        return new CpuWork(speeds[speeds.length / 2], Duration.ofNanos(System.nanoTime() - start));
    }

    /** This thread's CPU time in ns; the wall clock only on a JVM that cannot measure it. */
    private static long cpuTime() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled() ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }

    @Override
    public void perform(Duration cost) {
        sink = rounds(roundsFor(cost));
    }

    public long roundsFor(Duration cost) {
        return Math.round(cost.toNanos() * roundsPerNano);
    }

    public double roundsPerNano() {
        return roundsPerNano;
    }

    static long rounds(long n) {
        long x = 0x9E3779B97F4A7C15L ^ n;
        for (long i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x *= 0xBF58476D1CE4E5B9L;
        }
        return x;
    }

    @Override
    public WorkKind kind() {
        return WorkKind.CPU;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "cpu (busy hashing on one core; calibrated %.0f M rounds/s in %d ms)",
                roundsPerNano * 1e3, calibrationTime.toMillis());
    }
}
