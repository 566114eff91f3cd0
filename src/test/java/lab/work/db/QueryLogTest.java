package lab.work.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import lab.Servers;
import lab.TestHttp;
import lab.http.RunningServer;
import lab.work.http.StatsLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The harnesses' database side of {@code wasted}: what a real PostgreSQL logged of the work's queries,
 * on the JDK server with virtual threads, a stack that cannot see its clients (so only PostgreSQL can
 * say what it did for them).
 */
class QueryLogTest {

    private static Postgres db;
    private static QueryLog log;

    @BeforeAll
    static void start() {
        db = Postgres.start(Path.of("target"), 20, true);
        log = db.queryLog();
    }

    @AfterAll
    static void stop() {
        if (db != null) db.close();
    }

    private static RunningServer serve() {
        return serve("virtual-threads");
    }

    private static RunningServer serve(String scenario) {
        return Servers.start(scenario, "work", "db", "db.url", db.jdbcUrl());
    }

    /**
     * JDBC's and R2DBC's statements alike (each driver words its execute its own way in the log), the
     * sleep and the cost-0 lookup: the log knows them by the text the work sends.
     */
    @ParameterizedTest
    @CsvSource({"virtual-threads, 200ms", "reactive-delay, 200ms", "virtual-threads, 0ms", "reactive-delay, 0ms"})
    void anAnsweredQueryIsCountedCompleted(String scenario, String cost) throws Exception {
        try (RunningServer server = serve(scenario)) {
            StatsLine before = log.counters().orElseThrow();
            assertEquals(200, TestHttp.get(server.port(), "/?cost=" + cost).status());
            StatsLine done = log.counters().orElseThrow().minus(before);
            assertEquals(1, done.served(), "completed: " + done);
            assertEquals(0, done.departed(), "cancelled: " + done);
        }
    }

    /** pgjdbc's query timeout (the deadline) sends PostgreSQL a cancel: logged as cancelled, with its time until then. */
    @Test
    void aQueryCancelledByItsDeadlineIsCountedCutShort() throws Exception {
        try (RunningServer server = serve()) {
            StatsLine before = log.counters().orElseThrow();
            assertEquals(504, TestHttp.get(server.port(), "/?cost=2s&deadline=300ms").status());
            StatsLine done = awaitChange(before, 2_000);
            assertEquals(0, done.served(), "completed: " + done);
            assertEquals(1, done.departed(), "cancelled: " + done);
            assertTrue(done.departedMs() >= 250 && done.departedMs() < 1_000, "ran " + done.departedMs() + " ms until its cancel at 300 ms");
        }
    }

    /** The JDK server does not notice its client leave: PostgreSQL completes the query for nobody, and the log says so. */
    @Test
    void aQueryForAClientGoneIsCountedCompleted() throws Exception {
        try (RunningServer server = serve()) {
            StatsLine before = log.counters().orElseThrow();
            TestHttp.sendAndLeave(server.port(), "/?cost=1s", Duration.ofMillis(300));
            StatsLine done = awaitChange(before, 3_000);
            assertEquals(1, done.served(), "completed: " + done);
            assertEquals(0, done.departed(), "cancelled: " + done);
        }
    }

    private static StatsLine awaitChange(StatsLine before, long withinMs) throws InterruptedException {
        long until = System.nanoTime() + withinMs * 1_000_000;
        StatsLine now = log.counters().orElseThrow().minus(before);
        while (now.served() + now.departed() == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
            now = log.counters().orElseThrow().minus(before);
        }
        return now;
    }
}
