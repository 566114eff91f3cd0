package lab.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The lab's options. Each comes from a system property ({@code mvn exec:java -Dcost=250ms}) or a
 * program argument ({@code cost=250ms} or {@code --cost=250ms}); arguments win. Every accessor
 * validates and bounds its value and throws {@link OptionException} with a one-line reason.
 */
public final class Options {

    /** One option: its name, its default as the user would type it, and a line of help. */
    public record Key(String name, String defaultValue, String help) {}

    public static final Key SCENARIO = new Key("scenario", null, "which server to run (see the list)");
    public static final Key HOST = new Key("host", "127.0.0.1", "address to listen on");
    public static final Key PORT = new Key("port", "8000", "port to listen on; 0 = any free port (printed)");
    public static final Key WORK = new Key("work", "sleep", "the expensive function: sleep (blocking wait), cpu (busy work), http (a downstream GET) or db (a PostgreSQL query)");
    public static final Key COST = new Key("cost", "1s", "cost of one request, e.g. 250ms, 1s, 1.5s");
    public static final Key MAX_COST = new Key("maxCost", "10s", "cap on ?cost= per request (at most 60s)");
    public static final Key EVENT_LOOPS = new Key("eventLoops", null, "event-loop threads of the reactive servers (default: Reactor Netty's)");
    public static final Key QUEUE_LIMIT = new Key("queueLimit", "10000", "requests that may wait for a busy worker before 503");
    public static final Key LOG = new Key("log", "false", "print one line per request (distorts load tests)");
    public static final Key THREADS = new Key("threads", "200", "platform-threads: pool size (Tomcat's default maxThreads)");
    public static final Key WORKERS = new Key("workers", null, "reactive-process-pool: worker processes (default: available processors)");
    public static final Key HEADER_TIMEOUT = new Key("headerTimeout", "10s", "time a client has to send its request line and headers; then the server closes the connection");
    public static final Key MAX_REQUEST_LINE = new Key("maxRequestLine", "8192", "longest request line in bytes; a longer one gets 414");
    public static final Key MAX_HEADER_SIZE = new Key("maxHeaderSize", "8192", "most bytes of request headers; more gets 431");
    public static final Key DOWNSTREAM = new Key("downstream", null, "work=http: base URL of the downstream service (default: the lab starts one)");
    public static final Key DB_URL = new Key("db.url", null, "work=db: jdbc:postgresql://host:port/db?user=…&password=… (default: the lab starts a throwaway PostgreSQL)");
    public static final Key POOL_SIZE = new Key("poolSize", null, "work=http|db: connections of the work's client pool (default: the library's own)");
    public static final Key POOL_WAIT = new Key("poolWait", "30s", "work=http|db: longest wait for a free pool connection, then 503 (HikariCP's default)");
    public static final Key MAX_CONNECTIONS = new Key("maxConnections", null, "open connections at most; past it a new one gets 503 and is closed (default: the open-file limit minus a reserve)");
    public static final Key DRAIN_TIMEOUT = new Key("drainTimeout", "30s", "on Ctrl-C or SIGTERM: how long the requests in flight may take to finish before the server exits (Spring's timeout-per-shutdown-phase); 0 = at once");

    /** All options, in the order the help shows them. */
    public static final List<Key> KEYS = List.of(SCENARIO, HOST, PORT, WORK, COST, MAX_COST, EVENT_LOOPS, QUEUE_LIMIT, LOG, THREADS, WORKERS,
            HEADER_TIMEOUT, MAX_REQUEST_LINE, MAX_HEADER_SIZE, DOWNSTREAM, DB_URL, POOL_SIZE, POOL_WAIT, MAX_CONNECTIONS, DRAIN_TIMEOUT);

    public static final Duration COST_CEILING = Duration.ofSeconds(60);

    /** Most worker processes a pool may have: each is a whole JVM. */
    public static final int MAX_WORKERS = 64;

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /** Options from {@code key=value} pairs only (tests, child JVMs). */
    public static Options of(Map<String, String> values) {
        for (String name : values.keySet()) key(name);
        return new Options(Map.copyOf(values));
    }

