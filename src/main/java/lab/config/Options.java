package lab.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import lab.config.Parser.AnyDuration;
import lab.config.Parser.Choice;
import lab.config.Parser.Choice.Word;
import lab.config.Parser.DurationRange;
import lab.config.Parser.Flag;
import lab.config.Parser.Ints;
import lab.config.Parser.Text;

/**
 * The lab's options, as one table: each key carries its default, its {@link Parser} (which holds its
 * range or allowed words) and its help, once. {@link #validate()} walks the table; the typed
 * accessors read through their key's parser; Main's list and the README's table are printed from it
 * ({@link OptionsHelp}). Each option comes from a system property ({@code mvn exec:java -Dcost=250ms})
 * or a program argument ({@code cost=250ms} or {@code --cost=250ms}); arguments win. A bad value is an
 * {@link OptionException} with a one-line reason.
 */
public final class Options {

    /**
     * One option: its name, its default, how its text is read and bounded, a line of help (Markdown:
     * backticks, {@code |} as typed), and optional notes the README adds after the help (mirrors,
     * links). The help never states the range: it is printed from the parser.
     */
    public record Key<T>(String name, Default fallback, Parser<T> parser, String help, String notes) {
        /** The default as the user would type it; null where the machine or a library decides. */
        public String defaultValue() {
            return fallback instanceof Default.Given g ? g.text() : null;
        }
    }

    /** What an option is when the user does not set it. */
    public sealed interface Default {
        /** A fixed value, as the user would type it. */
        record Given(String text) implements Default {}

        /** Depends on the machine: {@code what} says on what, {@code value} computes it here. */
        record Machine(String what, Supplier<String> value) implements Default {}

        /** No value: {@code what} says who decides instead (a library, the lab itself). */
        record Unset(String what) implements Default {}
    }

    /** The table, in the order the help shows it; every {@link #key} adds its row here. */
    private static final List<Key<?>> TABLE = new ArrayList<>();

    /** All options, in the order the help shows them. */
    public static final List<Key<?>> KEYS = Collections.unmodifiableList(TABLE);

    public static final Duration COST_CEILING = Duration.ofSeconds(60);

    /** Most worker processes a pool may have: each is a whole JVM. */
    public static final int MAX_WORKERS = 64;

    /**
     * The smallest -Dmemory= a pod may have: below it the lab's server JVM does not start (found by
     * trying on JDK 25, see docs/pods.md), so a smaller limit is refused before anything starts.
     */
    public static final long MEMORY_FLOOR = 96L << 20;

    /** The range of -DcpuPeriod=: the kernel's own bounds for a CFS period (cfs_period_us, cpu.max). */
    public static final Duration CPU_PERIOD_MIN = Duration.ofMillis(1);
    public static final Duration CPU_PERIOD_MAX = Duration.ofSeconds(1);

