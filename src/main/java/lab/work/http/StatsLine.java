package lab.work.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One {@code GET /stats} line of a Reactor Netty server with {@code -Dstats}
 * ({@code served N departed N departedMs N dbWasted N dbWastedMs N}), for the harnesses' {@code wasted}
 * columns: read before and after a cell or step, and take the difference. The database fields are
 * absent on a line from an older server (empty here, a blank column).
 */
public record StatsLine(long served, long departed, long departedMs, OptionalLong dbWasted, OptionalLong dbWastedMs) {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Parses a line; a bad one throws IllegalArgumentException with the line. */
    public static StatsLine parse(String line) {
        String[] w = line.strip().split(" ");
        if (w.length % 2 != 0) throw new IllegalArgumentException("not a /stats line: " + line);
        long served = -1, departed = -1, departedMs = -1;
        OptionalLong dbWasted = OptionalLong.empty(), dbWastedMs = OptionalLong.empty();
        try {
            for (int i = 0; i < w.length; i += 2) {
                long v = Long.parseLong(w[i + 1]);
                switch (w[i]) {
                    case "served" -> served = v;
                    case "departed" -> departed = v;
                    case "departedMs" -> departedMs = v;
                    case "dbWasted" -> dbWasted = OptionalLong.of(v);
                    case "dbWastedMs" -> dbWastedMs = OptionalLong.of(v);
                    default -> { }   // a later field: ignored, so an older harness reads a newer server
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /stats line: " + line);
        }
        if (served < 0 || departed < 0 || departedMs < 0) throw new IllegalArgumentException("not a /stats line: " + line);
        return new StatsLine(served, departed, departedMs, dbWasted, dbWastedMs);
    }

    /**
     * The downstream's work nobody read, from a difference of two readings: the calls it answered beyond
     * {@code callsPerAnswer} for each of the {@code answeredInTime} answers clients received (a stack that
     * does not notice a departed client, or an answer too late: the downstream cannot tell these itself,
     * its caller, the server, is still there), and the calls whose caller left mid-call. Their time: each
     * call for nobody ran its whole {@code cost}, the cut-short ones as long as {@code departedMs} says.
     * Both harnesses count their {@code wasted} columns with this. The served calls are counted by the
     * wall clock and the answers by the cell's or step's requests: a few either way at the edges, so a
     * small negative count for nobody is read as none in the time.
     */
    public Wasted wasted(long answeredInTime, int callsPerAnswer, Duration cost) {
        long nobody = served - answeredInTime * callsPerAnswer;
        return new Wasted(nobody, departed, Math.max(0, nobody) * cost.toNanos() / 1e6 + departedMs);
    }

    /** {@link #wasted}: calls answered for nobody (may be slightly negative, see there), calls cut short, their ms. */
    public record Wasted(long forNobody, long cutShort, double ms) {

        /** Calls the downstream spent on nobody, whole or cut short (a negative count for nobody as none). */
        public long calls() {
            return Math.max(0, forNobody) + cutShort;
        }
    }

    /** What happened between {@code before} and this reading. */
    public StatsLine minus(StatsLine before) {
        return new StatsLine(served - before.served, departed - before.departed, departedMs - before.departedMs,
                minus(dbWasted, before.dbWasted), minus(dbWastedMs, before.dbWastedMs));
    }

    private static OptionalLong minus(OptionalLong after, OptionalLong before) {
        return after.isPresent() && before.isPresent() ? OptionalLong.of(after.getAsLong() - before.getAsLong()) : OptionalLong.empty();
    }

    /** One client for every read: a read around a step should not pay for a client's start (threads, a selector). */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    /** Reads {@code stats} (e.g. {@link Downstream#stats()}), within 5 s. */
    public static StatsLine read(URI stats) throws IOException {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(stats).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException(stats + ": " + r.statusCode());
            return parse(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(stats + ": interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(stats + ": " + e.getMessage(), e);
        }
    }
}
