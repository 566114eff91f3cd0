package lab.http;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.ActionCode;

/**
 * -DwatchClients=true on Tomcat: while a request's blocking work runs, asks coyote every 50 ms
 * whether its connection has input ({@code ActionCode.AVAILABLE} with a non-blocking read), and
 * interrupts the work's thread when it has, as a passed deadline does. Tomcat itself does not look:
 * its poller does not watch a connection whose request is being served. A closed connection makes
 * the read fail, which coyote reports as available; so does a next request sent before this answer
 * (pipelining), which this cannot tell apart and also stops (docs/deadlines.md). The bytes read are
 * kept in Tomcat's own buffer, not lost.
 */
final class TomcatClientWatch implements AutoCloseable {

    static final long EVERY_MS = 50;

    /** One daemon thread polls every watched request; a cancelled poll leaves its queue at once. */
    private static final ScheduledThreadPoolExecutor POLL = poller();

    /** The servlet's RequestFacade hides Catalina's Request, whose coyote request answers the actions. */
    private static final Field FACADE_REQUEST = facadeRequest();

    private final org.apache.coyote.Request coyote;
    private final Thread worker = Thread.currentThread();
    private final ScheduledFuture<?> poll;
    private boolean done;           // guarded by this
    private boolean interrupted;    // guarded by this

    private TomcatClientWatch(org.apache.coyote.Request coyote) {
        this.coyote = coyote;
        this.poll = POLL.scheduleWithFixedDelay(this::check, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    static TomcatClientWatch start(HttpServletRequest request) {
        try {
            return new TomcatClientWatch(((org.apache.catalina.connector.Request) FACADE_REQUEST.get(request)).getCoyoteRequest());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Tomcat's RequestFacade changed: " + e.getMessage(), e);
        }
    }

    private synchronized void check() {
        if (done || interrupted) return;
        coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);   // TRUE: read the socket if Tomcat's buffer is empty
        if (coyote.getAvailable() > 0) {
            interrupted = true;
            worker.interrupt();
        }
    }

    /** Stops the poll; clears the interrupt it sent (ours, not the server's: a pooled thread must not keep it). */
    @Override
    public void close() {
        poll.cancel(false);
        synchronized (this) {
            done = true;
            if (interrupted) Thread.interrupted();
        }
    }

    private static ScheduledThreadPoolExecutor poller() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "lab-tomcat-client-watch");
            thread.setDaemon(true);
            // the lab's loader, not the web application's it would inherit: Tomcat warns of a leak at stop
            thread.setContextClassLoader(TomcatClientWatch.class.getClassLoader());
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static Field facadeRequest() {
        try {
            Field f = org.apache.catalina.connector.RequestFacade.class.getDeclaredField("request");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
