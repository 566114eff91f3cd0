package lab.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import lab.work.SleepWork;
import org.junit.jupiter.api.Test;

/** The wire format, and a worker's loop driven in memory. */
class WireTest {

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aRequestRoundTrips() throws IOException {
        String line = Wire.readLine(new ByteArrayInputStream(Wire.run(17, Duration.ofMillis(250))));
        assertEquals("run 17 250000000", line);
        assertEquals(new Wire.Run(17, Duration.ofMillis(250)), Wire.parseRun(line));
        String bounded = Wire.readLine(new ByteArrayInputStream(Wire.run(17, Duration.ofMillis(250), Optional.of(Duration.ofMillis(90)))));
        assertEquals("run 17 250000000 90000000", bounded);
        assertEquals(new Wire.Run(17, Duration.ofMillis(250), Optional.of(Duration.ofMillis(90))), Wire.parseRun(bounded));
        assertTrue(Wire.isDone(Wire.readLine(new ByteArrayInputStream(Wire.done(17))), 17));
        assertTrue(!Wire.isDone("done 17", 1) && !Wire.isDone("done 1", 17) && !Wire.isDone("done 17 ", 17));
    }

    @Test
    void anythingElseIsNotARequest() {
        for (String bad : new String[] {"", "run", "run 1", "run x 5", "run 1 -5", "walk 1 5", "run 1 5 6 7", "run 1 5 0", "run 1 5 -6", "run 1 5 x"}) {
            assertThrows(IllegalArgumentException.class, () -> Wire.parseRun(bad), bad);
        }
    }

    @Test
    void linesAreBoundedAndEndOfStreamIsNull() throws IOException {
        assertNull(Wire.readLine(ascii("")));
        assertEquals("partial", Wire.readLine(ascii("partial")));
        IOException e = assertThrows(IOException.class, () -> Wire.readLine(ascii("x".repeat(65) + "\n")));
        assertTrue(e.getMessage().startsWith("line longer than 64 bytes"), e.getMessage());
        assertEquals("x".repeat(64), Wire.readLine(ascii("x".repeat(64) + "\n")));
    }

    @Test
    void aWorkerSaysReadyAnswersEachRequestByIdAndStopsAtEndOfInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, WorkerMain.serve(ascii("run 5 0\nrun 9 1000000\n"), out, new SleepWork()));
        assertEquals("ready\ndone 5\ndone 9\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void aWorkerStopsOnAGarbledRequest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(3, WorkerMain.serve(ascii("run 5 0\nplease work\nrun 6 0\n"), out, new SleepWork()));
        assertEquals("ready\ndone 5\n", out.toString(StandardCharsets.US_ASCII));
    }
}
