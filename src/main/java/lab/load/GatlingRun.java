package lab.load;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.config.EnvironmentException;
import lab.launch.ChildJvm;
import lab.measure.ProcSampler;
import lab.pod.PodReadings;
import lab.work.http.StatsLine;

/**
 * One run of the load generator: Gatling's own main ({@code io.gatling.app.Gatling}) in a child
 * JVM with Gatling's class path (kept apart from the lab's, see the pom), optionally pinned with
 * {@code taskset}, running {@code OpenModelSimulation} on a {@link Schedule}. While it runs, each
 * measured step gets its own {@code /proc} samples of the server and of the generator, timed from
 * the simulation's "first arrival" line.
 */
public final class GatlingRun {

    private static final String SIMULATION = "lab.load.gatling.OpenModelSimulation";
    private static final Pattern FIRST = Pattern.compile("^lab-load: first arrival (\\d+)");
    private static final Pattern REPORT = Pattern.compile("file://(/\\S+)/index\\.html");
    /** Requests unanswered this long count as errors (Gatling's default is 60 s). */
    static final int REQUEST_TIMEOUT_SECONDS = 30;

    /** Where Gatling is: its class path file and the compiled simulation (both written by the build). */
    public record Install(Path classPathFile, Path simulationClasses, Path labClasses) {

