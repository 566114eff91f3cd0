package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ab reports recorded against the lab's own servers (src/test/resources/lab/compare/ab). */
class AbParserTest {

    private static AbResult parse(String sample) throws IOException {
        try (InputStream in = AbParserTest.class.getResourceAsStream("ab/" + sample + ".txt")) {
            return AbParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** sync, ?cost=20ms, ab -c 4 -n 40. */
    @Test
    void aNormalRun() throws IOException {
        AbResult r = parse("normal");
        assertEquals(43.69, r.requestsPerSecond());
        assertEquals(81, r.meanMs());          // the Total row's mean, not "Time per request"
        assertEquals(84, r.p50Ms());
        assertEquals(86, r.p90Ms());
        assertEquals(92, r.p99Ms());
        assertEquals(92, r.maxMs());
        assertEquals(40, r.completed());
        assertEquals(0, r.failed());
        assertEquals(0, r.non2xx());
        assertNull(r.problem());
    }

    /** sync with queueLimit=0: the busy server's 503s are both non-2xx and (by length) failed. */
    @Test
    void failuresAndNon2xx() throws IOException {
        AbResult r = parse("non2xx");
        assertEquals(20, r.completed());
        assertEquals(18, r.failed());
        assertEquals(18, r.non2xx());
        assertEquals(98.12, r.requestsPerSecond());
        assertEquals(152, r.p99Ms());
    }

    /** ab -s 1 against a 2 s cost: ab gives up before any request completes. */
    @Test
    void aTimeoutBeforeAnythingCompleted() throws IOException {
        AbResult r = parse("timeout");
        assertTrue(Double.isNaN(r.requestsPerSecond()));
        assertEquals(0, r.completed());
        assertTrue(r.problem().contains("apr_pollset_poll: The timeout specified has expired"), r.problem());
    }

    /** ab -s 1, fast requests, then one stuck behind a 3 s request: ab reports how many completed. */
    @Test
    void aTimeoutAfterSomeCompleted() throws IOException {
        AbResult r = parse("timeout-partial");
        assertEquals(55, r.completed());
        assertTrue(Double.isNaN(r.p99Ms()));
        assertTrue(r.problem().startsWith("ab stopped: apr_pollset_poll"), r.problem());
    }

    /** ab -k -t 2 at cost 0: every request on a kept-alive connection. */
    @Test
    void keepAlive() throws IOException {
        AbResult r = parse("keepalive");
        assertEquals(18225, r.completed());
        assertEquals(18225, r.keepAlive());
        assertEquals(9112.25, r.requestsPerSecond());
    }

    /** ab -t 2 -c 50 on sync at 100 ms: ab's "Time per request" (5051 ms) is not the latency. */
    @Test
    void aTimeLimitedRunThatLeftRequestsQueued() throws IOException {
        AbResult r = parse("timelimit");
        assertEquals(20, r.completed());
        assertEquals(9.90, r.requestsPerSecond());
        assertEquals(965, r.meanMs());
        assertEquals(1916, r.maxMs());
    }
}
