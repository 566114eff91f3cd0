package lab.http;

import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * {@code -DmaxConnections} on Tomcat, answered like Reactor Netty and Jetty: a canned 503 and a close.
 * Tomcat's own {@code maxConnections} only stops accepting, so a connection past it waited unanswered in
 * the listen queue. Here Tomcat's bound is set one above the lab's, so its acceptor keeps accepting;
 * the connection it accepted past the lab's bound is written the 503 here, while the socket is still
 * blocking (before Tomcat registers it with its poller), closed and counted down here.
 */
final class TomcatConnectionBound extends NioEndpoint {

    private final ConnectionBound bound;
    private final int max;

    TomcatConnectionBound(int max) {
        this.bound = new ConnectionBound(max);
        this.max = max;
        setMaxConnections(max + 1);   // Tomcat's own latch: never the one that holds
    }

    /** Called on the acceptor thread for each accepted socket, which Tomcat has counted already. */
    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        if (getConnectionCount() > max) {
            bound.refused();
            ConnectionBound.refuse(socket);
            countDownConnection();   // Tomcat counts down only sockets it wrapped, and this one it never will
            return false;            // (its closeSocket finds no wrapper and does nothing)
        }
        return super.setSocketOptions(socket);
    }
}
