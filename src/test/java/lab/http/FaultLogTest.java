package lab.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.Await;
import org.junit.jupiter.api.Test;

/** The rate-limited fault log: one line per interval with a count, and a burst's last count is printed too. */
class FaultLogTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void aBurstIsOneLineAtOnceAndOneWithTheRestWhenTheIntervalEndsThoughNoLaterFaultComes() throws Exception {
        FaultLog log = new FaultLog("test fault(s)", TimeUnit.MILLISECONDS.toNanos(500), out);
        for (int i = 1; i <= 5; i++) log.record("fault " + i);
        assertEquals(1, lines().size(), "the first at once, the rest held: " + lines());
        assertTrue(lines().get(0).contains(" 1 test fault(s); last: fault 1"), lines().get(0));
        Await.untilEquals("lines once the interval ends", Duration.ofSeconds(10), () -> lines().size(), 2);
        assertTrue(lines().get(1).contains(" 4 test fault(s) since the last such line; last: fault 5"), lines().get(1));
        Thread.sleep(1_200);   // two more intervals: nothing more to print
        assertEquals(2, lines().size(), String.valueOf(lines()));
    }

    @Test
    void aFaultAfterAQuietIntervalIsPrintedAtOnce() throws Exception {
        FaultLog log = new FaultLog("test fault(s)", TimeUnit.MILLISECONDS.toNanos(200), out);
        log.record("first");
        Thread.sleep(500);
        log.record("second");
        assertEquals(2, lines().size(), String.valueOf(lines()));
        assertTrue(lines().get(1).contains(" 1 test fault(s); last: second"), lines().get(1));
    }

    @Test
    void preloadPrintsNothing() throws Exception {
        PrintStream err = System.err;
        System.setErr(out);
        try {
            FaultLog.preload();
            Thread.sleep(200);   // the flusher's first run
        } finally {
            System.setErr(err);
        }
        assertEquals(List.of(), lines());
    }
}
