package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import lab.Await;
import lab.Servers;
import lab.TestHttp;
import lab.compare.InFlight;
import lab.http.RunningServer;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads are not time-sliced: with as many long CPU-bound requests as there are carrier
 * threads (one per core), a short request cannot run until a long one finishes. Platform threads
 * are time-sliced by the OS, so there the short request gets a share of a core right away.
 */
class VirtualThreadsCpuTest {

    /**
     * CPU time, so load stretches it: a busy machine only widens the gap between a time-sliced
     * 5 ms request (tens of ms) and one that waits for a carrier (the rest of a long one's 600 ms).
     */
    private static final int LONG_MS = 600;

    /** Starts one long request per core, then times one short request. */
    private static long shortRequestMillis(String scenario) throws Exception {
        int carriers = Runtime.getRuntime().availableProcessors();
        try (RunningServer server = Servers.start(scenario, "work", "cpu", "cost", LONG_MS + "ms")) {
            TestHttp.get(server.port(), "/?cost=5ms");   // warm up
            List<CompletableFuture<TestHttp.Response>> longOnes = new ArrayList<>();
            for (int i = 0; i < carriers; i++) {
                longOnes.add(TestHttp.sendAsync(server.port(), "/"));
            }
            // The server has read every long one, and runs each on its own thread at once (nothing else
            // runs there): they now occupy every carrier.
            Await.until("the server holding " + carriers + " long requests", Duration.ofSeconds(10),
                    () -> InFlight.count(server.port()), n -> n == carriers);
            long start = System.nanoTime();
            assertEquals(200, TestHttp.get(server.port(), "/?cost=5ms").status());
            long ms = (System.nanoTime() - start) / 1_000_000;
            for (CompletableFuture<TestHttp.Response> f : longOnes) assertEquals(200, f.get().status());
            return ms;
        }
    }

    @Test
    void aShortCpuRequestWaitsBehindLongOnesOnVirtualThreads() throws Exception {
        long ms = shortRequestMillis("virtual-threads");
        // a lower bound: load only lengthens the wait (the long ones' CPU time is fixed)
        assertTrue(ms >= LONG_MS / 2, "short request took " + ms + " ms; expected to wait for a carrier (~"
                + LONG_MS + " ms)");
    }

    @Test
    void onTimeSlicedPlatformThreadsItDoesNot() throws Exception {
        long ms = shortRequestMillis("platform-threads");
        // 5 ms of CPU with a fair share of a core is tens of ms, even busy; not time-sliced, it would
        // wait for a long one to end: >= 550 ms, its 600 ms of CPU less the poll's few ms
        assertTrue(ms < LONG_MS / 2, "short request took " + ms + " ms; expected a time slice right away");
    }

}
