package lab.work.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.config.EnvironmentException;
import lab.launch.Processes;

/**
 * A throwaway PostgreSQL cluster: {@code initdb} into a fresh directory under {@code target/}, then
 * {@code pg_ctl start} on 127.0.0.1 at a free port below the kernel's ephemeral range (32768 up),
 * with durability off (fsync, synchronous_commit, full_page_writes: nothing here must survive a
 * crash) and its unix socket inside its own directory. {@link #close} stops it and deletes the
 * directory. Run as root (CI), both commands run as the {@code postgres} user, since initdb refuses
 * root. A cluster left by a JVM that was killed outright is removed by the next start.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "lab";
    public static final String DATABASE = "postgres";
    private static final String DIR_PREFIX = "lab-pg-";
    private static final int PORT_FROM = 20_000;
    private static final int PORT_TO = 32_000;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path home;       // target/lab-pg-PID-N: owner.pid, server.log, data/
    private final Path binDir;
    private final int port;
    private volatile boolean running = true;
    /** Stops and deletes the cluster if the JVM ends before {@link #close} (SIGTERM, Ctrl-C mid-start). */
    private final Thread onExit = new Thread(this::close, "lab-postgres-cleanup");

    private Postgres(Path home, Path binDir, int port) {
        this.home = home;
        this.binDir = binDir;
        this.port = port;
    }

    /**
     * A new cluster under {@code parent} allowing {@code maxConnections} client connections.
     * @throws EnvironmentException with one line if PostgreSQL is not installed or will not start
     */
    public static Postgres start(Path parent, int maxConnections) {
        return start(parent, maxConnections, false);
    }

    /**
     * As above; with {@code logQueries} it logs every statement's start, end and cancel, for a harness's
     * {@link #queryLog} (a cluster beside a measured server: a few log lines per query).
     */
    public static Postgres start(Path parent, int maxConnections, boolean logQueries) {
        Path bin = binDir().orElseThrow(() -> new EnvironmentException(
                "PostgreSQL's server binaries (initdb, pg_ctl) were not found: apt-get install postgresql"));
        Path home;
        try {
            parent = parent.toAbsolutePath();   // the socket directory and pg_ctl need absolute paths
            Files.createDirectories(parent);
            removeAbandoned(parent, bin);
            home = Files.createTempDirectory(parent, DIR_PREFIX + ProcessHandle.current().pid() + "-");
            Files.writeString(home.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            giveToPostgres(home);
        } catch (IOException e) {
            throw new EnvironmentException("cannot create a PostgreSQL directory under " + parent + ": " + e.getMessage());
        }
        Path data = home.resolve("data");
        try {
            run(bin, List.of("initdb", "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync",
                    "--no-instructions"), "initdb");
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                        "", "# lab: a throwaway cluster",
                        "port = " + port,
                        "listen_addresses = '127.0.0.1'",
                        "unix_socket_directories = '" + data + "'",
                        "max_connections = " + maxConnections,
                        "shared_buffers = 32MB",
                        "fsync = off", "synchronous_commit = off", "full_page_writes = off", "")
                        + (logQueries ? QueryLog.SETTINGS : ""),
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                try {
                    run(bin, List.of("pg_ctl", "-D", data.toString(), "-l", home.resolve("server.log").toString(),
                            "-w", "-t", "30", "start"), "pg_ctl start");
                    Postgres started = new Postgres(home, bin, port);
                    Runtime.getRuntime().addShutdownHook(started.onExit);
                    return started;
                } catch (EnvironmentException e) {
                    // Another process took the port between our check and the server's bind: try another.
                    if (attempt == 5 || !log(home).contains("could not bind")) throw e;
                }
            }
        } catch (IOException | EnvironmentException e) {
            String why = (e instanceof EnvironmentException ? e.getMessage() : e.toString()) + lastLogLine(home);
            new Postgres(home, bin, 0).close();   // a half-started server is stopped too, then the directory goes
            throw new EnvironmentException("PostgreSQL did not start: " + why);
        }
    }

    /** The binaries: {@code pg_config --bindir}, else the newest {@code /usr/lib/postgresql/N/bin}, else the PATH. */
    public static Optional<Path> binDir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && hasServer(Path.of(out))) return Optional.of(Path.of(out));
        } catch (IOException e) {
            // no pg_config (it ships with libpq-dev): look elsewhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(Postgres::hasServer)
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent())));
            if (newest.isPresent()) return newest;
        } catch (IOException e) {
            // not Debian's layout
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && hasServer(Path.of(dir))) return Optional.of(Path.of(dir));
        }
        return Optional.empty();
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return home;
    }

    /** The work's queries as PostgreSQL logged them (useful only if started with {@code logQueries}). */
    public QueryLog queryLog() {
        return new QueryLog(home.resolve("server.log"));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** Stops the server (fast shutdown: open connections are ended), keeping the directory: tests of a database gone down. */
    public synchronized void stopServer() {
        if (!running) return;
        running = false;
        Path data = home.resolve("data");
        try {
            run(binDir, List.of("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "20", "stop"), "pg_ctl stop");
        } catch (EnvironmentException e) {
            try {
                run(binDir, List.of("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "20", "stop"), "pg_ctl stop");
            } catch (EnvironmentException again) {
                // not running any more (e.g. a Ctrl-C reached it too): the directory goes anyway
            }
        }
    }

    /** Stops the server and deletes its directory; safe to call twice. */
    @Override
    public void close() {
        stopServer();
        deleteTree(home);
        if (Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the JVM is shutting down already, or the hook was never added (a failed start)
            }
        }
    }

    /** Clusters whose JVM is gone (killed with SIGKILL, no shutdown hook): stop them and delete them. */
    private static void removeAbandoned(Path parent, Path bin) throws IOException {
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                long owner;
                try {
                    owner = Long.parseLong(Files.readString(dir.resolve("owner.pid")).strip());
                } catch (IOException | NumberFormatException e) {
                    continue;   // being created right now, or not ours
                }
                if (Processes.running(owner)) continue;
                if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                    try {
                        run(bin, List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), "pg_ctl stop");
                    } catch (EnvironmentException e) {
                        // already stopped
                    }
                }
                deleteTree(dir);
            }
        }
    }

    /** Runs a PostgreSQL binary (as the postgres user when we are root); its output is the error on failure. */
    private static void run(Path bin, List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (isRoot()) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // Read on another thread: pg_ctl's server keeps the pipe open only if we passed it, and we do not.
            StringBuilder out = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // process gone
                }
            });
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EnvironmentException(what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            reader.join(2_000);
            if (p.exitValue() != 0) {
                String last = out.toString().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("").strip();
                throw new EnvironmentException(what + " failed (exit " + p.exitValue() + "): " + last);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot run " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException(what + " interrupted");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The postgres user must own the cluster's directory (initdb refuses root). */
    private static void giveToPostgres(Path dir) throws IOException {
        if (!isRoot()) return;
        UserPrincipal postgres;
        try {
            postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        } catch (IOException e) {
            throw new IOException("running as root, but there is no 'postgres' user to run initdb as (apt-get install postgresql creates it)");
        }
        Files.setOwner(dir, postgres);
    }

    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int candidate = ThreadLocalRandom.current().nextInt(PORT_FROM, PORT_TO);
            try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between " + PORT_FROM + " and " + PORT_TO + " after 50 tries");
    }

    private static String log(Path home) {
        try {
            return Files.readString(home.resolve("server.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLogLine(Path home) {
        return log(home).lines().filter(l -> l.contains("FATAL") || l.contains("ERROR")).reduce((a, b) -> b)
                .map(l -> " (server.log: " + l.strip() + ")").orElse("");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
