package lab.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import lab.config.Durations;
import lab.config.Options;
import lab.launch.ScratchDirs;
import lab.work.Work;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * A production stack: embedded Tomcat 11, one plain servlet, as Spring MVC runs on it. Tomcat's
 * poller reads the request, then the servlet runs on a thread of the connector's executor (the
 * scenario chooses it) and calls the work directly.
 */
public final class TomcatHttpServer implements RunningServer {

    /** Tomcat's defaults for what it holds: connections, and connections waiting to be accepted. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8_192;
    public static final int DEFAULT_ACCEPT_COUNT = 100;
    /** What the lab sets: room for the comparison's 10,000 connections, under the 20,000-descriptor limit. */
    public static final int MAX_CONNECTIONS = 16_384;

    private static final String CATALINA_HOME = "catalina.home";
    private static final String CATALINA_BASE = "catalina.base";

    private final Tomcat tomcat;
    private final Connector connector;
    private final Path baseDir;
    private final String threading;
    private final Drain drain;

    private TomcatHttpServer(Tomcat tomcat, Connector connector, Path baseDir, Drain drain, String threading) {
        this.drain = drain;
        this.tomcat = tomcat;
        this.connector = connector;
        this.baseDir = baseDir;
        this.threading = threading;
    }

    /** Starts Tomcat with the scenario's connector properties (e.g. {@code useVirtualThreads}). */
    public static RunningServer start(Options options, Work work, Map<String, String> connectorProperties, String threading) {
        Departures.refuseOn(options, "Tomcat");
        ServerLogging.quiet();
        Drain drain = new Drain();
        Path baseDir = ScratchDirs.create("tomcat");   // Tomcat wants a work directory; removed on close (or by who outlives a kill)
        // Tomcat records its directory in these JVM-wide properties and the next Tomcat started in
        // the same JVM recreates whatever they name: each server names its own, and clears them on close.
        System.setProperty(CATALINA_HOME, baseDir.toString());
        System.setProperty(CATALINA_BASE, baseDir.toString());
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        // -DmaxConnections caps the lab's own room; past it a new connection gets the 503 and is closed
        int maxConnections = Math.min(MAX_CONNECTIONS, options.maxConnections());
        Connector connector = new Connector(new Http11NioProtocol(new TomcatConnectionBound(maxConnections)));
        connector.setPort(options.port());
        connector.setProperty("address", options.host());
        connectorProperties.forEach(connector::setProperty);
        connector.setProperty("acceptCount", Integer.toString(Listen.BACKLOG));
        // The head's read timeout; a kept-alive connection may stay idle longer, as on the other stacks.
        connector.setProperty("connectionTimeout", Long.toString(options.headerTimeout().toMillis()));
        connector.setProperty("keepAliveTimeout", Long.toString(Math.max(options.headerTimeout().toMillis(), 30_000)));
        connector.setProperty("maxHttpHeaderSize", Integer.toString(RequestHead.parserLimit(options)));
        // Tomcat's default (-1) caches closed connections' buffers up to 10% of the heap: after a
        // burst of 10,000 connections about 1 GB stayed live. The lab measures memory per request,
        // so it keeps none.
        connector.setProperty("socket.bufferPool", "0");
        // Tomcat closes a keep-alive connection after 100 requests by default; no other stack here does,
        // and a client that keeps its connection (JMH's HttpBenchmark) then finds it closed mid-run.
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.setThrowOnFailure(true);   // a busy port is an exception here, not a SEVERE log with a stack trace
        tomcat.setConnector(connector);
        tomcat.getHost().getPipeline().addValve(new QuietErrors());
        Context context = tomcat.addContext("", null);
        // No web application to leak memory across redeploys: skip Tomcat's checks for it, which
        // need --add-opens and print two warnings at every stop without them.
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        Tomcat.addServlet(context, "lab", new LabServlet(options, work, drain));
        context.addServletMappingDecoded("/*", "lab");
        FaultLog.preload();
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            stop(tomcat, baseDir);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) throw Listen.portInUse(options);
            }
            throw Listen.cannotListen(options, e);
        }
        if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() < 0) {
            stop(tomcat, baseDir);
            throw Listen.portInUse(options);
        }
        return new TomcatHttpServer(tomcat, connector, baseDir, drain, threading
                + "; maxConnections " + maxConnections + " (Tomcat's default: " + DEFAULT_MAX_CONNECTIONS
                + "; past it a new connection gets 503 and is closed, not left unaccepted as by Tomcat's own bound)"
                + "; acceptCount (listen backlog) " + Listen.BACKLOG + " (default " + DEFAULT_ACCEPT_COUNT + ")"
                + "; socket.bufferPool 0 (default -1: cache up to 10% of the heap)"
                + "; maxKeepAliveRequests unlimited (default 100: then it closes the connection)"
                + "; a request head must arrive within -DheaderTimeout=" + Durations.format(options.headerTimeout())
                + " (connectionTimeout; default 60s)");
    }

    /** The same handler as the other stacks, as a servlet: decide, do the work here, answer. */
    private static final class LabServlet implements Servlet {
        private final Options options;
        private final Work work;
        private final Duration defaultCost;
        private final Duration maxCost;
        private final RequestLog log;
        private ServletConfig config;

        private final Drain drain;

        LabServlet(Options options, Work work, Drain drain) {
            this.drain = drain;
            this.options = options;
            this.work = work;
            this.defaultCost = options.cost();
            this.maxCost = options.maxCost();
            this.log = new RequestLog(options.log());
        }

        @Override
        public void service(ServletRequest req, ServletResponse res) throws IOException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (!drain.enter()) {
                write(response, Drain.STOPPING.status(), Drain.STOPPING.body(), true);
                return;
            }
            try {
                serve(request, response);
            } finally {
                drain.exit();
            }
        }

        private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long start = System.nanoTime();
            String query = request.getQueryString();
            String target = request.getRequestURI() + (query == null ? "" : "?" + query);
            java.util.Optional<HttpContract.Refuse> malformed = RequestSyntax.check(request.getMethod(), request.getProtocol(), target, -1)
                    .or(() -> RequestHead.check(options, requestLineBytes(request, target), headerBytes(request)));
            malformed.ifPresent(m -> FaultLog.MALFORMED.record(m.reason()));
            HttpContract.Decision decision = malformed.<HttpContract.Decision>map(r -> r)
                    .orElseGet(() -> HttpContract.decide(request.getMethod(), request.getRequestURI(), query, defaultCost, maxCost, options.deadline()));
            if (options.watchClients() && decision instanceof HttpContract.Serve) {
                TomcatClientWatch watch = TomcatClientWatch.start(request);
                try {
                    decision = HttpContract.perform(decision, work);   // the expensive call, on this request's thread
                } finally {
                    watch.close();
                }
            } else {
                decision = HttpContract.perform(decision, work);
            }
            int status = HttpContract.status(decision);
            byte[] body = HttpContract.body(decision);
            if (status == 405) response.setHeader("Allow", HttpContract.ALLOWED_METHODS);
            write(response, status, body, malformed.isPresent());
            log.log(request.getMethod(), target, status, start);
        }

        private static void write(HttpServletResponse response, int status, byte[] body, boolean close) throws IOException {
            response.setStatus(status);
            response.setContentType(HttpContract.CONTENT_TYPE);   // Tomcat writes it as text/plain;charset=UTF-8
            response.setContentLength(body.length);
            if (close) response.setHeader("Connection", "close");
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }

        private static int requestLineBytes(HttpServletRequest request, String target) {
            return request.getMethod().length() + 1 + target.length() + 1 + request.getProtocol().length();
        }

        private static int headerBytes(HttpServletRequest request) {
            int bytes = 0;
            for (String name : Collections.list(request.getHeaderNames())) {
                for (String value : Collections.list(request.getHeaders(name))) bytes += RequestHead.lineBytes(name, value);
            }
            return bytes;
        }

        @Override public void init(ServletConfig config) { this.config = config; }
        @Override public ServletConfig getServletConfig() { return config; }
        @Override public String getServletInfo() { return "concurrency lab"; }
        @Override public void destroy() {}
    }

    /**
     * Tomcat's error page for what its parser refused, without the exception report and stack trace
     * it shows the client by default; the refusal is counted in {@link FaultLog}, not logged each.
     */
    private static final class QuietErrors extends ErrorReportValve {
        QuietErrors() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(org.apache.catalina.connector.Request request, org.apache.catalina.connector.Response response,
                              Throwable failure) {
            if (response.getStatus() >= 400) FaultLog.MALFORMED.record("Tomcat refused a request: " + response.getStatus()
                    + (failure == null ? "" : " " + failure.getMessage()));
            super.report(request, response, failure);
        }
    }

    private static void stop(Tomcat tomcat, Path baseDir) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("could not stop Tomcat", e);
        } finally {
            for (String property : new String[] {CATALINA_HOME, CATALINA_BASE}) {
                if (baseDir.toString().equals(System.getProperty(property))) System.clearProperty(property);
            }
            ScratchDirs.delete(baseDir);
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

    /**
     * Closes the listening socket (new connects are refused), then waits. Not {@code connector.pause()}
     * as Spring Boot does: a paused Tomcat closes a kept-alive connection's next request unanswered.
     */
    @Override
    public int drain(Duration timeout) throws InterruptedException {
        drain.begin();
        connector.getProtocolHandler().closeServerSocketGraceful();
        drain.awaitIdle(timeout);
        return drain.inFlight();
    }

    @Override
    public void close() {
        stop(tomcat, baseDir);
    }
}
