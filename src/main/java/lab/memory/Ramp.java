package lab.memory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory run's clients: raw connections to 127.0.0.1, each sends one {@code GET /?cost=…} and
 * holds it, added in steps. Raw sockets, not an HTTP client: one file descriptor and a few bytes of
 * the harness's heap each, so the harness can hold what the server cannot. {@link #poll} tells
 * which are still waiting (in flight) and what the others got: an answer (its status), the server's
 * close, a reset; {@link #add} counts the connections the server did not accept in time.
 */
final class Ramp implements AutoCloseable {

    /** What the clients hold and got so far. {@code inFlight}: sent, no answer, not closed. */
    record Tally(int sent, int inFlight, int ok, int status503, int otherStatus, int closed, int reset, int notAccepted,
                 String firstAnswer) {

        int failed() {
            return status503 + otherStatus + closed + reset + notAccepted;
        }

        /** E.g. {@code 503 x120, reset x3}; {@code nothing} when every client still waits. */
        String clientsGot() {
            List<String> parts = new ArrayList<>();
            if (ok > 0) parts.add("200 x" + ok);
            if (status503 > 0) parts.add("503 x" + status503);
            if (otherStatus > 0) parts.add("other status x" + otherStatus);
            if (closed > 0) parts.add("closed x" + closed);
            if (reset > 0) parts.add("reset x" + reset);
            if (notAccepted > 0) parts.add("not accepted x" + notAccepted);
            return parts.isEmpty() ? "nothing" : String.join(", ", parts);
        }
    }

    private static final int WAITING = 0, CLOSED = -1, RESET = -2, PARTIAL = 1;

    private final InetSocketAddress server;
    private final byte[] request;
    private final List<SocketChannel> sockets = new ArrayList<>();
    private final List<Integer> states = new ArrayList<>();
    private int notAccepted;
    private String firstAnswer = "";

    Ramp(int port, Duration cost) {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.request = ("GET /?cost=" + cost.toMillis() + "ms HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Opens {@code n} more connections and sends each its request; one not connected within {@code within} counts as not accepted. */
    int add(int n, Duration within) throws IOException {
        List<SocketChannel> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SocketChannel s = SocketChannel.open();
            s.configureBlocking(false);
            try {
                s.connect(server);
                pending.add(s);
            } catch (IOException e) {
                s.close();
                notAccepted++;
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        int added = 0;
        while (!pending.isEmpty()) {
            List<SocketChannel> still = new ArrayList<>();
            for (SocketChannel s : pending) {
                try {
                    if (s.finishConnect()) {
                        s.write(ByteBuffer.wrap(request));   // a fresh socket's buffer takes these few bytes at once
                        sockets.add(s);
                        states.add(WAITING);
                        added++;
                    } else {
                        still.add(s);
                    }
                } catch (IOException e) {   // refused or reset while connecting
                    s.close();
                    notAccepted++;
                }
            }
            pending = still;
            if (System.nanoTime() > deadline) break;
            if (!pending.isEmpty()) sleep(5);
        }
        for (SocketChannel s : pending) {   // the listen queue did not take them in time
            s.close();
            notAccepted++;
        }
        return added;
    }

    /** Reads what each waiting client got since the last poll. */
    Tally poll() {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int inFlight = 0, ok = 0, s503 = 0, other = 0, closed = 0, reset = 0;
        for (int i = 0; i < sockets.size(); i++) {
            int state = states.get(i);
            if (state == WAITING) {
                try {
                    buffer.clear();
                    int n = sockets.get(i).read(buffer);
                    if (n < 0) state = CLOSED;
                    else if (n > 0) state = status(buffer);
                } catch (IOException e) {
                    state = RESET;
                }
                states.set(i, state);
            }
            switch (state) {
                case WAITING -> inFlight++;
                case CLOSED -> closed++;
                case RESET -> reset++;
                case 200 -> ok++;
                case 503 -> s503++;
                default -> other++;
            }
        }
        return new Tally(sockets.size(), inFlight, ok, s503, other, closed, reset, notAccepted, firstAnswer);
    }

    private int status(ByteBuffer buffer) {
        String head = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        if (firstAnswer.isEmpty()) firstAnswer = head.lines().reduce((a, b) -> b).orElse("").strip();   // the body's last line says why
        if (head.length() >= 12 && head.startsWith("HTTP/1.")) {
            try {
                return Integer.parseInt(head.substring(9, 12));
            } catch (NumberFormatException e) {
                return PARTIAL;
            }
        }
        return PARTIAL;
    }

    /** Closes every client: the server's requests in flight lose their callers. */
    @Override
    public void close() {
        release();
    }

    /** The clients close their connections and so let go of every request they hold; a second call does nothing. */
    void release() {
        for (SocketChannel s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // our end of a connection the server may have closed: nothing to do
            }
        }
        sockets.clear();
        states.clear();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
