package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import lab.Await;
import lab.compare.InFlight;
import lab.launch.ServerProcess;
import lab.Servers;
import lab.TestHttp;
import lab.TestHttp.Response;
import lab.config.OptionException;
import lab.http.RunningServer;
import lab.pool.WorkerProcesses;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import org.junit.jupiter.api.Assertions;

/** Bounded queues answer 503 at once rather than letting requests pile up without limit. */
class BoundsTest {

    /** Long enough that waiting for the running request to end is told apart from a refusal at once. */
    private static final String RUNNING_COST = "800ms";
    /** Generous: reaching a state takes milliseconds; only a broken server takes this long. */
    private static final Duration STATE = Duration.ofSeconds(10);

    @Test
    void syncWithNoQueueAnswers503ToTheSecondConcurrentRequest() throws Exception {
        try (RunningServer server = Servers.start("sync", "cost", RUNNING_COST, "queueLimit", "0")) {
            assertOneRunsAndTheNextIsRefused(server);
        }
    }

    @Test
    void aFullPlatformThreadPoolAnswers503() throws Exception {
        try (RunningServer server = Servers.start("platform-threads", "cost", RUNNING_COST, "threads", "1", "queueLimit", "0")) {
            assertOneRunsAndTheNextIsRefused(server);
        }
    }

    @Test
    void aBusyWorkerProcessWithNoQueueAnswers503() throws Exception {
        try (RunningServer server = Servers.start("reactive-process-pool", "cost", RUNNING_COST, "workers", "1", "queueLimit", "0")) {
            assertEquals(200, get(server, "/?cost=0").status());   // warm: a cold first request is slow to reach the pool
            assertOneRunsAndTheNextIsRefused(server);
        }
    }

    @Test
    void aFullParallelSchedulerAnswers503() throws Exception {
        int cores = Schedulers.DEFAULT_POOL_SIZE;
        try (RunningServer server = Servers.start("reactive-parallel", "cost", "500ms", "queueLimit", "0")) {
            List<CompletableFuture<Response>> running = new ArrayList<>();
            for (int i = 0; i < cores; i++) running.add(TestHttp.sendAsync(server.port(), "/"));
            // read, so admitted: the gate is passed on the event loop as the request is read; all
            // permits are taken for the rest of 500 ms, in which the refused request arrives even busy
            awaitHeld(server.port(), cores);
            Response refused = get(server, "/?cost=0");
            assertEquals(503, refused.status(), refused.body());
            for (CompletableFuture<Response> r : running) assertEquals(200, r.get().status());
        }
    }

