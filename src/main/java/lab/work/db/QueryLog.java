package lab.work.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.work.http.StatsLine;

/**
 * What PostgreSQL itself says it did with the work's queries, read from its own log: the database's
 * side of the harnesses' {@code wasted} columns, as the downstream's {@code /stats} is the http side.
 * It sees every stack alike, since it does not ask the server: the queries PostgreSQL completed (a
 * query completed for a client that had gone is time spent for nobody) and the queries it cancelled
 * (a query timeout, a deadline, Reactor's cancel), with the time each ran until its cancel.
 *
 * <p>{@link #SETTINGS} make PostgreSQL log each statement's start ({@code log_statement = all}), its
 * completion with its duration ({@code log_min_duration_statement = 0}), and a cancel as an
 * {@code ERROR}, each line with its epoch in ms and its backend's pid. A backend writes its lines
 * as it goes, so a reading is current. Only the work's two statements count (its sleep and its
 * lookup): not a pool's checks or the seeding.
 */
public final class QueryLog {

    /** The postgresql.conf lines this needs. */
    static final String SETTINGS = String.join("\n", "log_line_prefix = '%n [%p] '", "log_statement = 'all'",
            "log_min_duration_statement = 0", "");

    // "1733079001.123 [4242] LOG:  execute S_1: SELECT pg_sleep($1)" (extended protocol) or "statement: …" (simple)
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\.(\\d{3}) \\[(\\d+)\\] (\\w+):  (.*)$");
    private static final Pattern START = Pattern.compile("^(?:execute [^:]*|statement): (.*)$");
    private static final Pattern DONE = Pattern.compile("^duration: [0-9.]+ ms$");   // its text was logged at the start

    private final Path file;
    private long offset;
    private final Map<Long, Long> running = new HashMap<>();   // backend pid -> its work query's start, epoch ms
    private long completed;
    private long cancelled;
    private long cancelledMs;

    QueryLog(Path file) {
        this.file = file;
    }

    /** Whether a logged statement is the work's (JdbcWork's and R2dbcWork's sleep or lookup). */
    static boolean isWork(String sql) {
        String statement = sql.strip();
        return statement.equals(Database.sleepStatement("$1")) || statement.equals(Database.lookupStatement("$1"));
    }

    /**
     * Everything logged so far, as a {@code /stats} line: served = the work's queries completed,
     * departed = those cancelled, departedMs = their time until the cancel. Empty if the log cannot be read.
     */
    public synchronized Optional<StatsLine> counters() {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length > offset) {
                byte[] bytes = new byte[(int) Math.min(length - offset, 64 << 20)];
                in.seek(offset);
                in.readFully(bytes);
                int end = lastNewline(bytes);   // a line still being written waits for the next reading
                if (end >= 0) {
                    new String(bytes, 0, end + 1, StandardCharsets.UTF_8).lines().forEach(this::read);
                    offset += end + 1;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new StatsLine(completed, cancelled, cancelledMs, OptionalLong.empty(), OptionalLong.empty()));
    }

    /** One log line: a work query's start, its completion, or its cancel. */
    void read(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) return;   // a continuation line, or a message from no backend
        long at = Long.parseLong(m.group(1)) * 1_000 + Long.parseLong(m.group(2));
        long pid = Long.parseLong(m.group(3));
        String level = m.group(4), message = m.group(5);
        if (level.equals("LOG")) {
            Matcher start = START.matcher(message);
            if (start.matches()) {
                if (isWork(start.group(1))) running.put(pid, at);
                else running.remove(pid);
            } else if (DONE.matcher(message).matches() && running.remove(pid) != null) {
                completed++;
            }
        } else if (level.equals("ERROR") && message.startsWith("canceling statement due to")) {
            Long began = running.remove(pid);
            if (began != null) {
                cancelled++;
                cancelledMs += at - began;
            }
        } else if (level.equals("ERROR") || level.equals("FATAL")) {
            running.remove(pid);   // another failure (the connection lost): neither completed nor cancelled
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) if (bytes[i] == '\n') return i;
        return -1;
    }
}
