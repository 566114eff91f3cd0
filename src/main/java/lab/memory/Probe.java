package lab.memory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One {@code GET /?cost=0} on a new connection, answered within a limit or not: whether a server
 * still serves while it holds the ramp, after it failed, and after the ramp let go. A server that
 * no longer answers a free request within {@link #LIMIT} is thrashing or hung.
 */
final class Probe {

    static final Duration LIMIT = Duration.ofSeconds(2);

    private Probe() {}

    /** {@code 200}, {@code 503} (any status), {@code timeout}, {@code refused}, {@code closed} or {@code reset}. */
    static String once(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) LIMIT.toMillis());
            s.setSoTimeout((int) LIMIT.toMillis());
            s.getOutputStream().write("GET /?cost=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            if (head.length < 12) return "closed";
            String line = new String(head, StandardCharsets.ISO_8859_1);
            return line.startsWith("HTTP/1.") ? line.substring(9, 12) : "closed";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (ConnectException e) {
            return "refused";
        } catch (IOException e) {
            return "reset";
        }
    }

    static boolean answered(String outcome) {
        return outcome.equals("200");
    }
}