    /** System properties first, then {@code key=value} / {@code --key=value} program arguments. */
    public static Options fromSystemAndArgs(Properties system, String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Key k : KEYS) {
            String v = system.getProperty(k.name());
            if (v != null && !v.isBlank()) values.put(k.name(), v.trim());
        }
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-D") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new OptionException("argument '" + arg + "' is not of the form name=value (e.g. cost=250ms)");
            }
            values.put(key(a.substring(0, eq)).name(), a.substring(eq + 1).trim());
        }
        return new Options(values);
    }

    private static Key key(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() ->
                new OptionException("unknown option '" + name + "'; options are: "
                        + String.join(", ", KEYS.stream().map(Key::name).toList())));
    }

    /** A copy with some values replaced. */
    public Options with(Map<String, String> changes) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        changes.forEach((k, v) -> copy.put(key(k).name(), v));
        return new Options(copy);
    }

    /** The raw values the user set, for handing to a child JVM. */
    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> raw(Key key) {
        return Optional.ofNullable(values.getOrDefault(key.name(), key.defaultValue()));
    }

    /** Parses every option once, so a mistake is reported before anything starts. */
    public Options validate() {
        host();
        port();
        work();
        cost();
        maxCost();
        eventLoops();
        queueLimit();
        log();
        threads();
        workers();
        headerTimeout();
        maxRequestLine();
        maxHeaderSize();
        downstream();
        dbUrl();
        poolSize();
        poolWait();
        drainTimeout();
        maxConnections();
        return this;
    }

    public Optional<String> scenario() {
        return raw(SCENARIO);
    }

    public String host() {
        String h = raw(HOST).orElseThrow();
        if (h.isBlank() || h.contains(" ")) throw new OptionException("host '" + h + "' is not an address");
        return h;
    }

    public int port() {
        return intValue(PORT, 0, 65_535);
    }

    public WorkKind work() {
        String w = raw(WORK).orElseThrow().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "sleep" -> WorkKind.SLEEP;
            case "cpu" -> WorkKind.CPU;
            case "http" -> WorkKind.HTTP;
            case "db" -> WorkKind.DB;
            default -> throw new OptionException("work '" + w + "' is not one of: sleep, cpu, http, db");
        };
    }

    public Duration cost() {
        Duration cost = duration(COST);
        Duration max = maxCost();
        if (cost.compareTo(max) > 0) {
            throw new OptionException("cost " + Durations.format(cost) + " is over maxCost " + Durations.format(max)
                    + " (raise -DmaxCost=, at most " + Durations.format(COST_CEILING) + ")");
        }
        return cost;
    }

    public Duration maxCost() {
        Duration max = duration(MAX_COST);
        if (max.compareTo(COST_CEILING) > 0) {
            throw new OptionException("maxCost " + Durations.format(max) + " is over the lab's ceiling of "
                    + Durations.format(COST_CEILING));
        }
        return max;
    }

    /** Empty means "Reactor Netty's default". */
    public Optional<Integer> eventLoops() {
        return raw(EVENT_LOOPS).map(v -> intValue(EVENT_LOOPS, 1, 256));
    }

    public int queueLimit() {
        return intValue(QUEUE_LIMIT, 0, 1_000_000);
    }

    public boolean log() {
        String v = raw(LOG).orElseThrow().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new OptionException("log '" + v + "' is not true or false");
        };
    }

    public int threads() {
        return intValue(THREADS, 1, 10_000);
    }

    /** Worker processes of the process pool; by default one per available processor, as in Python's pool. */
    public int workers() {
        return raw(WORKERS).isPresent() ? intValue(WORKERS, 1, MAX_WORKERS)
                : Math.min(Runtime.getRuntime().availableProcessors(), MAX_WORKERS);
    }

    /** How long a client may take to send its request line and headers (nginx's client_header_timeout). */
    public Duration headerTimeout() {
        Duration d = duration(HEADER_TIMEOUT);
        if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new OptionException("headerTimeout " + Durations.format(d) + " is out of range (100ms to 5min)");
        }
        return d;
    }

    public int maxRequestLine() {
        return intValue(MAX_REQUEST_LINE, 256, 1_048_576);
    }

    public int maxHeaderSize() {
        return intValue(MAX_HEADER_SIZE, 256, 1_048_576);
    }

    /** work=http: the downstream's base URL, if the user runs one; empty = the lab starts its own. */
    public Optional<java.net.URI> downstream() {
        return raw(DOWNSTREAM).map(v -> {
            try {
                java.net.URI uri = new java.net.URI(v);
                if (!"http".equals(uri.getScheme()) || uri.getHost() == null) throw new java.net.URISyntaxException(v, "not http://host[:port]/");
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw new OptionException("downstream '" + v + "' is not an http://host:port/ URL");
            }
        });
    }

    /** work=db: a JDBC URL of an existing PostgreSQL; empty = the lab starts a throwaway one. */
    public Optional<String> dbUrl() {
        return raw(DB_URL).map(v -> {
            if (!v.startsWith("jdbc:postgresql://")) {
                throw new OptionException("db.url '" + v + "' is not a jdbc:postgresql://host:port/database URL");
            }
            return v;
        });
    }

    /** Connections of the work's client pool; empty = the client library's own default. */
    public Optional<Integer> poolSize() {
        return raw(POOL_SIZE).map(v -> intValue(POOL_SIZE, 1, 1_000));
    }

    /** Longest wait for a free pool connection before the request is answered 503. */
    public Duration poolWait() {
        Duration wait = duration(POOL_WAIT);
        if (wait.isZero() || wait.compareTo(COST_CEILING) > 0) {
            throw new OptionException("poolWait " + Durations.format(wait) + " is out of range (over 0, at most "
                    + Durations.format(COST_CEILING) + ")");
        }
        return wait;
    }

    /** How long a stop waits for the requests in flight (then the server exits anyway); at most 10 min. */
    public Duration drainTimeout() {
        Duration d = duration(DRAIN_TIMEOUT);
        if (d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new OptionException("drainTimeout " + Durations.format(d) + " is out of range (0 to 600s)");
        }
        return d;
    }

    /** Open connections a server holds at most: -DmaxConnections, else the open-file limit minus {@link #fileReserve}. */
    public int maxConnections() {
        return raw(MAX_CONNECTIONS).isPresent() ? intValue(MAX_CONNECTIONS, 1, 10_000_000)
                : Math.max(1, (int) Math.min(Integer.MAX_VALUE, openFileLimit() - fileReserve(openFileLimit())));
    }

    /** Where {@link #maxConnections} came from, for the banner. */
    public String maxConnectionsSource() {
        if (raw(MAX_CONNECTIONS).isPresent()) return "-DmaxConnections";
        long limit = openFileLimit();
        return "the open-file limit " + limit + " minus a reserve of " + fileReserve(limit) + " for the JVM, pools and logs";
    }

    /**
     * The open-file limit as this JVM sees it (HotSpot raises the soft limit to the hard one at start),
     * or a large number where the platform does not say.
     */
    static long openFileLimit() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 1_000_000;
    }

    /** Descriptors kept for the JVM (its jars), the work's pools, the logs: a tenth of the limit, at least 256. */
    static long fileReserve(long limit) {
        return Math.max(256, limit / 10);
    }

    /** An integer option within [min, max]. */
    public int intValue(Key key, int min, int max) {
        String v = raw(key).orElseThrow(() -> new OptionException(key.name() + " is required"));
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new OptionException(key.name() + " '" + v + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new OptionException(key.name() + " " + n + " is out of range (" + min + " to " + max + ")");
        }
        return n;
    }

    private Duration duration(Key key) {
        String v = raw(key).orElseThrow();
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new OptionException(key.name() + ": " + e.getMessage());
        }
    }
}
