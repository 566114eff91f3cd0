package lab.http;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * -DwatchClients=true on Jetty: while a request's blocking work runs, watches its connection and
 * interrupts the work's thread when the client closes it, as a passed deadline does (the JDK
 * HttpClient's send stops and closes its connection; a sleep ends). Jetty itself does not look:
 * while the handler runs nobody reads the connection, {@code Request.addFailureListener} is not
 * called for a remote close, and {@code Request.demand} runs at once with the request body's EOF
 * (DepartedClientTest). So this asks the endpoint for read interest itself and reads one byte:
 * -1 is the client gone. A byte is a pipelined next request: it is consumed, so the watch stops
 * and the connection closes after this answer ({@link #keepAlive}).
 */
final class JettyClientWatch implements AutoCloseable {

    private final EndPoint endPoint;
    private final Thread worker = Thread.currentThread();
    private boolean done;           // guarded by this
    private boolean interrupted;    // guarded by this
    private boolean consumed;       // guarded by this

    private JettyClientWatch(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** Starts watching {@code endPoint} for the current thread's request. */
    static JettyClientWatch start(EndPoint endPoint) {
        JettyClientWatch watch = new JettyClientWatch(endPoint);
        watch.arm();
        return watch;
    }

    private void arm() {
        endPoint.tryFillInterested(Callback.from(this::readable, failure -> { }));
    }

    /** On Jetty's selector (or a pool thread): never blocks, fill is non-blocking. */
    private synchronized void readable() {
        if (done) return;
        int n;
        try {
            n = endPoint.fill(BufferUtil.allocate(1));   // Jetty's buffers are in flush mode: limit 0 is empty
        } catch (IOException e) {
            n = -1;                                      // a reset: gone as well
        }
        if (n < 0) {
            interrupted = true;
            worker.interrupt();
        } else if (n > 0) {
            consumed = true;
        } else {
            arm();
        }
    }

    /** False when the watch took a byte of the next request: answer with Connection: close. */
    synchronized boolean keepAlive() {
        return !consumed;
    }

    /** Whether the client left while the work ran. */
    synchronized boolean departed() {
        return interrupted;
    }

    /** Stops watching before Jetty's own read interest comes back; clears the interrupt it sent. */
    @Override
    public void close() {
        synchronized (this) {
            done = true;
            if (interrupted) Thread.interrupted();   // ours, not the server's: a pooled thread must not keep it
        }
        if (endPoint instanceof AbstractEndPoint e) e.getFillInterest().onFail(new CancellationException("request done"));
    }
}
