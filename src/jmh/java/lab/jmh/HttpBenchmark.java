package lab.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import lab.Servers;
import lab.TestHttp;
import lab.config.OptionException;
import lab.http.RunningServer;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * One loopback HTTP request/response against each scenario's real server, cost 0: what is left is
 * the HTTP stack (Reactor Netty, the JDK's HttpServer, Jetty or Tomcat) plus the scenario's hop. With one client
 * the requests never overlap, so this is the stack's own latency; with four (twice the cores of
 * the lab's 2-core machine) the servers' threading shows: sync serialises, the others overlap.
 *
 * <p>The client is {@link TestHttp}: a raw socket speaking HTTP/1.1 keep-alive, one connection per
 * benchmark thread, opened once per trial. Not {@code java.net.http.HttpClient}: it hops every
 * request through its own selector thread and futures, which would add a client-side hop as big as
 * the ones being compared; a blocking socket write and read adds nothing but the loopback.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpBenchmark {

    /** The server, started once per trial on a free port, in this JVM. */
    @State(Scope.Benchmark)
    public static class Server {

        /** Filled in by {@link BenchmarkRunner} from {@code Scenarios.names()}, so new scenarios are included. */
        @Param("sync")
        public String scenario;

        RunningServer running;

        @Setup(Level.Trial)
        public void start() {
            try {
                // CPU work of cost 0 runs no rounds; sleep would be Thread.sleep(0), a yield.
                running = Servers.start(scenario, "work", "cpu");
            } catch (OptionException refused) {
                running = Servers.start(scenario);   // reactive-delay has no CPU form (its work is a timer)
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            running.close();
        }
    }

    /** Each benchmark thread's own keep-alive connection. */
    @State(Scope.Thread)
    public static class Client {

        TestHttp http;

        @Setup(Level.Trial)
        public void connect(Server server) throws IOException {
            http = new TestHttp(server.running.port());
        }

        @TearDown(Level.Trial)
        public void disconnect() throws IOException {
            http.close();
        }

        int get() throws IOException {
            TestHttp.Response response = http.send("GET", "/", "HTTP/1.1", "");
            if (response.status() != 200) throw new IllegalStateException("server answered " + response.statusLine());
            return response.status();
        }
    }

    @Benchmark
    @Threads(1)
    public int oneClient(Client client) throws IOException {
        return client.get();
    }

    @Benchmark
    @Threads(4)
    public int fourClients(Client client) throws IOException {
        return client.get();
    }
}
