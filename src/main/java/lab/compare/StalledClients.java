package lab.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow clients of a {@code slowloris} cell: N connections to the server, each sends half a
 * request head (a request line and an unfinished header) and then nothing. Opened before ab starts,
 * held for the cell, closed after it. They are not reopened when the server cuts them off
 * ({@code -DheaderTimeout}); {@link #cutOff} counts how many it did.
 */
final class StalledClients implements AutoCloseable {

    private static final byte[] HALF_HEAD = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            .getBytes(StandardCharsets.US_ASCII);

    private final List<SocketChannel> sockets;

    private StalledClients(List<SocketChannel> sockets) {
        this.sockets = sockets;
    }

    /** Opens {@code n} stalled connections to 127.0.0.1:{@code port}; a connection that fails ends the cell's setup. */
    static StalledClients open(int port, int n) throws IOException {
        List<SocketChannel> sockets = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                s.write(ByteBuffer.wrap(HALF_HEAD));
                s.configureBlocking(false);   // so cutOff can peek without waiting
                sockets.add(s);
            }
        } catch (IOException e) {
            new StalledClients(sockets).close();
            throw new IOException("could not open stalled client " + (sockets.size() + 1) + " of " + n + ": " + e.getMessage(), e);
        }
        return new StalledClients(sockets);
    }

    int count() {
        return sockets.size();
    }

    /** How many the server has closed by now (end of stream or reset; an answer such as 408 before it is read past). */
    int cutOff() {
        int closed = 0;
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        for (SocketChannel s : sockets) {
            try {
                int n;
                do {
                    buffer.clear();
                    n = s.read(buffer);
                } while (n > 0);
                if (n < 0) closed++;
            } catch (IOException e) {
                closed++;
            }
        }
        return closed;
    }

    @Override
    public void close() {
        for (SocketChannel s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing our end of a connection the server may have closed already: nothing to do
            }
        }
    }
}
