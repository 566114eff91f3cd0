package lab.http;

import java.io.IOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import lab.config.Options;
import lab.work.Work;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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

    private JettyHttpServer(Server server, ServerConnector connector, String threading) {
        this.server = server;
        this.connector = connector;
        this.threading = threading;
    }

    public static RunningServer start(Options options, Work work, ThreadPool threads, String threading) {
        Duration defaultCost = options.cost();
        Duration maxCost = options.maxCost();
        Optional<Duration> deadline = options.deadline();
        RequestLog log = new RequestLog(options.log());
        ServerLogging.quiet();
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(RequestHead.parserLimit(options));
        config.setSendServerVersion(false);
        // One acceptor and one selector: Jetty's own choice on 2 cores, fixed so the banner can say it.
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setAcceptQueueSize(Listen.BACKLOG);
        // Jetty's only read timeout is the connection's idle timeout: a stalled request head is cut
        // off after it (so are keep-alive connections idle that long; a handler at work is not).
        connector.setIdleTimeout(options.headerTimeout().toMillis());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {   // BLOCKING: runs on a pool thread, may block
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                long start = System.nanoTime();
                HttpURI uri = request.getHttpURI();
                HttpContract.Decision decision = RequestHead.check(options, requestLineBytes(request), headerBytes(request))
                        .<HttpContract.Decision>map(r -> r)
                        .orElseGet(() -> HttpContract.decide(request.getMethod(), uri.getPath(), uri.getQuery(),
                                defaultCost, maxCost, deadline));
                decision = HttpContract.perform(decision, work);   // the expensive call, on this request's thread
                int status = HttpContract.status(decision);
                byte[] body = HttpContract.body(decision);
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpContract.CONTENT_TYPE);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                if (status == 405) response.getHeaders().put(HttpHeader.ALLOW, HttpContract.ALLOWED_METHODS);
                if (status == 414 || status == 431) response.getHeaders().put(HttpHeader.CONNECTION, "close");
                response.write(true, ByteBuffer.wrap(body), callback);
                log.log(request.getMethod(), uri.getPathQuery(), status, start);
                return true;
            }
        });
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
        return new JettyHttpServer(server, connector, threading
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

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop Jetty", e);
        }
    }
}
