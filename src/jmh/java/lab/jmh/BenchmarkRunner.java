package lab.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import lab.config.Durations;
import lab.config.OptionException;
import lab.launch.ChildJvm;
import lab.results.Environment;
import lab.scenarios.Scenarios;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What {@code mvn verify -Pjmh} runs: builds JMH's options from {@code -Djmh.*} properties, runs
 * the benchmarks (JMH prints its own progress), writes the JSON to {@code results/jmh/}, then
 * regenerates the table in {@code results/jmh/README.md} from it. A bad property is one line and
 * exit status 2; a failing benchmark fails the run (status 1), so a result is never half made.
 */
public final class BenchmarkRunner {

    /** {@code results/jmh} of the project (the profile passes its absolute path), else of the working directory. */
    static final Path RESULTS = Path.of(System.getProperty("jmh.results", Path.of("results", "jmh").toString()));
    static final String DEFAULT_INCLUDE = "lab\\.jmh\\.";

    private BenchmarkRunner() {}

    public static void main(String[] args) {
        try {
            run();
        } catch (OptionException e) {
            System.err.println("jmh: " + e.getMessage());
            System.exit(2);
        } catch (RunnerException e) {
            System.err.println("jmh: benchmark run failed (see above): " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException | UncheckedIOException e) {   // the table could not be regenerated
            System.err.println("jmh: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run() throws RunnerException {
        String include = text("jmh.include", DEFAULT_INCLUDE);
        try {
            Pattern.compile(include);
        } catch (PatternSyntaxException e) {
            throw new OptionException("jmh.include '" + include + "' is not a regular expression: " + e.getDescription());
        }
        Path out = Path.of(text("jmh.out", RESULTS.resolve("jmh-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json").toString()));
        TimeValue time = time("jmh.time", "1s");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(count("jmh.forks", 1, 0))
                .warmupIterations(count("jmh.warmup", 3, 0))
                .warmupTime(time)
                .measurementIterations(count("jmh.iterations", 5, 1))
                .measurementTime(time)
                // Scenarios come from the registry at run time, so a new scenario is benchmarked without edits.
                .param("scenario", Scenarios.names().toArray(String[]::new))
                .jvmArgs(FORK_FLAGS)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(out.toString());
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new OptionException("jmh.out: cannot create the folder of " + out + ": " + e.getMessage());
        }
        // Under exec:java this JVM is Maven's, whose java.class.path is Maven's launcher: JMH builds
        // each fork's -cp from that property, so point it at the project's class path first.
        System.setProperty("java.class.path", ChildJvm.classPath(BenchmarkRunner.class));
        boolean existed = Files.exists(out);
        Environment env = Environment.capture(Path.of("").toAbsolutePath(), Map.of());   // before: the tree as measured
        try {
            new Runner(options.build()).run();
        } catch (NoBenchmarksException e) {
            deleteIfNew(out, existed);
            throw new OptionException("no benchmark matches jmh.include '" + include
                    + "' (try HopBenchmark, HttpBenchmark.oneClient, CpuWorkBenchmark)");
        } catch (RunnerException e) {
            deleteIfNew(out, existed);   // a failed run leaves no half-made result behind
            throw e;
        }
        Path readme = RESULTS.resolve("README.md");
        try {
            env.write(RESULTS);   // the latest run's, like the table
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + RESULTS.resolve(Environment.FILE), e);
        }
        try {
            JmhTable.strip(out);   // the raw histograms are megabytes the table never reads
        } catch (IOException e) {
            throw new UncheckedIOException("cannot strip the histograms of " + out, e);
        }
        JmhTable.update(readme, out, JmhTable.preface(env));
        System.out.println("jmh: results in " + out + "; table regenerated in " + readme);
    }

    /**
     * Every fork's JVM flags, set in full: Netty's native access, and quiet about JMH's own use of
     * Unsafe (the property JDK 23+'s flag sets; older JDKs ignore it). Set, not appended: JMH would
     * otherwise pass on this JVM's own flags, which under exec:java are Maven's.
     */
    private static final String[] FORK_FLAGS = Stream.concat(ChildJvm.COMMON_FLAGS.stream(),
            Stream.of("-Dsun.misc.unsafe.memory.access=allow")).toArray(String[]::new);

    private static void deleteIfNew(Path out, boolean existed) {
        if (existed) return;
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            System.err.println("jmh: could not delete the incomplete " + out + ": " + e.getMessage());
        }
    }

    private static String text(String property, String fallback) {
        String v = System.getProperty(property, "").trim();
        return v.isEmpty() ? fallback : v;
    }

    private static int count(String property, int fallback, int min) {
        String v = text(property, Integer.toString(fallback));
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= 1000) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OptionException(property + " '" + v + "' is not a whole number from " + min + " to 1000");
    }

    private static TimeValue time(String property, String fallback) {
        String v = text(property, fallback);
        Duration d;
        try {
            d = Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new OptionException(property + ": " + e.getMessage());
        }
        if (d.toMillis() < 1) throw new OptionException(property + " " + v + " is too short (at least 1ms)");
        return TimeValue.milliseconds(d.toMillis());
    }
}
