package lab.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.pod.Pod;
import lab.pod.PodLimits;
import lab.pod.PodReadings;
import lab.pod.Pods;

/**
 * A scenario server in a child JVM on a free port (port=0): the real port is read from the
 * banner's {@code serving:} line. Tests use it for JVM-wide settings; the ab comparison runs every
 * scenario in a fresh one. {@link #stop} sends SIGTERM (the runner's shutdown hook closes the
 * server) and checks that the process and everything it started are gone. Given {@link PodLimits},
 * the server JVM starts inside its own pod (a real cgroup), removed once the server has stopped or
 * failed to start.
 */
public final class ServerProcess implements AutoCloseable {

    /**
     * The runner, by name: the child runs it. A class reference would make this package (and the
     * http work, whose downstream is such a child) depend on every package the runner uses.
     */
    private static final String RUNNER = "lab.Main";
    private static final Pattern SERVING = Pattern.compile("serving: http://[^:]+:(\\d+)/");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long a server may take to print where it serves (a process pool starts its workers first). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** How a stop went: {@code graceful} unless it needed a SIGKILL. */
    public record Stopped(boolean graceful, List<Long> survivors) {}

    /** RequestLog's line: {@code … GET /?cost=200ms -> 200 in 201 ms}. */
    private static final Pattern REQUEST_LINE = Pattern.compile(" -> \\d{3} in \\d+ ms$");

    private final AtomicLong requestsLogged = new AtomicLong();
    private final Process process;
    private final int port;
    private final String banner;
    private final Pod pod;   // null: no limits
    /** Enough to show what went wrong; a server that floods its log is counted, not kept. */
    private static final int KEPT_LINES = 1_000;
    private final List<String> log = new ArrayList<>();
    private long logLines;

    private ServerProcess(Process process, int port, String banner, Pod pod) {
        this.process = process;
        this.port = port;
        this.banner = banner;
        this.pod = pod;
    }

    /**
     * The harnesses' quick stop: a server they stop between cells waits at most this long for the
     * requests still in flight (a server run by hand waits -DdrainTimeout, 30 s by default).
     */
    public static final String QUICK_DRAIN = "drainTimeout=1s";

    /**
     * {@code lab.Main port=0 drainTimeout=1s args...} in a child JVM; returns once it prints where it
     * serves. {@code args} may set another drainTimeout.
     */
    public static ServerProcess start(List<String> jvmFlags, String... args) throws IOException {
        return start(null, List.of(), jvmFlags, args);
    }

    /** The same, with {@code launcher} before the {@code java} command (e.g. {@code prlimit --nofile=N:N}, which execs it). */
    public static ServerProcess start(List<String> launcher, List<String> jvmFlags, String... args) throws IOException {
        return start(null, launcher, jvmFlags, args);
    }

    /** As {@link #start(List, String...)}, the JVM inside a new pod with {@code limits} if given. */
    public static ServerProcess start(Optional<PodLimits> limits, List<String> jvmFlags, String... args) throws IOException {
        Pod pod = limits.map(Pods::create).orElse(null);
        try {
            return start(pod, List.of(), jvmFlags, args);
        } catch (IOException | RuntimeException e) {
            if (pod != null) pod.close();   // a server that failed to start leaves no cgroup behind
            throw e;
        }
    }

