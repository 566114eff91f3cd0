package lab.jmh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import lab.config.Shape;
import lab.shape.PlatformForks;
import lab.shape.ReactorCalls;
import lab.shape.VirtualThreadForks;
import lab.work.CpuWork;
import lab.work.Work;
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
import reactor.core.publisher.Mono;

/**
 * The price of composing N zero-cost calls in each model's idiom, with the lab's own composers
 * ({@code lab.shape}): Reactor's operators over a call that completes at once, {@code invokeAll}
 * on new virtual threads, and {@code CompletableFuture.runAsync} on a pool of platform threads (16,
 * so the widest fan-out finds a thread per call). A chain in the blocking models is a plain loop,
 * so only Reactor's chain is measured. The call is CPU work of cost 0 (a volatile write), as in
 * {@link HopBenchmark}: what remains is the composition.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShapeBenchmark {

    @Param({"1", "4", "16"})
    public int calls;

    private final Work call = CpuWork.withSpeed(1.0);   // the speed is irrelevant at cost 0: no rounds run
    private Shape fanout;
    private Shape chain;
    private Work virtualForks;
    private PlatformForks platformForks;

    @Setup(Level.Trial)
    public void open() {
        fanout = Shape.fanout(calls);
        chain = Shape.chain(calls);
        virtualForks = VirtualThreadForks.of(fanout, call);
        platformForks = PlatformForks.of(fanout, call, 16);
    }

    @TearDown(Level.Trial)
    public void close() {
        platformForks.close();
    }

    @Benchmark
    public Object reactorFanout() {
        return ReactorCalls.compose(fanout, Duration.ZERO, c -> Mono.fromRunnable(() -> call.perform(c))).block();
    }

    @Benchmark
    public Object reactorChain() {
        return ReactorCalls.compose(chain, Duration.ZERO, c -> Mono.fromRunnable(() -> call.perform(c))).block();
    }

    @Benchmark
    public void virtualThreadsInvokeAll() {
        virtualForks.perform(Duration.ZERO);
    }

    @Benchmark
    public void platformPoolRunAsync() {
        platformForks.perform(Duration.ZERO);
    }
}