    // The table. Adding an option is one entry here (and, if callers want a named method, an accessor below).
    public static final Key<String> SCENARIO = key("scenario", new Default.Unset("—"), Text.any(),
            "which server to run");
    public static final Key<String> HOST = key("host", given("127.0.0.1"),
            new Text<>(h -> h.isBlank() || h.contains(" ") ? Optional.empty() : Optional.of(h), "an address"),
            "address to listen on");
    public static final Key<Integer> PORT = key("port", given("8000"), new Ints(0, 65_535),
            "port to listen on; `0` picks a free one, printed in the banner");
    public static final Key<WorkKind> WORK = key("work", given("sleep"), new Choice<>(List.of(
                    new Word<>("sleep", WorkKind.SLEEP, "`Thread.sleep`"),
                    new Word<>("cpu", WorkKind.CPU, "busy hashing on one core, calibrated at startup"),
                    new Word<>("http", WorkKind.HTTP, "a GET to a downstream service"),
                    new Word<>("db", WorkKind.DB, "a PostgreSQL query"))),
            "the expensive function", "See [Real work](docs/real-work.md)");
    public static final Key<Duration> COST = key("cost", given("1s"), new AnyDuration(),
            "cost of one request: `250ms`, `1s`, `1.5s`, `0`; at most `maxCost`");
    public static final Key<Duration> MAX_COST = key("maxCost", given("10s"), new AnyDuration(),
            "cap on the per-request `?cost=` (at most `" + Durations.format(COST_CEILING) + "`)");
    public static final Key<Duration> DEADLINE = key("deadline", new Default.Unset("none"), new AnyDuration(),
            "time a request may take, then `504` at once and its work is cancelled; `?deadline=` sets one per request; over 0, at most `maxCost`",
            "See [Deadlines](docs/deadlines.md)");
    public static final Key<Boolean> STATS = key("stats", given("false"), new Flag(),
            "Reactor Netty servers: also serve `GET /stats`, the requests whose client left before the answer and the database time spent for nobody (the lab's downstream turns it on); refused on the other stacks");
    public static final Key<Boolean> WATCH_CLIENTS = key("watchClients", given("false"), new Flag(),
            "stop a request's work when its client closes the connection, by interrupting the work's thread (`work=http`'s call stops; a `db` query is not cancelled by it): Jetty reads its connection while the work runs, Tomcat polls coyote's `AVAILABLE` every 50 ms (a pipelined next request also stops the work); Reactor Netty always does (no effect); refused on the JDK server, which cannot see the connection",
            "See [Deadlines](docs/deadlines.md)");
    public static final Key<Integer> EVENT_LOOPS = key("eventLoops", new Default.Unset("Reactor Netty's: max(cores, 4)"),
            new Ints(1, 256), "event-loop threads of the reactive servers");
    public static final Key<Integer> QUEUE_LIMIT = key("queueLimit", given("10000"), new Ints(0, 1_000_000),
            "requests that may wait for a busy worker; beyond it the server answers 503 at once");
    public static final Key<Boolean> LOG = key("log", given("false"), new Flag(),
            "one line per request (off by default: printing distorts load tests)");
    public static final Key<Integer> THREADS = key("threads", given("200"), new Ints(1, 10_000),
            "`platform-threads`: size of the fixed pool", "The default is Tomcat's own `maxThreads`");
    // One worker per available processor, as in Python's process pool.
    public static final Key<Integer> WORKERS = key("workers", new Default.Machine("available processors",
                    () -> Integer.toString(Math.min(Runtime.getRuntime().availableProcessors(), MAX_WORKERS))),
            new Ints(1, MAX_WORKERS), "`reactive-process-pool`: worker processes, each running one request at a time");
    public static final Key<Duration> HEADER_TIMEOUT = key("headerTimeout", given("10s"),
            new DurationRange(Duration.ofMillis(100), false, Duration.ofMinutes(5)),
            "time a client has to send its request line and headers; then the server closes the connection",
            "Mirrors nginx's `client_header_timeout` (a deadline for the whole head) and Tomcat's `connectionTimeout`");
    public static final Key<Integer> MAX_REQUEST_LINE = key("maxRequestLine", given("8192"), new Ints(256, 1_048_576),
            "longest request line in bytes; a longer one gets `414` and the connection is closed",
            "Mirrors nginx's `large_client_header_buffers`, Netty's `HttpServerCodec` `maxInitialLineLength`");
    public static final Key<Integer> MAX_HEADER_SIZE = key("maxHeaderSize", given("8192"), new Ints(256, 1_048_576),
            "most bytes of request headers; more gets `431` and the connection is closed",
            "Mirrors Tomcat's `maxHttpHeaderSize`, Netty's `maxHeaderSize`");
    public static final Key<URI> DOWNSTREAM = key("downstream", new Default.Unset("the lab starts one"),
            new Text<>(Options::httpUri, "an http://host:port/ URL"),
            "`work=http`: base URL of the service to GET (`http://host:port/`; it is asked `?cost=…`)");
    public static final Key<String> DB_URL = key("db.url", new Default.Unset("the lab starts one"),
            new Text<>(v -> v.startsWith("jdbc:postgresql://") ? Optional.of(v) : Optional.empty(),
                    "a jdbc:postgresql://host:port/database URL"),
            "`work=db`: `jdbc:postgresql://host:port/database?user=…&password=…` of an existing PostgreSQL");
    public static final Key<Integer> POOL_SIZE = key("poolSize", new Default.Unset("each library's own"), new Ints(1, 1_000),
            "`work=http|db`: connections of the work's client pool");
    public static final Key<Duration> POOL_WAIT = key("poolWait", given("30s"), new DurationRange(Duration.ZERO, true, COST_CEILING),
            "`work=http|db`: longest wait for a free pool connection, then `503`",
            "The default is HikariCP's `connectionTimeout`, applied to all four clients");
    public static final Key<Shape> SHAPE = key("shape", given("single"),
            new Text<>(Shape::parse, "single, chain:N or fanout:N (N from 1 to " + Shape.MAX_CALLS + ")"),
            "calls per request, each of `cost`: `single`, `chain:N` (one after another) or `fanout:N` (all at once); "
                    + "`work=sleep|http|db`; see [Shapes](docs/shapes.md)");

