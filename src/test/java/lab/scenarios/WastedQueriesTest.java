package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import lab.SharedServices;
import lab.TestHttp;
import lab.http.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database time spent for nobody ({@code lab.work.db.WastedQueries}, on the server's
 * {@code /stats} as {@code dbWasted N dbWastedMs N}), checked against what PostgreSQL itself shows
 * in {@code pg_stat_activity}: a query left running for a client gone is counted for its whole
 * time; a query cancelled is counted only until its cancel, and is gone from PostgreSQL.
 */
class WastedQueriesTest {

    @RegisterExtension
    static final SharedServices.PerClass SERVICES = new SharedServices.PerClass();

    private static RunningServer serve(String scenario) {
        Map<String, String> values = new HashMap<>(Map.of("work", "db"));
        SERVICES.get().pointAt(values);
        return lab.Servers.start(scenario, "work", "db", "db.url", values.get("db.url"), "stats", "true");
    }

    /**
     * reactive-elastic notices the client go and interrupts the pool thread, but pgjdbc ignores an
     * interrupt on a platform thread: PostgreSQL runs the 2 s pg_sleep for nobody, and the counter
     * says so, with about its whole time.
     */
    @Test
    void aQueryLeftRunningForAClientGoneIsCountedWhole() throws Exception {
        try (RunningServer server = serve("reactive-elastic")) {
            long[] before = wasted(server);
            long start = System.nanoTime();
            TestHttp.sendAndLeave(server.port(), "/?cost=2s", Duration.ofMillis(500));   // a client gone 0.5 s in
            Thread.sleep(500);
            assertEquals(1, SERVICES.get().callsHeld("db"), "PostgreSQL still runs the departed client's pg_sleep 1 s in");
            long[] after = awaitCount(server, before, start, 4_000);
            assertEquals(before[0] + 1, after[0], "queries for nobody");
            long ms = after[1] - before[1];
            assertTrue(ms >= 1_800 && ms < 3_500, "counted " + ms + " ms for a 2 s query run for nobody");
            assertEquals(0, SERVICES.get().callsHeld("db"));
        }
    }

    /** R2DBC's cancel sends PostgreSQL a cancel request: the query goes, counted only until the client left. */
    @Test
    void aQueryCancelledWithItsClientIsCountedUntilTheCancel() throws Exception {
        try (RunningServer server = serve("reactive-delay")) {
            long[] before = wasted(server);
            long start = System.nanoTime();
            TestHttp.sendAndLeave(server.port(), "/?cost=2s", Duration.ofMillis(500));   // a client gone 0.5 s in
            long[] after = awaitCount(server, before, start, 1_500);
            assertEquals(before[0] + 1, after[0], "queries for nobody");
            long ms = after[1] - before[1];
            assertTrue(ms >= 400 && ms < 1_200, "counted " + ms + " ms for a query cancelled 0.5 s in");
            Thread.sleep(300);
            assertEquals(0, SERVICES.get().callsHeld("db"), "the cancelled pg_sleep is gone from pg_stat_activity");
        }
    }

    /** A deadline: pgjdbc's query timeout cancels the query at 300 ms; counted for about that, and gone. */
    @Test
    void aQueryCancelledByItsDeadlineIsCountedUntilTheDeadline() throws Exception {
        try (RunningServer server = serve("reactive-elastic")) {
            long[] before = wasted(server);
            long start = System.nanoTime();
            assertEquals(504, TestHttp.get(server.port(), "/?cost=2s&deadline=300ms").status());
            long[] after = awaitCount(server, before, start, 1_500);
            assertEquals(before[0] + 1, after[0], "queries for nobody");
            long ms = after[1] - before[1];
            assertTrue(ms >= 250 && ms < 1_000, "counted " + ms + " ms for a query cancelled at its 300 ms deadline");
            assertEquals(0, SERVICES.get().callsHeld("db"), "the cancelled pg_sleep is gone from pg_stat_activity");
        }
    }

    /** An answer delivered is not waste. */
    @Test
    void anAnsweredQueryIsNotCounted() throws Exception {
        try (RunningServer server = serve("reactive-elastic")) {
            long[] before = wasted(server);
            assertEquals(200, TestHttp.get(server.port(), "/?cost=200ms").status());
            assertEquals(before[0], wasted(server)[0]);
        }
    }

    private static long[] awaitCount(RunningServer server, long[] before, long sinceNanos, long withinMs) throws Exception {
        long[] now = wasted(server);
        while (now[0] == before[0] && (System.nanoTime() - sinceNanos) / 1_000_000 < withinMs) {
            Thread.sleep(20);
            now = wasted(server);
        }
        return now;
    }

    /** dbWasted and dbWastedMs of the server's /stats. */
    private static long[] wasted(RunningServer server) throws Exception {
        String line = TestHttp.get(server.port(), "/stats").body().strip();
        String[] w = line.split(" ");
        long[] r = {-1, -1};
        for (int i = 0; i + 1 < w.length; i++) {
            if (w[i].equals("dbWasted")) r[0] = Long.parseLong(w[i + 1]);
            if (w[i].equals("dbWastedMs")) r[1] = Long.parseLong(w[i + 1]);
        }
        assertTrue(r[0] >= 0 && r[1] >= 0, "no dbWasted in /stats: " + line);
        return r;
    }
}
