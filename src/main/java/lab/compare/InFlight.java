package lab.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Requests a server holds right now, seen from the kernel: its side of the TCP connections on
 * {@code port} that are established with nothing left unread ({@code /proc/net/tcp}, rx_queue 0).
 * With ab (one request per connection, then it waits) that is a request the server has read and
 * not yet answered; a connection still waiting in the backlog, or whose request the server has not
 * read (a JDK server's queue behind a busy pool), has bytes unread and does not count.
 */
public final class InFlight {

    /** IPv4 and IPv6: a JVM listening on 127.0.0.1 may still use an IPv6 socket (::ffff:127.0.0.1). */
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String ESTABLISHED = "01";

    private InFlight() {}

    public static int count(int port) throws IOException {
        int n = 0;
        for (Path table : TABLES) {
            if (Files.isReadable(table)) n += count(Files.readAllLines(table), port);
        }
        return n;
    }

    /** {@code sl local_address rem_address st tx_queue:rx_queue ...}, addresses as hex {@code IP:PORT}. */
    static int count(List<String> lines, int port) {
        String local = String.format(java.util.Locale.ROOT, ":%04X", port);
        int n = 0;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[1].endsWith(local) || !f[3].equals(ESTABLISHED)) continue;
            String rx = f[4].substring(f[4].indexOf(':') + 1);
            if (Long.parseLong(rx, 16) == 0) n++;
        }
        return n;
    }
}