    /** boundedElastic's caps are JVM-wide system properties, so this runs the server in its own JVM. */
    @Test
    void boundedElasticPastItsThreadAndQueueCapsAnswers503() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of("-Dreactor.schedulers.defaultBoundedElasticSize=1",
                "-Dreactor.schedulers.defaultBoundedElasticQueueSize=1"), "scenario=reactive-elastic", "cost=600ms")) {
            assertTrue(server.banner().contains("up to 1 threads"), server.banner());
            // Four at once, no pacing: 1 runs, 1 waits, the rest are refused, provided the server reads
            // them within the first one's 600 ms (the sooner they are all sent, the surer).
            List<CompletableFuture<Response>> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) batch.add(TestHttp.getAsync(server.port(), "/"));
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Response> r : batch) statuses.add(r.get().status());
            assertTrue(statuses.contains(200) && statuses.contains(503), statuses.toString());
        }
    }

    /** The scenarios that say -DqueueLimit bounds them are exactly the four whose 503 is tested above. */
    @Test
    void theScenariosThatHonourQueueLimitAreTheOnesTestedHere() {
        assertEquals(List.of("sync", "reactive-process-pool", "platform-threads", "reactive-parallel"),
                Scenarios.all().stream().filter(Scenario::honoursQueueLimit).map(Scenario::name).toList());
    }

    @Test
    void reactiveDelayRefusesCpuWorkWithAPointer() {
        OptionException e = Assertions.assertThrows(OptionException.class,
                () -> Servers.start("reactive-delay", "work", "cpu"));
        assertTrue(e.getMessage().contains("reactive-elastic"), e.getMessage());
    }

    @Test
    void combinationsThatRunButMisleadCarryAWarning() {
        lab.config.Options sleep = lab.config.Options.of(java.util.Map.of("work", "sleep"));
        lab.config.Options cpu = lab.config.Options.of(java.util.Map.of("work", "cpu"));
        Scenario parallel = Scenarios.byName("reactive-parallel").orElseThrow();
        Scenario virtual = Scenarios.byName("virtual-threads").orElseThrow();
        assertTrue(parallel.warning(sleep).orElseThrow().contains("misuse"));
        assertTrue(parallel.warning(cpu).isEmpty());
        assertTrue(virtual.warning(cpu).orElseThrow().contains("not time-sliced"));
        assertTrue(virtual.warning(sleep).isEmpty());
    }

    @Test
    void everyScenarioHasANameLessonAndCapacity() {
        for (Scenario s : Scenarios.all()) {
            assertTrue(s.name().matches("[a-z-]+"), s.name());
            assertTrue(!s.lesson().isBlank() && !s.seedCounterpart().isBlank(), s.name());
            assertTrue(s.capacity(lab.config.Options.of(java.util.Map.of())) >= 1, s.name());
        }
        assertEquals(Scenarios.names().size(), Scenarios.names().stream().distinct().count());
        assertEquals(List.of("sync", "reactive-blocking"), Scenarios.names().subList(0, 2));
    }

    /** With room for exactly one request: it runs, the next concurrent one gets a fast 503. */
    private static void assertOneRunsAndTheNextIsRefused(RunningServer server) throws Exception {
        assertEquals(200, get(server, "/?cost=0").status());   // warm: a cold first request can take 100 ms to arrive
        awaitHeld(server.port(), 0);                             // the warm-up's connection is gone
        CompletableFuture<Response> first = startOne(server);   // RUNNING_COST
        long start = System.nanoTime();
        Response second = get(server, "/?cost=0");
        long ms = (System.nanoTime() - start) / 1_000_000;
        boolean firstStillRunning = !first.isDone();
        assertEquals(503, second.status(), "answered " + ms + " ms after the first was held: " + second.body());
        assertTrue(second.body().startsWith("server busy: 1 running and 0 waiting"), second.body());
        // A refusal at once takes a few ms here, and stays far under 400 ms on a busy 2-core machine;
        // waiting for the slot instead would take the rest of the first request's 800 ms, >= 700 ms
        // after the poll saw it held. The first must still be running: the 503 did not wait for it.
        assertTrue(ms < 400, "a refusal must be immediate, took " + ms + " ms");
        assertTrue(firstStillRunning, "the 503 came only after the running request ended, " + ms + " ms");
        assertEquals(200, first.get().status());
        assertEquals(200, get(server, "/?cost=0").status());   // room again the moment the answer is read
    }

    /**
     * Sends one request and waits until the server has read it. The JDK servers take its permit
     * before reading it, on their one dispatcher thread; the process pool takes it on an event loop
     * just after the read, and its worker reading the request proves that it was taken.
     */
    private static CompletableFuture<Response> startOne(RunningServer server) throws Exception {
        boolean pool = server.threading().contains("(pids ");
        long worker = pool ? WorkerProcesses.pidsIn(server.threading()).get(0) : 0;
        long idle = pool ? WorkerProcesses.bytesRead(worker) : 0;
        CompletableFuture<Response> sent = TestHttp.sendAsync(server.port(), "/");
        awaitHeld(server.port(), 1);
        if (pool) {
            Await.until("worker " + worker + " reading the request (bytes read; " + idle + " while idle)", STATE,
                    () -> WorkerProcesses.bytesRead(worker), n -> n > idle);
        }
        return sent;
    }

    /** Waits until the server holds {@code n} requests it has read and not answered ({@link InFlight}). */
    private static void awaitHeld(int port, int n) throws Exception {
        Await.untilEquals("the server on port " + port + " holding " + n + " request(s)", STATE, () -> InFlight.count(port), n);
    }

    private static Response get(RunningServer server, String target) throws java.io.IOException {
        return TestHttp.get(server.port(), target);
    }
}