    public static final Key<Integer> MAX_CONNECTIONS = key("maxConnections", new Default.Machine("the open-file limit minus a reserve",
                    () -> Long.toString(Math.max(1, Math.min(10_000_000, openFileLimit() - fileReserve(openFileLimit()))))),
            new Ints(1, 10_000_000),
            "open connections a server holds at most; past it a new connection gets `503` and is closed (the JDK server closes it without an answer)",
            "By default the open-file limit as the JVM sees it (`UnixOperatingSystemMXBean.getMaxFileDescriptorCount`) minus a tenth of it (at least 256) for the JVM, the pools and the logs: 18,000 here; the banner says which ([docs/servers.md](docs/servers.md#connections-are-a-bound))");
    public static final Key<Duration> DRAIN_TIMEOUT = key("drainTimeout", given("30s"),
            new DurationRange(Duration.ZERO, false, Duration.ofMinutes(10)),
            "on Ctrl-C or SIGTERM: how long the requests in flight may take to finish (new ones get `503` and `Connection: close`) before the server exits; a second signal stops it at once",
            "Spring's `timeout-per-shutdown-phase`. The harnesses start their servers with `1s` ([docs/servers.md](docs/servers.md#stopping-drain-on-sigterm))");

    // Pods (docs/pods.md): the server runs in a real cgroup when cpus or memory is set.
    public static final Key<Double> CPUS = key("cpus", new Default.Unset("no limit"),
            new Text<>(v -> Optional.of(cpusValue(v)), "a number of CPUs"),
            "run the server in a pod (a real cgroup) with this many CPUs: `0.25`, `0.5`, `1.5` (as `docker run --cpus`); see [Pods](docs/pods.md)");
    public static final Key<Long> MEMORY = key("memory", new Default.Unset("no limit"),
            new Text<>(v -> Optional.of(memoryValue(v)), "a size"),
            "the pod's memory limit, no swap: `256m`, `512m`, `1g` (as `docker run --memory`; at least `96m`)");
    public static final Key<Duration> CPU_PERIOD = key("cpuPeriod", given("100ms"),
            new DurationRange(CPU_PERIOD_MIN, false, CPU_PERIOD_MAX),
            "the pod's CFS period: each period it may use `cpus × cpuPeriod` of CPU (Kubernetes' 100 ms)");

    /** Adds one row to the table. */
    private static <T> Key<T> key(String name, Default fallback, Parser<T> parser, String help) {
        return key(name, fallback, parser, help, "");
    }

    private static <T> Key<T> key(String name, Default fallback, Parser<T> parser, String help, String notes) {
        if (TABLE.stream().anyMatch(k -> k.name().equals(name))) throw new IllegalStateException("option " + name + " twice");
        Key<T> k = new Key<>(name, fallback, parser, help, notes);
        TABLE.add(k);
        return k;
    }

    private static Default given(String text) {
        return new Default.Given(text);
    }

