package lab.http;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The optional per-request line ({@code -Dlog=true}): off by default, since printing distorts load tests. */
public record RequestLog(boolean enabled) {

    public void log(String method, String uri, int status, long startNanos) {
        if (!enabled) return;
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        System.out.printf("%s %-24s %s %s -> %d in %d ms%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS),
                Thread.currentThread().getName(), method, uri, status, ms);
    }
}
