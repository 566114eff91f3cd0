package lab.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What the server and a worker process say to each other over the worker's stdin and stdout: one
 * short ASCII line per message, so a worker can be driven by hand from a terminal.
 * <pre>
 *   worker → server   ready            once, when it can take work
 *   server → worker   run 17 250000000 request 17: work for 250 000 000 ns
 *   server → worker   run 17 250000000 90000000   the same, within a deadline 90 000 000 ns from now
 *   worker → server   done 17          request 17 is finished
 * </pre>
 * A worker has one request at a time, and its reply must name that request's id: anything else
 * (another id, another word, an overlong line, end of stream) means the worker is broken.
 */
final class Wire {

    static final String READY = "ready";

    /** No legal line is longer; a longer one is garbage, and reading stops there instead of buffering it. */
    static final int MAX_LINE = 64;

    private Wire() {}

    /** One request as the server sends it. */
    record Run(long id, Duration cost, Optional<Duration> deadline) {
        Run(long id, Duration cost) {
            this(id, cost, Optional.empty());
        }
    }

    static byte[] run(long id, Duration cost) {
        return run(id, cost, Optional.empty());
    }

    /** The deadline goes as the time left, not a clock reading: the two processes' nanoTime are not comparable. */
    static byte[] run(long id, Duration cost, Optional<Duration> left) {
        return ascii("run " + id + " " + cost.toNanos() + left.map(d -> " " + d.toNanos()).orElse("") + "\n");
    }

    static byte[] done(long id) {
        return ascii("done " + id + "\n");
    }

    static byte[] ready() {
        return ascii(READY + "\n");
    }

    /** @throws IllegalArgumentException if {@code line} is not a {@code run} message */
    static Run parseRun(String line) {
        String[] parts = line.split(" ");
        if ((parts.length != 3 && parts.length != 4) || !parts[0].equals("run")) throw garbage(line);
        try {
            long id = Long.parseLong(parts[1]);
            long nanos = Long.parseLong(parts[2]);
            if (nanos < 0) throw garbage(line);
            if (parts.length == 3) return new Run(id, Duration.ofNanos(nanos));
            long left = Long.parseLong(parts[3]);
            if (left <= 0) throw garbage(line);
            return new Run(id, Duration.ofNanos(nanos), Optional.of(Duration.ofNanos(left)));
        } catch (NumberFormatException e) {
            throw garbage(line);
        }
    }

    /** True if {@code line} is exactly the reply to request {@code id}. */
    static boolean isDone(String line, long id) {
        return line.equals("done " + id);
    }

    /**
     * The next line without its {@code \n}, or null at end of stream.
     * @throws IOException on a read error, or if more than {@link #MAX_LINE} bytes come without a newline
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(MAX_LINE);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            if (line.size() == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes: '" + printable(line.toString(StandardCharsets.ISO_8859_1)) + "...'");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** {@code text} with anything unprintable as {@code ?}, at most 40 characters, for error messages. */
    static String printable(String text) {
        StringBuilder s = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (s.length() == 40) return s + "...";
            s.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.toString();
    }

    private static IllegalArgumentException garbage(String line) {
        return new IllegalArgumentException("not a request: '" + printable(line) + "'");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
