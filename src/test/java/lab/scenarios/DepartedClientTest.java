package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import lab.SharedServices;
import lab.http.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client that hangs up 0.5 s into a 2 s downstream call (work=http, no deadline): does the stack
 * notice and cancel the call? Pinned per stack, so a change shows (docs/deadlines.md): the
 * downstream's {@code /stats} tells whether its caller (our server) went, and how long in.
 */
class DepartedClientTest {

    @RegisterExtension
    static final SharedServices.PerClass SERVICES = new SharedServices.PerClass();

    /** The downstream itself (Reactor Netty, -Dstats): a caller that leaves is counted, with the time until it left. */
    @Test
    void theDownstreamCountsACallerThatLeaves() throws Exception {
        long[] before = stats();
        hangUpAfter500ms(SERVICES.get().downstream().base().getPort());
        long[] after = awaitChange(before, 1_000);
        assertEquals(before[1] + 1, after[1], "departed");
        long ms = after[2] - before[2];
        assertTrue(ms >= 450 && ms < 1_000, "counted " + ms + " ms for a caller that left after 500 ms");
        assertEquals(before[0], after[0], "a departed call is not served");
    }

    @ParameterizedTest(name = "{0} ({1}): cancelled = {2}")
    @CsvSource({
            "virtual-threads, JDK HttpServer, false",
            "platform-threads, JDK HttpServer, false",
            "reactive-delay, Reactor Netty, true",
            "reactive-elastic, Reactor Netty, true",
            "virtual-threads-jetty, Jetty, false",
            "virtual-threads-tomcat, Tomcat, false"})
    void aClientThatLeaves(String scenario, String stack, boolean cancelled) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("work", "http"));
        SERVICES.get().pointAt(values);
        try (RunningServer server = lab.Servers.start(scenario, "work", "http", "downstream", values.get("downstream"))) {
            long[] before = stats();
            long start = System.nanoTime();
            hangUpAfter500ms(server.port());
            long[] after = awaitChange(before, 3_000);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (cancelled) {
                assertEquals(before[1] + 1, after[1], stack + ": the downstream did not see its caller go (" + ms + " ms)");
                assertTrue(ms < 1_500, stack + ": noticed only after " + ms + " ms");
            } else {
                assertEquals(before[0] + 1, after[0], stack + " cancels the call of a client that left now: update the pin and docs/deadlines.md");
                assertEquals(before[1], after[1], "departed");
                assertTrue(ms >= 1_900, stack + ": the call ended after " + ms + " ms");
            }
        }
    }

    /**
     * -DwatchClients=true on Jetty and Tomcat: the server watches the connection while the work runs
     * and interrupts it when the client leaves, so the downstream sees its caller go about 0.5 s in;
     * a request whose client stays is answered as before, on a kept-alive connection.
     */
    @ParameterizedTest(name = "{0} -DwatchClients=true")
    @CsvSource({"virtual-threads-jetty", "virtual-threads-tomcat"})
    void watchingItsClientsCancelsTheCallOfOneThatLeaves(String scenario) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("work", "http"));
        SERVICES.get().pointAt(values);
        try (RunningServer server = lab.Servers.start(scenario, "work", "http", "downstream", values.get("downstream"),
                "watchClients", "true")) {
            long[] before = stats();
            long start = System.nanoTime();
            hangUpAfter500ms(server.port());
            long[] after = awaitChange(before, 3_000);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(before[1] + 1, after[1], scenario + " -DwatchClients: the downstream did not see its caller go (" + ms + " ms)");
            assertEquals(before[0], after[0], "served");
            assertTrue(ms < 1_500, scenario + " -DwatchClients: noticed only after " + ms + " ms");
            try (HttpClient client = HttpClient.newHttpClient()) {   // one connection, kept alive across both
                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> live = client.send(HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.port() + "/?cost=200ms")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, live.statusCode(), live.body());
                }
            }
            assertEquals(before[0] + 2, stats()[0], "the two live calls were served");
        }
    }

    /**
     * sync (the JDK server, one thread, a bounded queue): one request runs, three wait whose clients
     * have already gone, then a live one. The JDK server cannot see that a queued request's client
     * left, so it runs all three for nobody first: the documented cost, pinned.
     */
    @Test
    void syncRunsTheQueuedWorkOfDepartedClients() throws Exception {
        try (RunningServer server = lab.Servers.start("sync", "cost", "0")) {
            var running = lab.TestHttp.getAsync(server.port(), "/?cost=600ms");
            Thread.sleep(100);
            for (int i = 0; i < 3; i++) {
                lab.TestHttp.sendAndLeave(server.port(), "/?cost=600ms", Duration.ofMillis(50));   // so the JDK server has read it before the close
            }
            long start = System.nanoTime();
            lab.TestHttp.Response live = lab.TestHttp.get(server.port(), "/?cost=0");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, live.status());
            assertEquals(200, running.get().status());
            // the running one has ~450 ms left, then 3 x 600 ms for nobody
            assertTrue(ms >= 2_000, "the live request waited " + ms + " ms: departed clients' work is skipped now? update the pin and docs");
        }
    }

    /**
     * reactive-process-pool (one worker, a bounded queue, work=http): one request runs, three wait
     * whose clients then leave, then a live one. Reactor Netty cancels a departed request's Mono and
     * {@code Task.cancel} takes it out of the queue: the live request is served right after the
     * running one, and the worker never called the downstream for the departed three.
     */
    @Test
    void theProcessPoolSkipsTheQueuedWorkOfDepartedClients() throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("work", "http"));
        SERVICES.get().pointAt(values);
        try (RunningServer server = lab.Servers.start("reactive-process-pool", "work", "http", "downstream", values.get("downstream"),
                "workers", "1", "cost", "0")) {
            long[] before = stats();
            var running = lab.TestHttp.getAsync(server.port(), "/?cost=1s");
            Thread.sleep(200);
            for (int i = 0; i < 3; i++) {
                lab.TestHttp.sendAndLeave(server.port(), "/?cost=1s", Duration.ofMillis(50));   // so the server has queued it before the close
            }
            long start = System.nanoTime();
            lab.TestHttp.Response live = lab.TestHttp.get(server.port(), "/?cost=0");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, live.status(), live.body());
            assertEquals(200, running.get().status());
            // the running one has ~650 ms left; three departed ones run would add 3 s
            assertTrue(ms < 2_000, "the live request waited " + ms + " ms: the pool ran departed clients' work?");
            Thread.sleep(300);   // a departed task wrongly started would have reached the downstream by now
            long[] after = stats();
            assertEquals(before[0] + 2, after[0], "downstream calls served: the running one and the live one only");
            assertEquals(before[1], after[1], "no downstream call was started for a departed client");
        }
    }

    /** Sends GET /?cost=2s, waits 0.5 s, closes the connection without reading. */
    private static void hangUpAfter500ms(int port) throws Exception {
        lab.TestHttp.sendAndLeave(port, "/?cost=2s", Duration.ofMillis(500));
    }

    /** served, departed, departedMs, once served or departed has changed (or after {@code withinMs}). */
    private static long[] awaitChange(long[] before, long withinMs) throws Exception {
        long end = System.nanoTime() + withinMs * 1_000_000;
        long[] now = stats();
        while (now[0] == before[0] && now[1] == before[1] && System.nanoTime() < end) {
            Thread.sleep(20);
            now = stats();
        }
        return now;
    }

    private static long[] stats() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String[] w = client.send(HttpRequest.newBuilder(SERVICES.get().downstream().stats()).build(),
                    HttpResponse.BodyHandlers.ofString()).body().strip().split(" ");
            return new long[] {Long.parseLong(w[1]), Long.parseLong(w[3]), Long.parseLong(w[5])};
        }
    }
}
