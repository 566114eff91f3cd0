package lab.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code -DmaxConnections} on the stacks that let the lab see a connection before its first request
 * (Reactor Netty, Jetty): past the bound a new connection gets a canned {@code 503}, written before
 * anything is read, and is closed. Without it the open-file limit was the bound, and a server that
 * met it could not even load a class (see {@link FaultLog}).
 */
final class ConnectionBound {

    private static final String BODY = "server busy: at its connection limit (-DmaxConnections=)\r\n";
    /** The whole answer, ready before any flood: nothing to allocate or load when a descriptor is scarce. */
    static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + HttpContract.CONTENT_TYPE
            + "\r\nContent-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionBound(int max) {
        this.max = max;
    }

    /** A connection opens: false (and not counted) if the server holds {@code max} already. */
    boolean tryOpen() {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused();
            return false;
        }
        return true;
    }

    /** A connection opened that was not refused (Jetty counts them as it sees them open). */
    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    boolean full() {
        return open.get() >= max;
    }

    /**
     * Writes the canned 503 to a connection accepted past the bound, and closes it. The client's request
     * is usually in the socket already: closed unread, the kernel answers it with a reset, and the client
     * loses the 503 it had not read yet. So the output is half-closed and what has arrived is read and
     * dropped first (without waiting: this runs on the acceptor's thread), then the socket is closed.
     */
    static void refuse(SocketChannel socket) {
        try (socket) {
            socket.write(ByteBuffer.wrap(REFUSAL));
            socket.shutdownOutput();
            socket.configureBlocking(false);
            ByteBuffer unread = ByteBuffer.allocate(4_096);
            for (int i = 0; i < 16 && socket.read(unread.clear()) > 0; i++) {
                // dropped: bounded to 64 KiB
            }
        } catch (IOException e) {
            // the client is gone already
        }
    }

    void refused() {
        FaultLog.REFUSED.record("at " + max + " open connections");
    }
}
