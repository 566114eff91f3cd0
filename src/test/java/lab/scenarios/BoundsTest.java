package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import lab.launch.ServerProcess;
import lab.Servers;
import lab.TestHttp;
import lab.TestHttp.Response;
import lab.config.OptionException;
import lab.http.RunningServer;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import org.junit.jupiter.api.Assertions;

/** Bounded queues answer 503 at once rather than letting requests pile up without limit. */
class BoundsTest {

    @Test
    void syncWithNoQueueAnswers503ToTheSecondConcurrentRequest() throws Exception {
        try (RunningServer server = Servers.start("sync", "cost", "600ms", "queueLimit", "0")) {
            assertOneRunsAndTheNextIsRefused(server);
        }
    }

    @Test
    void aFullPlatformThreadPoolAnswers503() throws Exception {
        try (RunningServer server = Servers.start("platform-threads", "cost", "600ms", "threads", "1", "queueLimit", "0")) {
            assertOneRunsAndTheNextIsRefused(server);
        }
    }

    @Test
    void aBusyWorkerProcessWithNoQueueAnswers503() throws Exception {
        try (RunningServer server = Servers.start("reactive-process-pool", "cost", "600ms", "workers", "1", "queueLimit", "0")) {
            assertEquals(200, get(server, "/?cost=0").status());   // warm: a cold first request may not reach the pool in 100 ms
            assertOneRunsAndTheNextIsRefused(server);
        }
    }

    @Test
    void aFullParallelSchedulerAnswers503() throws Exception {
        int cores = Schedulers.DEFAULT_POOL_SIZE;
        try (RunningServer server = Servers.start("reactive-parallel", "cost", "300ms", "queueLimit", "0")) {
            List<CompletableFuture<Response>> running = new ArrayList<>();
            for (int i = 0; i < cores; i++) running.add(TestHttp.getAsync(server.port(), "/"));
            Thread.sleep(150);
            Response refused = get(server, "/?cost=0");
            assertEquals(503, refused.status(), refused.body());
            for (CompletableFuture<Response> r : running) assertEquals(200, r.get().status());
        }
    }

    /** boundedElastic's caps are JVM-wide system properties, so this runs the server in its own JVM. */
    @Test
    void boundedElasticPastItsThreadAndQueueCapsAnswers503() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of("-Dreactor.schedulers.defaultBoundedElasticSize=1",
                "-Dreactor.schedulers.defaultBoundedElasticQueueSize=1"), "scenario=reactive-elastic", "cost=400ms")) {
            assertTrue(server.banner().contains("up to 1 threads"), server.banner());
            List<CompletableFuture<Response>> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(TestHttp.getAsync(server.port(), "/"));
                Thread.sleep(50);
            }
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
        CompletableFuture<Response> first = TestHttp.getAsync(server.port(), "/");   // 600 ms
        Thread.sleep(200);
        long start = System.nanoTime();
        Response second = get(server, "/?cost=0");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, second.status());
        assertTrue(second.body().startsWith("server busy: 1 running and 0 waiting"), second.body());
        assertTrue(ms < 200, "a refusal must be immediate, took " + ms + " ms");
        assertEquals(200, first.get().status());
        assertEquals(200, get(server, "/?cost=0").status());   // room again the moment the answer is read
    }

    private static Response get(RunningServer server, String target) throws java.io.IOException {
        return TestHttp.get(server.port(), target);
    }
}
