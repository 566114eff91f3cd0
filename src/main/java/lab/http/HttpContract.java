package lab.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import lab.config.Durations;
import lab.work.Deadline;
import lab.work.NoFreeConnection;
import lab.work.ServiceFailed;
import lab.work.Work;

/**
 * What every server in the lab answers, whatever its stack: {@code GET /} gives {@code Howdy!\r\n}
 * after the expensive work; {@code ?cost=50ms} changes the cost of that one request (capped); any
 * other path is 404, any other method 405, a bad cost 400; {@code ?deadline=300ms} bounds the request (504). Both HTTP stacks call {@link #decide}.
 */
public final class HttpContract {

    public static final String BODY = "Howdy!\r\n";
    public static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);
    public static final String CONTENT_TYPE = "text/plain; charset=UTF-8";
    public static final String ALLOWED_METHODS = "GET";

    private HttpContract() {}

    /** What to do with one request. */
    public sealed interface Decision permits Serve, Refuse {}

    /** Do the work of this cost, within the deadline if any (else 504), then answer {@link #BODY}. */
    public record Serve(Duration cost, Optional<Duration> deadline) implements Decision {
        public Serve(Duration cost) {
            this(cost, Optional.empty());
        }
    }

    /** Answer at once with this status and a one-line reason. */
    public record Refuse(int status, String reason) implements Decision {
        public byte[] body() {
            return (reason + "\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * What to do with a request: its cost ({@code ?cost=} or the server's), and its deadline, the
     * server's -Ddeadline unless {@code ?deadline=} replaces it within the same bounds (over 0, at most maxCost).
     */
    public static Decision decide(String method, String path, String rawQuery, Duration defaultCost, Duration maxCost,
                                  Optional<Duration> defaultDeadline) {
        // path, then method, then parameters: /nope?deadline=-1 is a 404, as on every stack
        Decision d = decideCost(method, path, rawQuery, defaultCost, maxCost);
        if (!(d instanceof Serve serve)) return d;
        Optional<Duration> deadline = defaultDeadline;
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.startsWith("deadline=")) continue;
                String value = URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8);
                try {
                    deadline = Optional.of(Durations.parse(value));
                } catch (IllegalArgumentException e) {
                    return new Refuse(400, "bad deadline: " + e.getMessage());
                }
                if (deadline.get().isZero() || deadline.get().compareTo(maxCost) > 0) {
                    return new Refuse(400, "deadline " + Durations.format(deadline.get()) + " is out of range (over 0, at most "
                            + Durations.format(maxCost) + ", the server option -DmaxCost=)");
                }
            }
        }
        return new Serve(serve.cost(), deadline);
    }

    private static Decision decideCost(String method, String path, String rawQuery, Duration defaultCost, Duration maxCost) {
        if (!"/".equals(path)) return new Refuse(404, "not found: only / is served");
        if (!"GET".equals(method)) return new Refuse(405, "method " + method + " not allowed: use GET");
        Duration cost = defaultCost;
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.startsWith("cost=")) continue;
                try {
                    cost = Durations.parse(URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {   // also a bad percent-escape
                    return new Refuse(400, "bad cost: " + e.getMessage());
                }
                if (cost.compareTo(maxCost) > 0) {
                    return new Refuse(400, "cost " + Durations.format(cost) + " is over the cap of "
                            + Durations.format(maxCost) + " (server option -DmaxCost=)");
                }
            }
        }
        return new Serve(cost);
    }

    /**
     * Does a {@link Serve}'s work on the calling thread (the blocking handlers' one expensive call)
     * and returns what to answer: the same decision, or a 500 if the work failed.
     */
    public static Decision perform(Decision decision, Work work) {
        if (!(decision instanceof Serve serve)) return decision;
        try {
            run(serve, work);
            return serve;
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /** A {@link Serve}'s blocking work on the calling thread, interrupted at its deadline ({@link Deadline}). */
    public static void run(Serve serve, Work work) {
        Deadline.within(serve.deadline(), () -> work.perform(serve.cost()));
    }

    public static int status(Decision decision) {
        return decision instanceof Refuse r ? r.status() : 200;
    }

    public static byte[] body(Decision decision) {
        return decision instanceof Refuse r ? r.body() : BODY_BYTES;
    }

    /** The answer to a request the server has no room for: a fast 503 instead of a hang. */
    public static Refuse overloaded(String why) {
        return new Refuse(503, "server busy: " + why);
    }

    /**
     * The answer to a request whose work failed: 503 for no room (the server's own bounds, or the
     * work's client pool), 504 for a passed deadline, 502 for a failed downstream or database, else 500.
     */
    public static Refuse failed(Throwable t) {
        if (t instanceof Overloaded || t instanceof NoFreeConnection) return overloaded(t.getMessage());
        if (t instanceof Deadline.DeadlinePassed) return new Refuse(504, "gateway timeout: " + t.getMessage());
        if (t instanceof ServiceFailed) return new Refuse(502, "bad gateway: " + t.getMessage());
        return new Refuse(500, "work failed: " + t.getClass().getSimpleName() + ": " + t.getMessage());
    }
}
