package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.Servers;
import lab.SharedServices;
import lab.TestHttp;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.Shape;
import lab.http.RunningServer;
import lab.launch.ServerProcess;
import lab.work.db.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * -Dshape on every scenario that accepts it, against a real downstream (the lab's reactive-delay
 * server in a child JVM, with its request log on, so the test counts the calls it served) and a
 * real PostgreSQL: chain:3 of 200 ms takes about 600 ms, fanout:3 about 200 ms (600 where the model
 * runs the calls in turn), and the downstream saw 3 calls per request. Then pool starvation: a pool
 * of 4, fanout:4 and 8 requests at once end in 200 or 503 within -DpoolWait, never a hang.
 */
class ShapesLiveTest {

    private static final Duration T = Duration.ofMillis(200);

    private static Postgres cluster;
    private static ServerProcess downstream;

    @BeforeAll
    static void startServices() throws Exception {
        SharedServices.requirePostgres();
        cluster = Postgres.start(Path.of("target"), 60);
        downstream = ServerProcess.start(List.of("-Xmx256m"), "scenario=reactive-delay", "work=sleep", "cost=0",
                "maxCost=60s", "log=true");
    }

    @AfterAll
    static void stopServices() {
        try {
            if (downstream != null) downstream.close();
        } finally {
            if (cluster != null) cluster.close();
        }
    }

    static Stream<Arguments> shapedScenarios() {
        List<Arguments> cases = new ArrayList<>();
        for (Scenario s : Scenarios.all()) {
            for (String work : List.of("sleep", "http", "db")) {
                for (String shape : List.of("chain:3", "fanout:3")) {
                    try {
                        s.check(Options.of(Map.of("work", work, "shape", shape)).validate());
                    } catch (OptionException refused) {
                        continue;
                    }
                    cases.add(Arguments.of(s.name(), work, shape));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("shapedScenarios")
    void aChainTakesNTimesTAFanOutTAndTheDownstreamSeesEveryCall(String scenario, String work, String shape) throws Exception {
        Scenario s = Scenarios.byName(scenario).orElseThrow();
        Shape runs = s.runs(Shape.parse(shape).orElseThrow());
        try (RunningServer server = Servers.start(scenario, with(work, "shape", shape, "workers", "1"))) {
            assertEquals(200, TestHttp.get(server.port(), "/?cost=" + T.toMillis() + "ms").status());   // warm-up: JIT, connections
            long before = settledCount();
            long t0 = System.nanoTime();
            TestHttp.Response r = TestHttp.get(server.port(), "/?cost=" + T.toMillis() + "ms");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.status(), r.body());
            long expected = T.toMillis() * runs.inSequence();   // 600 for a chain (or a fan-out run in turn), 200 for a fan-out
            assertTrue(ms >= expected - 10, scenario + " " + work + " " + shape + ": " + ms + " ms, under " + expected);
            long ceiling = runs.kind() == Shape.Kind.FANOUT ? 3 * T.toMillis() - 50 : expected + 800;   // a fan-out well below a chain
            assertTrue(ms < ceiling, scenario + " " + work + " " + shape + ": " + ms + " ms, expected about " + expected);
            if (work.equals("http")) assertEquals(3, settledCount() - before, "calls the downstream served for one request");
        }
    }

    /**
     * Every call takes its own connection and gives it back (none holds one while waiting for another),
     * so a fan-out wider than the free connections waits, call by call, at most -DpoolWait: HikariCP's
     * connectionTimeout, r2dbc-pool's maxAcquireTime, Reactor Netty's pendingAcquireTimeout, the JDK
     * client's semaphore tryAcquire. 8 × 4 calls of 300 ms on 4 connections is 2.4 s of work, more
     * than a 1 s wait allows: some requests must be 503, and none may wait past poolWait + T.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"virtual-threads,db", "virtual-threads,http", "reactive-delay,db", "reactive-delay,http",
                "platform-threads,db", "reactive-elastic,http"})
    void aStarvedFanOutEndsIn503WithinPoolWaitNeverAHang(String scenario, String work) throws Exception {
        Duration poolWait = Duration.ofSeconds(1);
        Duration cost = Duration.ofMillis(300);
        try (RunningServer server = Servers.start(scenario, with(work, "shape", "fanout:4", "poolSize", "4",
                "poolWait", "1s", "cost", "300ms"))) {
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> requests = new ArrayList<>();
            Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicLong last503 = new java.util.concurrent.atomic.AtomicLong();
            for (int i = 0; i < 8; i++) {
                requests.add(TestHttp.getAsync(server.port(), "/?cost=300ms").thenApply(r -> {
                    statuses.merge(r.status(), 1, Integer::sum);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (r.status() == 503) last503.accumulateAndGet(ms, Math::max);
                    return ms;
                }));
            }
            // 2 s: reactive-elastic's calls first queue for one of boundedElastic's 20 threads (32 calls), then wait
            // poolWait for the JDK client's semaphore; its last answer came after about 1.9 s
            long margin = 2_000;
            long bound = poolWait.plus(cost).toMillis() + margin;
            long slowest = 0;
            for (CompletableFuture<Long> f : requests) slowest = Math.max(slowest, f.get(bound + 5_000, TimeUnit.MILLISECONDS));
            assertTrue(statuses.keySet().stream().allMatch(c -> c == 200 || c == 503), statuses.toString());
            assertTrue(statuses.getOrDefault(503, 0) > 0, "the pool's wait never ran out: " + statuses);
            assertTrue(slowest < bound, "the last of 8 requests was answered after " + slowest + " ms, over poolWait + cost + "
                    + margin + " ms: " + statuses);
            if (!scenario.equals("reactive-elastic")) {
                // every call asks the pool at once, so its 503 comes one poolWait later; a retried acquire (r2dbc-pool's
                // default acquireRetry of 1 retried its own timeout) cannot answer before 2 × poolWait
                assertTrue(last503.get() < 2 * poolWait.toMillis(), "the last 503 came after " + last503.get()
                        + " ms: the pool waited twice -DpoolWait");
            }
            System.out.println(scenario + " " + work + " pool 4, fanout:4, 8 requests: " + statuses + ", the last after " + slowest
                    + " ms, the last 503 after " + last503.get() + " ms");
        }
    }

    private static String[] with(String work, String... more) {
        Map<String, String> values = new HashMap<>(Map.of("work", work, "cost", T.toMillis() + "ms"));
        if (work.equals("db")) values.put("db.url", cluster.jdbcUrl());
        if (work.equals("http")) values.put("downstream", "http://127.0.0.1:" + downstream.port() + "/");
        for (int i = 0; i < more.length; i += 2) values.put(more[i], more[i + 1]);
        return values.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    /** The downstream's count once its log has caught up (the line is printed as the answer goes out). */
    private static long settledCount() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 50; i++) {
            long now = downstream.requestsLogged();
            if (now == last) return now;
            last = now;
            Thread.sleep(150);
        }
        return last;
    }
}
