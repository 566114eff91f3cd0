package lab.jmh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The price of each scenario's hop, in process, without HTTP: one work step of cost 0 sent to
 * where the scenario runs it ({@link Hop}) and its answer back to the caller, which waits for it,
 * as an event loop or the JDK server's dispatcher waits for a request's answer. INLINE is the
 * floor; every other hop adds a hand-off and a thread wake-up on each side.
 *
 * <p>The step is CPU work of cost 0 (zero rounds, a volatile write), not sleep: {@code
 * Thread.sleep(0)} is a yield, which on a virtual thread unmounts it, and that is not the hop.
 * SampleTime's score is the mean too; AverageTime is kept as the low-overhead average (it reads
 * the clock once per iteration, not per sampled call).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HopBenchmark {

    @Param
    public Hop hop;   // no values listed: JMH takes every constant, so a new hop is measured without edits here

    private Hop.Trip trip;

    @Setup(Level.Trial)
    public void open() {
        trip = hop.open(CpuWork.withSpeed(1.0));   // the speed is irrelevant at cost 0: no rounds run
    }

    @TearDown(Level.Trial)
    public void close() {
        trip.close();
    }

    @Benchmark
    public String hop() throws Exception {
        return trip.go(Duration.ZERO);
    }
}