    private static Optional<URI> httpUri(String v) {
        try {
            URI uri = new URI(v);
            return "http".equals(uri.getScheme()) && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /** Options from {@code key=value} pairs only (tests, child JVMs). */
    public static Options of(Map<String, String> values) {
        for (String name : values.keySet()) named(name);
        return new Options(Map.copyOf(values));
    }

    /** System properties first, then {@code key=value} / {@code --key=value} program arguments. */
    public static Options fromSystemAndArgs(Properties system, String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Key<?> k : KEYS) {
            String v = system.getProperty(k.name());
            if (v != null && !v.isBlank()) values.put(k.name(), v.trim());
        }
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-D") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new OptionException("argument '" + arg + "' is not of the form name=value (e.g. cost=250ms)");
            }
            values.put(named(a.substring(0, eq)).name(), a.substring(eq + 1).trim());
        }
        return new Options(values);
    }

    private static Key<?> named(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() ->
                new OptionException("unknown option '" + name + "'; options are: "
                        + String.join(", ", KEYS.stream().map(Key::name).toList())));
    }

    /** A copy with some values replaced. */
    public Options with(Map<String, String> changes) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        changes.forEach((k, v) -> copy.put(named(k).name(), v));
        return new Options(copy);
    }

    /** The raw values the user set, for handing to a child JVM. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The text of {@code key}: the user's, else its default (a machine default computed now); empty if unset. */
    public Optional<String> raw(Key<?> key) {
        String v = values.get(key.name());
        if (v != null) return Optional.of(v);
        return switch (key.fallback()) {
            case Default.Given g -> Optional.of(g.text());
            case Default.Machine m -> Optional.of(m.value().get());
            case Default.Unset u -> Optional.empty();
        };
    }

    /** {@code key}'s value, read through its parser; empty if neither the user nor a default sets it. */
    public <T> Optional<T> optional(Key<T> key) {
        return raw(key).map(v -> key.parser().parse(key.name(), v));
    }

    /** {@code key}'s value, read through its parser. */
    public <T> T get(Key<T> key) {
        return optional(key).orElseThrow(() -> new OptionException(key.name() + " is required"));
    }

    /** Parses every option once, walking the table, so a mistake is reported before anything starts. */
    public Options validate() {
        for (Key<?> k : KEYS) optional(k);
        cost(); // the rules between keys
        deadline();
        shape();
        return this;
    }

    public Optional<String> scenario() {
        return optional(SCENARIO);
    }

    public String host() {
        return get(HOST);
    }

    public int port() {
        return get(PORT);
    }

    public WorkKind work() {
        return get(WORK);
    }

    // The rules between keys, here and in maxCost() only: cost ≤ maxCost ≤ COST_CEILING.
    public Duration cost() {
        Duration cost = get(COST);
        Duration max = maxCost();
        if (cost.compareTo(max) > 0) {
            throw new OptionException("cost " + Durations.format(cost) + " is over maxCost " + Durations.format(max)
                    + " (raise -DmaxCost=, at most " + Durations.format(COST_CEILING) + ")");
        }
        return cost;
    }

    /** The default per-request deadline; empty: none. At most maxCost: a longer one could never be the bound. */
    public Optional<Duration> deadline() {
        Optional<Duration> d = optional(DEADLINE);
        Duration max = maxCost();
        if (d.isPresent() && d.get().isZero()) throw new OptionException("deadline 0 is out of range (over 0, at most maxCost)");
        if (d.isPresent() && d.get().compareTo(max) > 0) {
            throw new OptionException("deadline " + Durations.format(d.get()) + " is over maxCost " + Durations.format(max)
                    + " (raise -DmaxCost=, or shorten -Ddeadline=)");
        }
        return d;
    }

    public boolean watchClients() {
        return get(WATCH_CLIENTS);
    }

    public boolean stats() {
        return get(STATS);
    }

    public Duration maxCost() {
        Duration max = get(MAX_COST);
        if (max.compareTo(COST_CEILING) > 0) {
            throw new OptionException("maxCost " + Durations.format(max) + " is over the lab's ceiling of "
                    + Durations.format(COST_CEILING));
        }
        return max;
    }

    /** Empty means "Reactor Netty's default". */
    public Optional<Integer> eventLoops() {
        return optional(EVENT_LOOPS);
    }

    public int queueLimit() {
        return get(QUEUE_LIMIT);
    }

    public boolean log() {
        return get(LOG);
    }

    public int threads() {
        return get(THREADS);
    }

    /** Worker processes of the process pool; by default one per available processor (at most {@value #MAX_WORKERS}). */
    public int workers() {
        return get(WORKERS);
    }

    /** How long a client may take to send its request line and headers (nginx's client_header_timeout). */
    public Duration headerTimeout() {
        return get(HEADER_TIMEOUT);
    }

    public int maxRequestLine() {
        return get(MAX_REQUEST_LINE);
    }

    public int maxHeaderSize() {
        return get(MAX_HEADER_SIZE);
    }

    /** work=http: the downstream's base URL, if the user runs one; empty = the lab starts its own. */
    public Optional<URI> downstream() {
        return optional(DOWNSTREAM);
    }

    /** work=db: a JDBC URL of an existing PostgreSQL; empty = the lab starts a throwaway one. */
    public Optional<String> dbUrl() {
        return optional(DB_URL);
    }

    /** Connections of the work's client pool; empty = the client library's own default. */
    public Optional<Integer> poolSize() {
        return optional(POOL_SIZE);
    }

    /** Longest wait for a free pool connection before the request is answered 503. */
    public Duration poolWait() {
        return get(POOL_WAIT);
    }

    /** How long a stop waits for the requests in flight (then the server exits anyway); at most 10 min. */
    public Duration drainTimeout() {
        return get(DRAIN_TIMEOUT);
    }

    /** Open connections a server holds at most: -DmaxConnections, else the open-file limit minus {@link #fileReserve}. */
    public int maxConnections() {
        return get(MAX_CONNECTIONS);
    }

    /** Where {@link #maxConnections} came from, for the banner. */
    public String maxConnectionsSource() {
        if (values.containsKey(MAX_CONNECTIONS.name())) return "-DmaxConnections";
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

    /**
     * Calls per request. CPU work refuses anything but single: it makes no call to compose (a chain of
     * busy slices is one longer -Dcost, a fan-out of them is parallel computing, not waiting).
     */
    public Shape shape() {
        Shape shape = get(SHAPE);
        if (!shape.isSingle() && work() == WorkKind.CPU) {
            throw new OptionException("shape " + shape + " needs calls to compose, and cpu work makes none: "
                    + "a chain of busy slices is one longer -Dcost; use -Dwork=sleep, http or db");
        }
        return shape;
    }

    /** CPUs of the server's pod (docker's --cpus); empty = no CPU limit. */
    public Optional<Double> cpus() {
        return optional(CPUS);
    }

    /** A fraction of this machine's CPUs: at least 0.01 (docker's floor), at most all of them. */
    static double cpusValue(String v) {
        if (!v.matches("\\d{1,4}(\\.\\d{1,3})?|\\.\\d{1,3}")) {
            throw new OptionException("cpus '" + v + "' is not a number of CPUs (use e.g. 0.25, 0.5, 1, 1.5)");
        }
        double cpus = Double.parseDouble(v);
        int machine = Runtime.getRuntime().availableProcessors();
        if (cpus < 0.01) throw new OptionException("cpus " + v + " is too small (at least 0.01 of a CPU)");
        if (cpus > machine) throw new OptionException("cpus " + v + " is more than this machine's " + machine + " CPUs");
        return cpus;
    }

    /** Memory limit of the server's pod in bytes (docker's --memory); empty = no memory limit. */
    public Optional<Long> memory() {
        return optional(MEMORY);
    }

    /** A size from {@link #MEMORY_FLOOR} (a JVM starts) to this machine's memory. */
    static long memoryValue(String v) {
        long bytes;
        try {
            bytes = Sizes.parse(v);
        } catch (IllegalArgumentException e) {
            throw new OptionException("memory: " + e.getMessage());
        }
        if (bytes < MEMORY_FLOOR) {
            throw new OptionException("memory " + v + " is below the " + Sizes.format(MEMORY_FLOOR) + " a server JVM needs to start");
        }
        long machine = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        if (machine > 0 && bytes > machine) {
            throw new OptionException("memory " + v + " is more than this machine's " + Sizes.format(machine));
        }
        return bytes;
    }

    /** The pod's CFS period: the quota (cpus x period) is granted afresh each period. */
    public Duration cpuPeriod() {
        return get(CPU_PERIOD);
    }

    /** True if the server is to run in a pod: a CPU or a memory limit is set. */
    public boolean inPod() {
        return raw(CPUS).isPresent() || raw(MEMORY).isPresent();
    }
}