    private static ServerProcess start(Pod pod, List<String> launcher, List<String> jvmFlags, String... args) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("port=0", QUICK_DRAIN));
        arguments.addAll(List.of(args));
        List<String> flags = new ArrayList<>(jvmFlags);
        if (pod != null) {
            flags.addAll(Pod.JVM_FLAGS);
            arguments.addAll(pod.limits().asArgs());   // the runner inside prints them in its banner
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(ChildJvm.command(RUNNER, ServerProcess.class, flags, arguments));
        Process p = new ProcessBuilder(pod == null ? command : pod.wrap(command)).redirectErrorStream(true).start();
        if (pod != null) pod.started(p);
        p.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder banner = new StringBuilder();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        ready.orTimeout(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).exceptionally(t -> {   // a silent server ends here
            timedOut.set(true);
            p.destroyForcibly();
            return null;
        });
        String last = "";
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                banner.append(line).append('\n');
                if (!line.isBlank()) last = line.strip();
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    ready.complete(null);
                    ServerProcess server = new ServerProcess(p, Integer.parseInt(m.group(1)), banner.toString(), pod);
                    Thread.ofVirtual().start(() -> server.drain(out));   // keep reading, or a full pipe would block the server
                    return server;
                }
            }
        } catch (IOException e) {
            last = e.getMessage();
        }
        ready.complete(null);
        p.destroyForcibly();
        try {
            p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);   // gone, so its pod can be removed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The reason first, on one line (callers show only that); the whole output after it.
        String why = timedOut.get() ? "did not say where it serves within " + READY_TIMEOUT.toSeconds() + " s" : last;
        throw new IOException("server exited before it was ready: " + why + "\n" + banner);
    }

    /** Reads the output after the banner: counts its lines, keeps the first {@link #KEPT_LINES}, counts the requests it logged. */
    private void drain(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (REQUEST_LINE.matcher(line).find()) requestsLogged.incrementAndGet();
                synchronized (log) {
                    if (log.size() < KEPT_LINES) log.add(line);
                    logLines++;
                }
            }
        } catch (IOException e) {
            // the stream closes when the process is stopped: nothing left to read
        }
    }

    /** The lines the server printed after its banner so far (stdout and stderr; the first {@link #KEPT_LINES}). */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** How many lines the server printed after its banner so far, kept or not. */
    public long logLines() {
        synchronized (log) {
            return logLines;
        }
    }

    /**
     * Requests the server logged as answered since its banner: one per request with {@code log=true}
     * ({@code lab.http.RequestLog}), none otherwise. How a test counts the calls a downstream served.
     */
    public long requestsLogged() {
        return requestsLogged.get();
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String banner() {
        return banner;
    }

    /** SIGTERM, without waiting: the server starts its graceful stop. */
    public void terminate() {
        signalTerm();
    }

    /**
     * SIGTERM through the process handle: {@code Process.destroy()} also closes this side of the
     * child's stdout, and the reader then loses all the server says while it drains ("stopping …",
     * requests still in flight).
     */
    private void signalTerm() {
        process.toHandle().destroy();
    }

    /** Waits for the process to exit; false if it still runs after {@code within}. */
    public boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit status, once the process has ended (137: SIGKILL, e.g. the kernel's OOM killer); empty while it runs. */
    public java.util.OptionalInt exitStatus() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /** The server's pod, if it runs in one. */
    public Optional<Pod> pod() {
        return Optional.ofNullable(pod);
    }

    /** The pod's counters now, if the server runs in one: take one before and one after a cell or step, then {@link PodReadings#since}. */
    public Optional<PodReadings> readings() {
        return pod().map(Pod::read);
    }

    /** {@link Pod#setCpus} of the server's pod; false without one or where it cannot. */
    public boolean setPodCpus(Optional<Double> cpus) {
        return pod().map(p -> p.setCpus(cpus)).orElse(false);
    }

    /**
     * SIGTERM, wait up to {@code timeout}, then SIGKILL; afterwards the process and its descendants
     * (listed before the stop, since a dead parent no longer has any) must all be gone.
     */
    public Stopped stop(Duration timeout) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        boolean graceful = true;
        signalTerm();   // the runner drains, then its shutdown hook closes the server
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                graceful = false;
                process.destroyForcibly();
                process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : family) {
                if (Processes.running(child.pid())) {
                    graceful = false;
                    child.destroyForcibly();
                    Processes.awaitEnd(child.pid(), timeout);   // one still running is reported below as a survivor
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        family.add(process.toHandle());
        List<Long> survivors = family.stream().map(ProcessHandle::pid).filter(Processes::running).toList();
        if (pod != null) pod.close();   // the server is gone: its pod can be removed (anything left in it is killed)
        if (!process.isAlive()) ScratchDirs.removeOf(process.pid());   // a SIGKILLed server's work directory
        return new Stopped(graceful, survivors);
    }

    /** SIGKILL: the server gets no chance to clean up (its shutdown hook does not run). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("server survived SIGKILL for 10 s");
        if (pod != null) pod.close();
        ScratchDirs.removeOf(process.pid());   // its shutdown hook did not run
    }

    /** For tests: a server that does not stop on SIGTERM within 10 s is a failure. */
    @Override
    public void close() {
        Stopped stopped = stop(STOP_TIMEOUT);
        if (!stopped.graceful() || !stopped.survivors().isEmpty()) {
            throw new IllegalStateException("server did not stop on SIGTERM within " + STOP_TIMEOUT.toSeconds()
                    + " s" + (stopped.survivors().isEmpty() ? "" : "; still alive: " + stopped.survivors()));
        }
    }
}
