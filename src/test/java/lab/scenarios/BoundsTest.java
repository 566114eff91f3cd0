package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import lab.Servers;
import lab.TestHttp;
import lab.TestHttp.Response;
import lab.config.OptionException;
import lab.http.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/** Bounded queues answer 503 at once rather than letting requests pile up without limit. */
class BoundsTest {

    @Test
    void syncWithNoQueueAnswers503ToTheSecondConcurrentRequest() throws Exception {
        try (RunningServer server = Servers.start("sync", "cost", "300ms", "queueLimit", "0")) {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> get(server, "/"));
            Thread.sleep(100);   // the first request is now running on the one thread
            long start = System.nanoTime();
            Response second = get(server, "/?cost=0");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, second.status());
            assertTrue(second.body().startsWith("server busy: 1 running and 0 waiting"), second.body());
            assertTrue(ms < 200, "a refusal must be immediate, took " + ms + " ms");
            assertEquals(200, first.get().status());
            assertEquals(200, get(server, "/?cost=0").status());   // room again afterwards
        }
    }

    @Test
    void reactiveDelayRefusesCpuWorkWithAPointer() {
        OptionException e = Assertions.assertThrows(OptionException.class,
                () -> Servers.start("reactive-delay", "work", "cpu"));
        assertTrue(e.getMessage().contains("reactive-elastic"), e.getMessage());
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

    private static Response get(RunningServer server, String target) {
        try {
            return TestHttp.get(server.port(), target);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
