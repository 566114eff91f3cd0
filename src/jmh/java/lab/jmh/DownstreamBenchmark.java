package lab.jmh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lab.config.Options;
import lab.setup.WorkSetup;
import lab.work.Work;
import lab.work.http.Downstream;
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
 * One GET at cost 0 to the lab's downstream (its reactive-delay server in a child JVM, started in
 * setup) through each client the http work uses: the JDK's {@code HttpClient.send} from a new
 * virtual thread, and Reactor Netty's {@code HttpClient}. Both keep their connection alive, so
 * this is a loopback round trip plus each client's own price per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DownstreamBenchmark {

    private Downstream downstream;
    private Work jdk;
    private Work netty;
    private ExecutorService virtual;

    @Setup(Level.Trial)
    public void start() {
        downstream = Downstream.start(Options.of(Map.of()));
        Options options = Options.of(Map.of("work", "http", "downstream", downstream.base().toString()));
        jdk = WorkSetup.start(options, Work.Form.BLOCKING);
        netty = WorkSetup.start(options, Work.Form.NON_BLOCKING);
        virtual = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void stop() {
        virtual.shutdownNow();
        try {
            netty.close();
            jdk.close();
        } finally {
            downstream.close();   // the child JVM is stopped
        }
    }

    @Benchmark
    public void jdkHttpClientOnVirtualThread() throws InterruptedException, ExecutionException {
        virtual.submit(() -> jdk.perform(Duration.ZERO)).get();
    }

    @Benchmark
    public void reactorNettyHttpClient() {
        netty.nonBlocking(Duration.ZERO).block();
    }
}
