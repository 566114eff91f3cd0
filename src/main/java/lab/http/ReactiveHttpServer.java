package lab.http;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import lab.config.Options;
import lab.http.HttpContract.Refuse;
import lab.http.HttpContract.Serve;
import lab.work.Deadline;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ChannelBindException;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The event-loop stack: Reactor Netty. A few event-loop threads run every connection's I/O and
 * call the scenario's {@link Handler} <em>on the event loop</em>; whatever the handler does before
 * returning its {@code Mono} holds that loop, and every connection on it, hostage.
 */
public final class ReactiveHttpServer implements RunningServer {

    /** A scenario's answer to one request of the given cost: a {@code Mono} of the body. */
    @FunctionalInterface
    public interface Handler {
        Mono<String> respond(Duration cost);
    }

    private final DisposableServer server;
    private final LoopResources loops;
    private final String threading;
    private final Drain drain;

    private ReactiveHttpServer(DisposableServer server, LoopResources loops, Drain drain, String threading) {
        this.server = server;
        this.loops = loops;
        this.drain = drain;
        this.threading = threading;
    }

    /** The number of event loops the options ask for, or Reactor Netty's default. */
    public static int eventLoops(Options options) {
        return options.eventLoops().orElse(LoopResources.DEFAULT_IO_WORKER_COUNT);
    }

    /** Starts a server on {@link #eventLoops} loops; {@code threading} is added to the banner's line. */
    public static RunningServer start(Options options, Handler handler, String threading) {
        Duration defaultCost = options.cost();
        Duration maxCost = options.maxCost();
        Optional<Duration> deadline = options.deadline();
        Departures departures = options.stats() ? new Departures() : null;
        Duration headerTimeout = options.headerTimeout();
        RequestLog log = new RequestLog(options.log());
        int loopCount = eventLoops(options);
        LoopResources loops = LoopResources.create("lab-loop", loopCount, true);
        FaultLog.preload();
        NettyFaults.preload();
        Drain drain = new Drain();
        ConnectionBound connections = new ConnectionBound(options.maxConnections());
        DisposableServer server;
        try {
            server = HttpServer.create()
                    .host(options.host())
                    .port(options.port())
                    .runOn(loops)
                    .option(ChannelOption.SO_BACKLOG, Listen.BACKLOG)
                    // request-reading bounds: too long a line gets 414, too many header bytes 431 (Netty's codec
                    // limits), a head not complete within -DheaderTimeout closes the connection
                    .httpRequestDecoder(spec -> spec.maxInitialLineLength(options.maxRequestLine())
                            .maxHeaderSize(options.maxHeaderSize()))
                    .doOnChannelInit((observer, channel, remote) -> {
                        NettyFaults.connectionBound(channel, connections);
                        HeadDeadline.install(channel, headerTimeout);
                        NettyFaults.decodeFailures(channel);
                    })
                    .doOnBound(bound -> NettyFaults.acceptFailures(bound.channel()))
                    .handle((request, response) -> {
                        long start = System.nanoTime();
                        String method = request.method().name();
                        if (!drain.enter()) {
                            response.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                            return send(response, Drain.STOPPING, method, request.uri(), start, log);
                        }
                        return Flux.defer(() -> answer(request, response, method, start, defaultCost, maxCost, deadline, departures, handler, log))
                                .doFinally(signal -> drain.exit());
                    })
                    .bindNow();
        } catch (ChannelBindException e) {
            loops.dispose();
            throw Listen.portInUse(options);
        } catch (RuntimeException e) {
            loops.dispose();
            throw Listen.cannotListen(options, e);
        }
        return new ReactiveHttpServer(server, loops, drain, loopCount + " event-loop thread(s)"
                + (options.eventLoops().isPresent() ? " (-DeventLoops)" : " (Reactor Netty default: max(cores, 4))")
                + "; " + threading);
    }

    private static Publisher<Void> answer(HttpServerRequest request, HttpServerResponse response, String method, long start,
                                          Duration defaultCost, Duration maxCost, Optional<Duration> deadline,
                                          Departures departures, Handler handler, RequestLog log) {
        Optional<Refuse> malformed = RequestSyntax.check(method, request.version().text(), request.uri(),
                request.requestHeaders().getAll(HttpHeaderNames.HOST).size());
        if (malformed.isPresent()) {
            FaultLog.MALFORMED.record(malformed.get().reason());
            response.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);   // not trusted with another request
            if (malformed.get().status() == 505) response.withConnection(c -> NettyFaults.answerInHttp11(c.channel()));
            response.withConnection(c -> LingeringClose.install(c.channel()));   // a body may be on its way
            return send(response, malformed.get(), method, request.uri(), start, log);
        }
        URI uri = URI.create(request.uri());   // RequestSyntax let through only what parses
        if (departures != null && "/stats".equals(uri.getRawPath())) return departures.send(response);
        HttpContract.Decision decision = HttpContract.decide(method, uri.getRawPath(), uri.getRawQuery(),
                defaultCost, maxCost, deadline);
        Mono<HttpContract.Decision> answer = decision instanceof Serve serve
                ? within(serve, respond(handler, serve.cost()))       // runs here, on the event loop
                        .<HttpContract.Decision>map(body -> serve)
                        .onErrorResume(ReactiveHttpServer::refusal)
                : Mono.just(decision);
        if (departures != null) answer = departures.watch(answer, start);
        // HTTP/1.0 keep-alive (ab -k) must be answered with "Connection: keep-alive", or
        // the client closes after every response; Reactor Netty leaves that header out.
        if (request.version() == HttpVersion.HTTP_1_0 && request.isKeepAlive()) {
            response.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return answer.flatMapMany(d -> send(response, d, method, request.uri(), start, log));
    }

