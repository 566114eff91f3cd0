package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lab.Servers;
import lab.TestHttp;
import lab.http.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's lessons as behaviour: 8 requests of 100 ms sent at once. Serialised servers need
 * about 8 x 100 ms; concurrent ones about 100 ms. Margins are wide on purpose (a noisy 2-core CI
 * machine); the benchmarks, not these tests, measure speed.
 */
class ConcurrencyShapeTest {

    private static final int REQUESTS = 8;
    private static final String COST = "100ms";
    private static final long SERIAL_MS = 750;     // 8 x 100 ms, less scheduling slack
    private static final long CONCURRENT_MS = 400; // 100 ms plus generous overhead

    /** Sends 8 concurrent requests, each on its own connection; returns the batch's wall time in ms. */
    static long batchMillis(RunningServer server, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try {
            TestHttp.get(server.port(), "/?cost=0");   // warm the server's path first
            long start = System.nanoTime();
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                statuses.add(clients.submit(() -> TestHttp.get(server.port(), "/").status()));
            }
            for (Future<Integer> f : statuses) assertEquals(200, f.get());
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            clients.shutdownNow();
        }
    }

    private static long batch(String scenario, String... options) throws Exception {
        String[] all = new String[options.length + 2];
        all[0] = "cost";
        all[1] = COST;
        System.arraycopy(options, 0, all, 2, options.length);
        try (RunningServer server = Servers.start(scenario, all)) {
            return batchMillis(server, REQUESTS);
        }
    }

    @Test
    void syncServesOneRequestAtATime() throws Exception {
        long ms = batch("sync");
        assertTrue(ms >= SERIAL_MS, "sync took " + ms + " ms for 8 x 100 ms; expected serial (>= " + SERIAL_MS + ")");
    }

    @Test
    void blockingTheOnlyEventLoopSerialisesEverything() throws Exception {
        long ms = batch("reactive-blocking", "eventLoops", "1");
        assertTrue(ms >= SERIAL_MS, "reactive-blocking on 1 loop took " + ms + " ms; expected serial");
    }

    @Test
    void blockingFourEventLoopsServesFourAtATimeAtMost() throws Exception {
        long ms = batch("reactive-blocking", "eventLoops", "4");
        // 8 requests over 4 loops: at least two waves of 100 ms, however the connections spread
        assertTrue(ms >= 190, "reactive-blocking on 4 loops took " + ms + " ms; expected >= 2 waves");
    }

    /**
     * No thread held per waiting request (a timer, a virtual thread) or more threads than requests
     * (boundedElastic's 20, the 200-thread pool): all eight run at once. One event loop where the
     * stack has them, to show that the loop is not what carries the wait.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "reactive-delay,   eventLoops=1",
            "reactive-elastic, eventLoops=1",
            "reactive-virtual, eventLoops=1",
            "virtual-threads,  ''",
            "virtual-threads-jetty,  ''",
            "virtual-threads-tomcat, ''",
            "platform-threads, ''"})
    void serversWithRoomForAllEightRunThemAtOnce(String scenario, String option) throws Exception {
        long ms = option.isEmpty() ? batch(scenario) : batch(scenario, option.split("=")[0], option.split("=")[1]);
        assertTrue(ms < CONCURRENT_MS, scenario + " took " + ms + " ms; expected concurrent (< " + CONCURRENT_MS + ")");
    }

    @Test
    void twoWorkerProcessesServeTwoAtATime() throws Exception {
        try (RunningServer server = Servers.start("reactive-process-pool", "cost", COST, "workers", "2")) {
            long ms = batchMillis(server, 6);   // 6 requests on 2 workers: three waves of 100 ms
            assertTrue(ms > 250 && ms < 550, "reactive-process-pool with 2 workers took " + ms + " ms for 6 x 100 ms; "
                    + "expected about 300 (three waves)");
        }
    }

    @Test
    void twoPlatformThreadsServeTwoAtATime() throws Exception {
        long ms = batch("platform-threads", "threads", "2");
        assertTrue(ms >= 350, "platform-threads with 2 threads took " + ms + " ms; expected 4 waves of 100 ms");
    }

    @Test
    void sleepingOnTheParallelSchedulerCapsAtOneRequestPerCore() throws Exception {
        int cores = reactor.core.scheduler.Schedulers.DEFAULT_POOL_SIZE;
        long waves = (REQUESTS + cores - 1) / cores;
        long ms = batch("reactive-parallel");
        assertTrue(ms >= waves * 90, "reactive-parallel (" + cores + " threads) took " + ms + " ms; expected "
                + waves + " waves of 100 ms");
    }
}