        /** Next to the lab's classes ({@code target/classes}): {@code target/gatling.classpath}, {@code target/gatling-classes}. */
        public static Install find() {
            Path classes;
            try {
                classes = Path.of(Schedule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            Install i = new Install(classes.resolveSibling("gatling.classpath"), classes.resolveSibling("gatling-classes"), classes);
            if (!Files.isRegularFile(i.classPathFile) || !Files.isDirectory(i.simulationClasses)) {
                throw new EnvironmentException("the load generator is not built (" + i.classPathFile + " missing): run mvn verify -Pload, "
                        + "or mvn process-classes first");
            }
            return i;
        }

        public String classPath() {
            try {
                String gatling = Files.readString(classPathFile, StandardCharsets.UTF_8).strip();
                return String.join(java.io.File.pathSeparator, simulationClasses.toString(), labClasses.toString(), gatling);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Gatling's version, from its jar's name on the class path. */
        public String version() {
            Matcher m = Pattern.compile("gatling-app-([^/\\\\]+)\\.jar").matcher(classPath());
            return m.find() ? "Gatling " + m.group(1) : "Gatling (unknown version)";
        }
    }

    /**
     * What a run left: the records, per measured step the server's and the generator's usage,
     * Gatling's report folder, and when the first user arrived (epoch ms, -1 if none did): step i
     * ran from there + {@code schedule.startOf(i)}.
     */
    public record Output(Records records, Map<Integer, ProcSampler.Usage> server, Map<Integer, ProcSampler.Usage> client,
                         Optional<Path> report, Path console, int exitCode, long firstArrivalEpochMs,
                         Map<Integer, PodReadings> pod, Map<Integer, StatsLine> downstream) {

        /** The wall-clock window of step {@code i}, for the server's flight recording; empty if the run never started. */
        public Optional<lab.measure.JfrReader.Window> window(Schedule schedule, int i) {
            if (firstArrivalEpochMs < 0) return Optional.empty();
            java.time.Instant start = java.time.Instant.ofEpochMilli(firstArrivalEpochMs + Math.round(schedule.startOf(i) * 1000));
            return Optional.of(new lab.measure.JfrReader.Window(start,
                    start.plusMillis(Math.round(schedule.steps().get(i).seconds() * 1000))));
        }
    }

    private final Install install;
    private final List<String> pin;
    private final long requestTimeoutMs;

    /** {@code pin}: the command prefix that pins the generator, e.g. {@code taskset -c 1}; empty for none. */
    public GatlingRun(Install install, List<String> pin) {
        this(install, pin, REQUEST_TIMEOUT_SECONDS * 1000L);
    }

    private GatlingRun(Install install, List<String> pin, long requestTimeoutMs) {
        this.install = install;
        this.pin = List.copyOf(pin);
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * The same generator with impatient clients: Gatling's {@code requestTimeout} is global (gatling.conf),
     * so each run's JVM gets it as {@code -Dgatling.http.requestTimeout}. At most the default 30 s.
     * On a timeout Gatling closes the request's HTTP/1.1 connection ({@code RequestTimeout.execute}:
     * {@code channel.close()}), so a server that watches its connections sees the client leave (LoadLiveTest).
     */
    public GatlingRun withRequestTimeout(java.time.Duration timeout) {
        long ms = timeout.toMillis();
        if (ms < 1 || ms > REQUEST_TIMEOUT_SECONDS * 1000L) throw new IllegalArgumentException("request timeout " + timeout);
        return new GatlingRun(install, pin, ms);
    }

    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public List<String> command(Schedule schedule, String url, Path dir) {
        List<String> cmd = new ArrayList<>(pin);
        cmd.add(ChildJvm.javaBinary());
        cmd.addAll(ChildJvm.COMMON_FLAGS);
        cmd.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",   // Gatling's log writer needs it
                "-Dgatling.data.enableAnalytics=false",                      // no usage report to gatling.io
                "-Dgatling.http.warmUpUrl=",                                  // its warm-up request goes to the internet
                "-Dgatling.http.requestTimeout=" + requestTimeoutMs,
                "-Dgatling.charting.indicators.percentile2=90",
                "-Dgatling.charting.indicators.percentile3=99",
                "-Dgatling.charting.indicators.percentile4=99.9",
                "-Dlab.load.schedule=" + dir.resolve("schedule.csv"),
                "-Dlab.load.url=" + url,
                "-Dlab.load.records=" + dir.resolve("records.csv"),
                "-cp", install.classPath(), "io.gatling.app.Gatling",
                "-s", SIMULATION, "-rf", dir.resolve("gatling").toString()));
        return cmd;
    }

    /**
     * Runs the schedule against {@code url}, writing into {@code dir} (schedule, records, Gatling's
     * console and report). {@code serverPid} is sampled per measured step when the server is local.
     */
    public Output run(Schedule schedule, String url, Path dir, Optional<Long> serverPid) throws IOException, InterruptedException {
        return run(schedule, url, dir, serverPid, Optional::empty);
    }

    /** As {@link #run(Schedule, String, Path, Optional)}; {@code pod} reads the server's pod, if it runs in one, at each measured step's start and end. */
    public Output run(Schedule schedule, String url, Path dir, Optional<Long> serverPid, Supplier<Optional<PodReadings>> pod)
            throws IOException, InterruptedException {
        return run(schedule, url, dir, serverPid, pod, Optional::empty);
    }

    /** As above; {@code downstream} reads the downstream's {@code /stats} at each measured step's start and end, if there is one. */
    public Output run(Schedule schedule, String url, Path dir, Optional<Long> serverPid, Supplier<Optional<PodReadings>> pod,
                      Supplier<Optional<StatsLine>> downstream) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        schedule.write(dir.resolve("schedule.csv"));
        Path console = dir.resolve("gatling-console.txt");
        Process p = new ProcessBuilder(command(schedule, url, dir)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        Map<Integer, ProcSampler.Usage> server = new HashMap<>();
        Map<Integer, ProcSampler.Usage> client = new HashMap<>();
        Map<Integer, PodReadings> pods = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Integer, StatsLine> stats = new java.util.concurrent.ConcurrentHashMap<>();
        Thread sampling = null;
        long firstArrival = -1;
        String reportDir = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter log = Files.newBufferedWriter(console, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                log.write(line);
                log.newLine();
                Matcher first = FIRST.matcher(line);
                if (first.find() && sampling == null) {
                    long t0 = Long.parseLong(first.group(1));
                    firstArrival = t0;
                    sampling = Thread.ofPlatform().daemon().name("load-steps").start(
                            () -> sampleSteps(schedule, t0, serverPid, p.pid(), server, client, pod, pods, downstream, stats));
                }
                Matcher report = REPORT.matcher(line);
                if (report.find()) reportDir = report.group(1);
            }
        } finally {
            long bound = Math.round(schedule.seconds()) + REQUEST_TIMEOUT_SECONDS + 60;
            if (!p.waitFor(bound, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            if (sampling != null) {
                sampling.interrupt();
                sampling.join();
            }
        }
        Path records = dir.resolve("records.csv");
        if (!Files.exists(records)) {
            throw new IOException("the load generator wrote no records (exit " + p.exitValue() + "); its output: " + console);
        }
        return new Output(Records.read(records, schedule), server, client,
                Optional.ofNullable(reportDir).map(Path::of), console, p.exitValue(), firstArrival, pods, stats);
    }

    /** Per measured step: sleep until it starts, sample server and generator until it ends. */
    private static void sampleSteps(Schedule schedule, long t0, Optional<Long> serverPid, long clientPid,
                                    Map<Integer, ProcSampler.Usage> server, Map<Integer, ProcSampler.Usage> client,
                                    Supplier<Optional<PodReadings>> pod, Map<Integer, PodReadings> pods,
                                    Supplier<Optional<StatsLine>> downstream, Map<Integer, StatsLine> stats) {
        try {
            for (int i = 0; i < schedule.steps().size(); i++) {
                Schedule.Step step = schedule.steps().get(i);
                if (!step.measured()) continue;
                sleepUntil(t0 + Math.round(schedule.startOf(i) * 1000));
                ProcSampler s = serverPid.map(ProcSampler::start).orElse(null);
                ProcSampler c = ProcSampler.start(clientPid);
                Optional<PodReadings> before = pod.get();
                Optional<StatsLine> calls = downstream.get();
                try {
                    sleepUntil(t0 + Math.round((schedule.startOf(i) + step.seconds()) * 1000));
                } finally {
                    if (s != null) server.put(i, s.finish());
                    client.put(i, c.finish());
                    int index = i;
                    before.ifPresent(b -> pod.get().ifPresent(now -> pods.put(index, now.since(b))));
                    calls.ifPresent(b -> downstream.get().ifPresent(now -> stats.put(index, now.minus(b))));
                }
            }
        } catch (InterruptedException e) {
            // the run ended first (a step's numbers are then partial, and the records say so)
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) Thread.sleep(wait);
    }
}