    private static Mono<String> respond(Handler handler, Duration cost) {
        try {
            return handler.respond(cost);
        } catch (RuntimeException e) {   // work that failed synchronously, e.g. interrupted by shutdown
            return Mono.error(e);
        }
    }

    /**
     * Reactor's own deadline: past it the timeout cancels the handler's Mono, and the cancel goes up
     * the chain (a Netty client's connection closed, a pool thread interrupted) while the 504 goes out.
     */
    private static Mono<String> within(Serve serve, Mono<String> work) {
        if (serve.deadline().isEmpty()) return work;
        Duration d = serve.deadline().get();
        CarryDeadlines.install();
        long end = Deadline.end(d);
        // Blocking work run inside the subscribe, or on a thread it schedules, sees the deadline too
        // (Deadline.carry): its clients' own timeouts (pgjdbc's cancel request) go first, the timeout after.
        Mono<String> carried = Mono.from(s -> Deadline.during(end, () -> work.subscribe(s)));
        return carried.timeout(d.plus(Deadline.INTERRUPT_AFTER), Mono.error(() -> Deadline.passed(d)))
                // past the deadline any failure is this request's 504, naming its deadline (a process
                // pool worker's own DeadlinePassed names only the time that was left when it was sent)
                .onErrorMap(e -> System.nanoTime() - end >= 0, e -> Deadline.passed(d));
    }

    private static Mono<HttpContract.Decision> refusal(Throwable t) {
        if (t instanceof Overloaded || t instanceof RejectedExecutionException) {
            return Mono.just(HttpContract.overloaded(t.getMessage()));
        }
        return Mono.just(HttpContract.failed(t));
    }

    private static Publisher<Void> send(HttpServerResponse response, HttpContract.Decision decision, String method,
                                        String uri, long start, RequestLog log) {
        int status = decision instanceof Refuse r ? r.status() : 200;
        byte[] body = decision instanceof Refuse r ? r.body() : HttpContract.BODY_BYTES;
        response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, HttpContract.CONTENT_TYPE)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        if (status == 405) response.header(HttpHeaderNames.ALLOW, HttpContract.ALLOWED_METHODS);
        NettyOutbound out = response.sendByteArray(Mono.just(body));
        return Mono.from(out).doFinally(signal -> log.log(method, uri, status, start));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String threading() {
        return threading;
    }

    /**
     * Closes the listening channel (new connects are refused), then waits for the requests in flight
     * and for their answers to be written. A handler's Mono ends before its answer is on the wire:
     * Reactor Netty writes the whole response (head, body, end) once the Mono completes, and from a
     * thread off the loop (a timer, R2DBC's loops, a pool) that write is a task queued to the
     * connection's loop. Shut down with that task still queued, the loop closes the connection first
     * and the client reads an empty close; seen in DrainTest, the last one to three of 20-50 answers.
     */
    @Override
    public int drain(Duration timeout) throws InterruptedException {
        drain.begin();
        server.channel().close().awaitUninterruptibly(1_000);
        // past the timeout a loop may still be blocked (reactive-blocking's work): stop without waiting on it
        if (drain.awaitIdle(timeout)) runQueuedWrites();
        return drain.inFlight();
    }

    /** Each loop runs a task after those queued so far (its queue is FIFO): the answers' writes, and their flushes. */
    private void runQueuedWrites() throws InterruptedException {
        for (EventExecutor loop : loops.onServer(LoopResources.DEFAULT_NATIVE)) {
            loop.submit(() -> { }).await(1_000);
        }
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        // The connections are closed and their requests cancelled: let those end (a wait that is done
        // at once, or a timer that fires meanwhile) while the loops still run, or a late answer is
        // handed to a loop already shut down ("Event loop shut down?", with a stack trace).
        try {
            drain.awaitIdle(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The server is gone already: no quiet period needed (Netty's default waits 2 s for stragglers).
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(6));
    }
}
