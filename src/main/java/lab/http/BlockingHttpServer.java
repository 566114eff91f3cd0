package lab.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import lab.config.Options;
import lab.http.HttpContract.Refuse;
import lab.http.HttpContract.Serve;
import lab.measure.Theory;
import lab.work.Work;

/**
 * The blocking stack: the JDK's {@code com.sun.net.httpserver.HttpServer}. One dispatcher thread
 * accepts connections and parses requests; each request then runs, start to finish, as one task on
 * the executor the scenario chooses, and that task calls the work directly. So the executor
 * <em>is</em> the concurrency model: one thread, a fixed pool, or a virtual thread per request.
 */
public final class BlockingHttpServer implements RunningServer {

    private static final String MAX_IDLE_PROPERTY = "sun.net.httpserver.maxIdleConnections";
    private static final String MAX_CONNECTIONS_PROPERTY = "jdk.httpserver.maxConnections";
    /** Idle keep-alive connections the lab lets the JDK server keep (its default: 200). */
    public static final int MAX_IDLE_CONNECTIONS = 16_384;

    static {
        // Without TCP_NODELAY the JDK server writes headers and body in two packets and, on a
        // keep-alive connection, Nagle plus delayed ACK adds ~40 ms to every request.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // The JDK server keeps at most 200 idle keep-alive connections and closes any other the
        // moment its response is sent: at c = 10,000 with ab -k that failed 110,812 requests.
        if (System.getProperty(MAX_IDLE_PROPERTY) == null) {
            System.setProperty(MAX_IDLE_PROPERTY, Integer.toString(MAX_IDLE_CONNECTIONS));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final String threading;
    private final Drain drain;

    private BlockingHttpServer(HttpServer server, ExecutorService threads, Drain drain, String threading) {
        this.server = server;
        this.threads = threads;
        this.drain = drain;
        this.threading = threading;
    }

    /**
     * Starts a server whose requests run on {@code threads}. Unless {@code maxInFlight} is {@link Theory#UNBOUNDED} (a thread per request), at most
     * that many requests run and {@code queueLimit} more wait; a request beyond that is answered 503
     * at once instead of joining an ever-growing queue.
     */
    public static RunningServer start(Options options, Work work, ExecutorService threads, int maxInFlight,
                                      String threading) {
        Departures.refuseOn(options, "the JDK HttpServer");
        Departures.refuseWatchOn(options, "the JDK HttpServer", "it exposes no socket, and its request body's -1 is the body's end, not the connection's (docs/deadlines.md)");
        Duration defaultCost = options.cost();
        Duration maxCost = options.maxCost();
        Optional<Duration> deadline = options.deadline();
        RequestLog log = new RequestLog(options.log());
        Admission admission = maxInFlight == Theory.UNBOUNDED ? null : new Admission(threads, maxInFlight, options.queueLimit());
        // -DmaxConnections: the JDK's own bound, which closes a connection past it at once (no 503). JVM-wide,
        // read at the first server's start, like maxIdleConnections.
        if (System.getProperty(MAX_CONNECTIONS_PROPERTY) == null) {
            System.setProperty(MAX_CONNECTIONS_PROPERTY, Integer.toString(options.maxConnections()));
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), Listen.BACKLOG);
        } catch (BindException e) {
            throw Listen.portInUse(options);
        } catch (IOException e) {
            throw Listen.cannotListen(options, e);
        }
        int maxRequestLine = options.maxRequestLine();
        int maxHeaderSize = options.maxHeaderSize();
        Drain drain = new Drain();
        server.createContext("/", exchange -> {
            if (!HeaderTimeout.headRead()) throw new IOException("request head not read within -DheaderTimeout");
            long start = System.nanoTime();
            if (!drain.enter()) {
                send(exchange, Drain.STOPPING, true);
                return;
            }
            try {
                handle(exchange, work, admission, defaultCost, maxCost, deadline, maxRequestLine, maxHeaderSize, log, start);
            } finally {
                drain.exit();
            }
        });
        // the head-read deadline wraps the whole task, so it also covers a run Admission turned away
        server.setExecutor(new HeaderTimeout(admission != null ? admission : threads, options.headerTimeout()));
        FaultLog.preload();
        server.start();
        return new BlockingHttpServer(server, threads, drain, threading + "; " + connectionLimits());
    }

    private static void handle(HttpExchange exchange, Work work, Admission admission, Duration defaultCost, Duration maxCost,
                               Optional<Duration> deadline, int maxRequestLine, int maxHeaderSize, RequestLog log, long start)
            throws IOException {
        java.util.Optional<HttpContract.Decision> malformed = RequestSyntax.check(exchange.getRequestMethod(), exchange.getProtocol(),
                exchange.getRequestURI().toString(), hosts(exchange)).<HttpContract.Decision>map(r -> r)
                .or(() -> RequestHeadLimits.check(exchange, maxRequestLine, maxHeaderSize));
        malformed.ifPresent(m -> FaultLog.MALFORMED.record(((Refuse) m).reason()));
        HttpContract.Decision decision = malformed.orElseGet(() -> HttpContract.decide(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), defaultCost, maxCost, deadline));
        if (decision instanceof Serve serve) {
            if (Admission.isRejectedRun()) {
                decision = HttpContract.overloaded(admission.describe());
            } else {
                try {
                    HttpContract.run(serve, work);          // the expensive call, on this request's thread
                } catch (RuntimeException e) {
                    decision = HttpContract.failed(e);
                } finally {
                    Admission.workDone();
                }
            }
        }
        int status = send(exchange, decision, malformed.isPresent());
        log.log(exchange.getRequestMethod(), exchange.getRequestURI().toString(), status, start);
    }

    /** The JDK server's hidden limits, as the lab sets them (read once per JVM, at the server's first start). */
    private static String connectionLimits() {
        return "keeps up to " + System.getProperty(MAX_IDLE_PROPERTY) + " idle keep-alive connections (-D" + MAX_IDLE_PROPERTY
                + "; JDK default 200: past it a connection is closed after its response); at most "
                + System.getProperty(MAX_CONNECTIONS_PROPERTY) + " open connections (-D" + MAX_CONNECTIONS_PROPERTY
                + ", read once per JVM: past it a new one is closed at once); listen backlog " + Listen.BACKLOG
                + " (JDK default 50)";
    }

    private static int hosts(HttpExchange exchange) {
        java.util.List<String> hosts = exchange.getRequestHeaders().get("Host");
        return hosts == null ? 0 : hosts.size();
    }

    /** {@code close}: the request was malformed, the connection is not trusted with another. */
    private static int send(HttpExchange exchange, HttpContract.Decision decision, boolean close) throws IOException {
        try (exchange) {
            int status = decision instanceof Refuse r ? r.status() : 200;
            byte[] body = decision instanceof Refuse r ? r.body() : HttpContract.BODY_BYTES;
            exchange.getResponseHeaders().set("Content-Type", HttpContract.CONTENT_TYPE);
            if (status == 405) exchange.getResponseHeaders().set("Allow", HttpContract.ALLOWED_METHODS);
            if (close) exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(status, body.length);   // sets Content-Length
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return status;
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public String threading() {
        return threading;
    }

    /**
     * The JDK server cannot stop accepting without dropping its open connections ({@code stop} closes
     * them all after its delay): its listening socket stays open while it drains, and every request,
     * on a new connection or a kept-alive one, is answered 503.
     */
    @Override
    public int drain(Duration timeout) throws InterruptedException {
        drain.begin();
        drain.awaitIdle(timeout);
        return drain.inFlight();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
