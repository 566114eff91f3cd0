package lab.work.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.Options;
import lab.launch.ServerProcess;
import lab.work.ServiceFailed;

/**
 * The service that {@code work=http} calls: by default the lab's own {@code reactive-delay} server
 * in a child JVM on a free port (it answers {@code GET /?cost=…} after that cost, holding no
 * thread), stopped by {@link #close}; or the one the user names with {@code -Ddownstream=URL}.
 * Both clients of the http work call it within the same bounds and fail with the same reasons.
 */
public final class Downstream implements AutoCloseable {

    /** Connecting to the downstream: longer means it is not there (502). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The downstream must answer within cost + this (502 otherwise). */
    public static final Duration ANSWER_SLACK = Duration.ofSeconds(10);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final ServerProcess process;   // null: the user's own
    /** Stops the child if this JVM ends before {@link #close} (SIGTERM or Ctrl-C while starting). */
    private boolean closed;   // guarded by this
    private final Thread onExit = new Thread(this::close, "lab-downstream-cleanup");

    private Downstream(URI base, ServerProcess process) {
        this.base = base;
        this.process = process;
        if (process != null) Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** The user's downstream, or a new child JVM; returns once it listens. */
    public static Downstream start(Options options) {
        if (options.downstream().isPresent()) {
            URI uri = options.downstream().get();
            return new Downstream(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri, null);
        }
        try {
            // maxCost at the lab's ceiling: the caller's own maxCost already bounds what it asks for.
            ServerProcess p = ServerProcess.start(List.of("-Xmx256m"), "scenario=reactive-delay", "work=sleep", "stats=true",
                    "cost=0", "maxCost=" + Durations.format(Options.COST_CEILING));
            return new Downstream(URI.create("http://127.0.0.1:" + p.port() + "/"), p);
        } catch (IOException e) {
            throw new EnvironmentException("cannot start the downstream service: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * One GET before anything serves, so a downstream that is not there fails the start, not the
     * first request (the process pool's server needs this: only its workers have clients).
     */
    public void check() {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(Duration.ZERO)).timeout(ANSWER_SLACK).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw answered(r.statusCode(), r.body());
        } catch (IOException | ServiceFailed e) {
            throw new EnvironmentException("downstream " + base + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("downstream " + base + ": interrupted while checking it");
        }
    }

    /** It answered, but not 200. */
    ServiceFailed answered(int status, String body) {
        return new ServiceFailed("downstream answered " + status + ": " + body.lines().findFirst().orElse("").strip());
    }

    /** No answer within cost + {@link #ANSWER_SLACK}. */
    ServiceFailed tooSlow(Duration cost) {
        return new ServiceFailed("downstream did not answer within " + Durations.format(cost.plus(ANSWER_SLACK))
                + " (cost + " + Durations.format(ANSWER_SLACK) + ")");
    }

    /** The connection was refused or not made within {@link #CONNECT_TIMEOUT}. */
    ServiceFailed unreachable(Throwable e) {
        return new ServiceFailed("downstream unreachable at " + base + ": " + e.getMessage());
    }

    /** Anything else: the connection broke, the answer was malformed. */
    ServiceFailed failed(Throwable e) {
        return new ServiceFailed("downstream " + base + " failed: " + e);
    }

    /** {@code base?cost=250ms}. */
    public URI uri(Duration cost) {
        return URI.create(base + "?cost=" + Durations.format(cost));
    }

    /** {@code base/stats}: the lab's own downstream counts the callers that left before their answer ({@code -Dstats}). */
    public URI stats() {
        return base.resolve("/stats");
    }

    public URI base() {
        return base;
    }

    /** Its {@code /stats} counters, or empty if it does not answer them within 5 s (a harness then leaves its wasted columns blank). */
    public java.util.Optional<StatsLine> counters() {
        try {
            return java.util.Optional.of(StatsLine.read(stats()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The child JVM's PID, or -1 for the user's own downstream. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public String describe() {
        return process == null ? base + " (-Ddownstream)"
                : base + " (the lab's reactive-delay server in a child JVM, pid " + process.pid() + ")";
    }

    /** Stops the child JVM (SIGTERM, then SIGKILL); nothing for the user's own. */
    @Override
    public synchronized void close() {
        if (process == null || closed) return;
        closed = true;
        process.stop(STOP_TIMEOUT);
        if (Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }
}
