package lab.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a results run was measured: machine, kernel, JDK, library versions, the git commit (and
 * whether the tree had uncommitted changes) and the exact command. Every harness writes one beside
 * its numbers ({@code environment.json}) and puts {@link #summary()} in its generated header, so a
 * reader can tell two runs' conditions apart without asking.
 */
public record Environment(Map<String, String> facts) {

    /** The file every harness writes beside its results. */
    public static final String FILE = "environment.json";

    /**
     * Reads the environment now. {@code tools} adds harness-specific entries (e.g. {@code "ab" ->
     * "ApacheBench 2.3"}, the load generator's version); {@code projectDir} is where git is asked.
     */
    public static Environment capture(Path projectDir, Map<String, String> tools) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        f.put("command", command());
        f.put("git commit", git(projectDir, "rev-parse", "HEAD").orElse("unknown (no git)"));
        // results/ is what the harnesses write: a run after another one must not call its own code dirty.
        f.put("git tree", git(projectDir, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)results")
                .map(s -> s.isBlank() ? "clean" : "dirty (uncommitted changes outside results/)").orElse("unknown"));
        f.put("cpu", cpuModel());
        f.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        f.put("memory", memory());
        f.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        f.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        f.put("reactor-core", version(reactor.core.publisher.Flux.class));
        f.put("reactor-netty", version(reactor.netty.http.server.HttpServer.class));
        f.put("netty", nettyVersion());
        f.putAll(tools);
        return new Environment(java.util.Collections.unmodifiableMap(f));
    }

    /** The manifest a run wrote in {@code dir}, read back to re-render its tables' headers. */
    public static Environment read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, String> f = new LinkedHashMap<>();
        new ObjectMapper().readTree(file.toFile()).properties().forEach(e -> f.put(e.getKey(), e.getValue().asText()));
        return new Environment(java.util.Collections.unmodifiableMap(f));
    }

    /** The same facts and one more (or a new value): what is known only after the run, e.g. how long it took. */
    public Environment with(String key, String value) {
        Map<String, String> f = new LinkedHashMap<>(facts);
        f.put(key, value);
        return new Environment(java.util.Collections.unmodifiableMap(f));
    }

    /** The run's day, {@code 2026-11-25}, from its start time; "unknown" without one. */
    public String day() {
        String date = facts.getOrDefault("date", "");
        return date.length() >= 10 ? date.substring(0, 10) : "unknown";
    }

    /** {@code ; took 5:33 min} when the run wrote how long it took, else nothing (a run from before that fact). */
    public String took(String separator) {
        String took = facts.get(TOOK);
        return took == null ? "" : separator + "took " + took;
    }

    /** The fact a rerun of some scenarios adds to the run it joins (lab.compare.Rerun): which, when, at which commit. */
    public static final String RERUN = "rerun";

    /**
     * The fact a harness records as it starts: what its preset runs, in the preset's words of that day.
     * The README's "What it runs" is drawn from it, so a preset changed later does not redescribe an
     * older run.
     */
    public static final String RUNS = "runs";

    /** What the run ran, as it recorded; a run from before that fact is described by its preset's words now. */
    public String runs(String presetNow) {
        return facts.getOrDefault(RUNS, presetNow);
    }

    /** The fact a harness adds once it is done: the run's wall-clock time, {@code 30:40 min}. */
    public static final String TOOK = "took";

    /** Writes {@code dir/environment.json}. */
    public Path write(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), facts);
        return file;
    }

    /** One line for a generated header: commit, machine, JDK, key libraries. */
    public String summary() {
        String commit = facts.getOrDefault("git commit", "unknown");
        String shortCommit = commit.length() >= 7 && commit.matches("[0-9a-f]+") ? commit.substring(0, 7) : commit;
        boolean dirty = facts.getOrDefault("git tree", "").startsWith("dirty");
        String rerun = facts.get(RERUN);
        return String.format(Locale.ROOT, "commit %s%s, %s (%s cores, %s), %s, %s, Reactor Netty %s%s",
                shortCommit, dirty ? " (dirty tree)" : "", facts.get("cpu"), facts.get("cores"), facts.get("memory"),
                facts.get("kernel"), facts.get("jdk"), facts.get("reactor-netty"), rerun == null ? "" : "; " + rerun);
    }

    /**
     * The command as typed. Under Maven (exec:java runs in Maven's JVM) {@code sun.java.command} is
     * Maven's launcher followed by the user's arguments, so it is shown as {@code mvn ARGS}.
     */
    static String command() {
        String cmd = System.getProperty("sun.java.command", "");
        String launcher = "org.codehaus.plexus.classworlds.launcher.Launcher";
        if (cmd.startsWith(launcher)) return ("mvn" + cmd.substring(launcher.length())).strip();
        return cmd.isBlank() ? "unknown" : "java " + cmd;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String memory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.1f GiB RAM", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return "unknown RAM";
    }

    private static String version(Class<?> c) {
        return Optional.ofNullable(c.getPackage().getImplementationVersion()).orElse("unknown");
    }

    private static String nettyVersion() {
        // Netty publishes its artifacts' versions itself; the transport's is the one that serves.
        io.netty.util.Version v = io.netty.util.Version.identify().get("netty-transport");
        return v == null ? "unknown" : v.artifactVersion();
    }

    /** {@code git -C dir args…}'s output, stripped; empty when git is missing, fails or hangs. */
    static Optional<String> git(Path dir, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            p.getErrorStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
