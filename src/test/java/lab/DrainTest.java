package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import lab.compare.InFlight;
import lab.launch.ServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The graceful stop on every stack and the process pool, in child JVMs sent real signals: the
 * requests in flight at SIGTERM all get 200, a request that arrives meanwhile on a kept-alive
 * connection gets 503 and {@code Connection: close}, the process exits once they are done (well
 * before the drain timeout); a second SIGTERM ends the drain at once.
 */
class DrainTest {

    private static final Duration DRAIN = Duration.ofSeconds(30);   // the default; the exit is asserted well before it
    private static final Duration MARGIN = Duration.ofSeconds(5);

    /**
     * scenario, requests in flight, each one's cost, the rounds they take (the pool: 5 workers run its
     * 50 one at a time each, the other 45 wait in its queue: in flight as far as the client can tell,
     * 10 rounds of 1 s; 50 worker JVMs would not fit a small machine), extra options (space-separated).
     */
    @ParameterizedTest
    @CsvSource({
            "virtual-threads, 50, 2s, 1, cost=0",
            "reactive-delay, 50, 2s, 1, cost=0",
            "virtual-threads-jetty, 50, 2s, 1, cost=0",
            "virtual-threads-tomcat, 50, 2s, 1, cost=0",
            "reactive-process-pool, 50, 1s, 10, workers=5",
            // PostgreSQL is stopped after the server has drained, not before: 20 queries of 1 s running at the
            // signal (a pool of 20) all answer 200 (JDBC on virtual threads, R2DBC on the event loop)
            "virtual-threads, 20, 1s, 1, work=db poolSize=20",
            "reactive-delay, 20, 1s, 1, work=db poolSize=20"})
    void requestsInFlightAtSigtermFinishNewOnesGet503(String scenario, int inFlight, String cost, int rounds, String extra) throws Exception {
        List<String> options = new ArrayList<>(List.of("scenario=" + scenario, "drainTimeout=" + DRAIN.toSeconds() + "s"));
        options.addAll(List.of(extra.split(" ")));
        try (ServerProcess server = ServerProcess.start(List.of(), options.toArray(String[]::new));
             TestHttp kept = new TestHttp(server.port())) {
            int port = server.port();
            assertEquals(200, kept.send("GET", "/?cost=0", "HTTP/1.1", "").status(), "a kept-alive connection, before the stop");
            List<CompletableFuture<TestHttp.Response>> requests = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) requests.add(TestHttp.sendAsync(port, "/?cost=" + cost));   // each one sent
            // and read by the server (none left in its listen queue, where closing it would reset them, or
            // unread on their connections): all at work or queued for it, the kept-alive one idle
            Await.untilEquals("the server on port " + port + " having read " + inFlight + " requests", Duration.ofSeconds(10),
                    () -> InFlight.count(port), inFlight + 1);
            Thread.sleep(100);   // read, and a moment for the handlers to take them
            long signalled = System.nanoTime();
            server.terminate();
            Thread.sleep(300);   // a probe sent before the signal lands would queue behind the pool's work
            TestHttp.Response during = awaitRefusal(kept);
            assertEquals(503, during.status(), "a request during the drain: " + during);
            assertEquals("close", during.header("Connection"), "and its connection is closed");
            for (CompletableFuture<TestHttp.Response> r : requests) {
                TestHttp.Response answer;
                try {
                    answer = r.get(DRAIN.plus(MARGIN).toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    server.awaitExit(MARGIN);
                    throw new AssertionError("a request in flight at SIGTERM: " + e.getCause() + "; the server said: " + server.log(), e);
                }
                assertEquals(200, answer.status(), "a request in flight at SIGTERM: " + answer);
            }
            assertTrue(server.awaitExit(DRAIN.plus(MARGIN)), "the process exits after the drain");
            double seconds = (System.nanoTime() - signalled) / 1e9;
            double work = rounds * Double.parseDouble(cost.replace("s", ""));
            assertTrue(seconds < work + MARGIN.toSeconds(), "exited " + seconds + " s after SIGTERM, not once the requests were done");
        }
    }

    @ParameterizedTest
    @CsvSource({"virtual-threads", "reactive-delay", "virtual-threads-jetty", "virtual-threads-tomcat", "reactive-process-pool"})
    void aSecondSignalStopsAtOnce(String scenario) throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of(), "scenario=" + scenario, "drainTimeout=30s", "workers=2")) {
            List<CompletableFuture<TestHttp.Response>> requests = new ArrayList<>();
            for (int i = 0; i < 4; i++) requests.add(TestHttp.getAsync(server.port(), "/?cost=10s"));
            Thread.sleep(1_000);
            server.terminate();
            Thread.sleep(500);
            long second = System.nanoTime();
            server.terminate();
            assertTrue(server.awaitExit(Duration.ofSeconds(5)), "exits within 5 s of the second signal, not after the 10 s requests");
            assertTrue((System.nanoTime() - second) / 1e9 < 5);
        }
    }

    /** Sends on the kept-alive connection until the server refuses (the signal reaches it a moment after it is sent). */
    private static TestHttp.Response awaitRefusal(TestHttp kept) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            TestHttp.Response r = kept.send("GET", "/?cost=0", "HTTP/1.1", "");
            if (r.status() != 200 || System.nanoTime() > deadline) return r;
            Thread.sleep(50);
        }
    }
}
