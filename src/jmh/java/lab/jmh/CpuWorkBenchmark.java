package lab.jmh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import lab.config.Durations;
import lab.work.CpuWork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The calibration check: one {@code CpuWork.perform(cost)} should take {@code cost}. The score
 * (ms/op) should read 1 and 10; a gap means the start-up calibration (a median of a few 5 M-round
 * samples) misjudged this machine's speed, e.g. because another process had the core meanwhile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CpuWorkBenchmark {

    @Param({"1ms", "10ms"})
    public String cost;

    private CpuWork work;
    private Duration duration;

    @Setup(Level.Trial)
    public void calibrate() {
        work = CpuWork.calibrate();   // as a server does at start-up
        duration = Durations.parse(cost);
    }

    @Benchmark
    public void perform() {
        work.perform(duration);   // writes its result to a volatile field: never dead code
    }
}
