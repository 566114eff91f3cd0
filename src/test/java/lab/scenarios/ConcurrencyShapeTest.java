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
 * The seed's lessons as behaviour: 8 requests of 100 ms sent at once (8 per core of 200 ms for
 * the servers that run them all at once). Serialised servers need about 8 x 100 ms; concurrent ones about
 * 100 ms. Margins are wide on purpose (a noisy 2-core CI machine), and each says what it tells
 * apart; the benchmarks, not these tests, measure speed.
 */
class ConcurrencyShapeTest {

    private static final int REQUESTS = 8;
    private static final String COST = "100ms";
    private static final long SERIAL_MS = 750;     // 8 x 100 ms, less scheduling slack
    /** Enough that a server capped at one per core would need 8 waves on any machine. */
    private static final int AT_ONCE = 8 * Runtime.getRuntime().availableProcessors();
    /** Longer than {@link #COST}, so that the bound below leaves room for {@link #AT_ONCE} connections' overhead. */
    private static final String AT_ONCE_COST = "200ms";
    /**
     * 200 ms plus overhead, with room for a busy 2-core machine (loaded runs took up to 794 ms for
     * 16 x 100 ms). Capped at one per core, {@link #AT_ONCE} requests take 8 waves, >= 1,600 ms, and
     * serial far more: both fail. (A cap of 2 per core, 4 waves, 800 ms, would not be caught.)
     */
    private static final long CONCURRENT_MS = 1_200;

    /** Sends {@code requests} concurrent requests, each on its own connection; returns the batch's wall time in ms. */
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
        return batch(REQUESTS, COST, scenario, options);
    }

    private static long batch(int requests, String cost, String scenario, String... options) throws Exception {
        String[] all = new String[options.length + 2];
        all[0] = "cost";
        all[1] = cost;
        System.arraycopy(options, 0, all, 2, options.length);
        try (RunningServer server = Servers.start(scenario, all)) {
            return batchMillis(server, requests);
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
     * (boundedElastic's 10 per core, the 200-thread pool): all {@link #AT_ONCE} (8 per core) run at
     * once. One event loop where the stack has them, to show that the loop is not what carries the wait.
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
    void serversWithRoomForThemAllRunThemAtOnce(String scenario, String option) throws Exception {
        long ms = option.isEmpty() ? batch(AT_ONCE, AT_ONCE_COST, scenario)
                : batch(AT_ONCE, AT_ONCE_COST, scenario, option.split("=")[0], option.split("=")[1]);
        assertTrue(ms < CONCURRENT_MS, scenario + " took " + ms + " ms for " + AT_ONCE + " x " + AT_ONCE_COST + "; expected concurrent (< " + CONCURRENT_MS + ")");
    }

    @Test
    void twoWorkerProcessesServeTwoAtATime() throws Exception {
        try (RunningServer server = Servers.start("reactive-process-pool", "cost", "200ms", "workers", "2")) {
            long ms = batchMillis(server, 6);   // 6 requests on 2 workers: three waves of 200 ms
            // three waves take >= 600 ms; one worker at a time would take six, >= 1,200 ms: the upper
            // bound is that floor, which leaves the right answer 600 ms for the pipes' overhead on a
            // busy machine (200 ms requests, not 100: at 100, 3 waves took 619 ms on a loaded 2-core machine)
            assertTrue(ms > 500 && ms < 1_200, "reactive-process-pool with 2 workers took " + ms + " ms for 6 x 200 ms; "
                    + "expected about 600 (three waves)");
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
