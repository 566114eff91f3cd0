package lab.http;

import java.io.IOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import lab.config.Options;
import lab.http.HttpContract.Refuse;
import lab.work.Work;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * A production stack: Jetty 12 (its core API, no servlets). Jetty parses requests on its selector
 * and hands each one to a thread of the {@link ThreadPool} the scenario gives it; the handler is a
 * blocking one ({@code Handler.Abstract}'s invocation type is {@code BLOCKING}), so Jetty never
 * runs it on the selector itself, and it calls the work directly on that thread.
 */
public final class JettyHttpServer implements RunningServer {

    /** Jetty's default listen backlog: {@code acceptQueueSize} 0, which the JDK turns into 50. */
    public static final int DEFAULT_BACKLOG = 50;

    private final Server server;
    private final ServerConnector connector;
    private final String threading;
    private final Drain drain;

    private JettyHttpServer(Server server, ServerConnector connector, Drain drain, String threading) {
        this.server = server;
        this.connector = connector;
        this.drain = drain;
        this.threading = threading;
    }

    public static RunningServer start(Options options, Work work, ThreadPool threads, String threading) {
        Departures.refuseOn(options, "Jetty");
        boolean watchClients = options.watchClients();
        Duration defaultCost = options.cost();
        Duration maxCost = options.maxCost();
        Optional<Duration> deadline = options.deadline();
        RequestLog log = new RequestLog(options.log());
        ServerLogging.quiet();
        Drain drain = new Drain();
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(RequestHead.parserLimit(options));
        config.setSendServerVersion(false);
        // One acceptor and one selector: Jetty's own choice on 2 cores, fixed so the banner can say it.
        ConnectionBound connections = new ConnectionBound(options.maxConnections());
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config)) {
            /** -DmaxConnections: past it the next connection is accepted only to get the canned 503, and closed. */
            @Override
            public void accept(int acceptorID) throws IOException {
                if (connections.full() && getTransport() instanceof ServerSocketChannel listening && listening.isOpen()) {
                    SocketChannel refused = listening.accept();
                    if (refused != null) {
                        connections.refused();
                        ConnectionBound.refuse(refused);
                    }
                    return;
                }
                super.accept(acceptorID);
                connections.opened();   // counted as accepted: Jetty's onOpened comes later, and a flood outruns it
            }

            /** Jetty logs a WARN with a stack trace per failed accept: counted instead; Jetty's 1 s pause kept. */
            @Override
            protected boolean handleAcceptFailure(Throwable failure) {
                if (!isRunning() || failure instanceof InterruptedException || failure instanceof ClosedByInterruptException) {
                    return super.handleAcceptFailure(failure);
                }
                FaultLog.ACCEPT.record(failure);
                try {
                    Thread.sleep(1000);
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        };
        connector.addBean(new Connection.Listener() {   // -DmaxConnections: a connection accepted (and counted) ends
            @Override public void onClosed(Connection connection) { connections.closed(); }
        });
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setAcceptQueueSize(Listen.BACKLOG);
        // Jetty's only read timeout is the connection's idle timeout: a stalled request head is cut
        // off after it (so are keep-alive connections idle that long; a handler at work is not).
        connector.setIdleTimeout(options.headerTimeout().toMillis());
        server.addConnector(connector);
        server.setErrorHandler(new ErrorHandler() {   // what Jetty's parser refused (400, 505 ...): counted
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Object message = request.getAttribute(ERROR_MESSAGE);
                FaultLog.MALFORMED.record("Jetty refused a request: " + (message == null ? "" : message));
                return super.handle(request, response, callback);
            }
        });
        server.setHandler(new Handler.Abstract() {   // BLOCKING: runs on a pool thread, may block
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!drain.enter()) {
                    byte[] body = Drain.STOPPING.body();
                    response.setStatus(Drain.STOPPING.status());
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpContract.CONTENT_TYPE);
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    response.write(true, ByteBuffer.wrap(body), callback);
                    return true;
                }
                try {
                    serve(request, response, callback);
                } finally {
                    drain.exit();
                }
                return true;
            }

            private void serve(Request request, Response response, Callback callback) {
                long start = System.nanoTime();
                HttpURI uri = request.getHttpURI();
                java.util.Optional<Refuse> malformed = RequestSyntax.check(request.getMethod(),
                        request.getConnectionMetaData().getHttpVersion().asString(), uri.getPathQuery(), -1)
                        .or(() -> RequestHead.check(options, requestLineBytes(request), headerBytes(request)));
                malformed.ifPresent(m -> FaultLog.MALFORMED.record(m.reason()));
                HttpContract.Decision decision = malformed.<HttpContract.Decision>map(r -> r)
                        .orElseGet(() -> HttpContract.decide(request.getMethod(), uri.getPath(), uri.getQuery(),
                                defaultCost, maxCost, deadline));
                boolean keepAlive = true;
                if (watchClients && decision instanceof HttpContract.Serve) {
                    try (JettyClientWatch watch = JettyClientWatch.start(request.getConnectionMetaData().getConnection().getEndPoint())) {
                        decision = HttpContract.perform(decision, work);   // the expensive call, on this request's thread
                        keepAlive = watch.keepAlive();
                    }
                } else {
                    decision = HttpContract.perform(decision, work);
                }
                int status = HttpContract.status(decision);
                byte[] body = HttpContract.body(decision);
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpContract.CONTENT_TYPE);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                if (status == 405) response.getHeaders().put(HttpHeader.ALLOW, HttpContract.ALLOWED_METHODS);
                if (malformed.isPresent() || !keepAlive) response.getHeaders().put(HttpHeader.CONNECTION, "close");
                response.write(true, ByteBuffer.wrap(body), callback);
                log.log(request.getMethod(), uri.getPathQuery(), status, start);
            }
        });
        FaultLog.preload();
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            if (e.getCause() instanceof BindException || e instanceof BindException) {
                throw Listen.portInUse(options);
            }
            throw Listen.cannotListen(options, e);
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Jetty did not start: " + e.getMessage(), e);
        }
        return new JettyHttpServer(server, connector, drain, threading
                + "; listen backlog " + Listen.BACKLOG + " (Jetty's default: " + DEFAULT_BACKLOG + ")"
                + "; a request head must arrive within -DheaderTimeout=" + lab.config.Durations.format(options.headerTimeout())
                + " (Jetty's idle timeout; default 30s)");
    }

    private static int requestLineBytes(Request request) {
        return request.getMethod().length() + 1 + request.getHttpURI().getPathQuery().length() + 1
                + request.getConnectionMetaData().getHttpVersion().asString().length();
    }

    private static int headerBytes(Request request) {
        int bytes = 0;
        for (HttpField field : request.getHeaders()) bytes += RequestHead.lineBytes(field.getName(), field.getValue());
        return bytes;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing to start; the first error is the one to report
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String threading() {
        return threading;
    }

    /** Closes the listening socket (new connects are refused; open connections stay), then waits. */
    @Override
    public int drain(Duration timeout) throws InterruptedException {
        drain.begin();
        connector.close();
        drain.awaitIdle(timeout);
        return drain.inFlight();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop Jetty", e);
        }
    }
}
