package lab.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static Options parse(Properties system, String... args) {
        return Options.fromSystemAndArgs(system, args);
    }

    private static String error(Runnable r) {
        return assertThrows(OptionException.class, r::run).getMessage();
    }

    @Test
    void defaultsAreTheSeedsServer() {
        Options o = parse(new Properties()).validate();
        assertEquals("127.0.0.1", o.host());
        assertEquals(8000, o.port());
        assertEquals(WorkKind.SLEEP, o.work());
        assertEquals(Duration.ofSeconds(1), o.cost());
        assertEquals(Optional.empty(), o.eventLoops());
        assertEquals(Optional.empty(), o.scenario());
        assertEquals(false, o.log());
    }

    @Test
    void systemPropertiesAndArgumentsBothWorkAndArgumentsWin() {
        Properties system = new Properties();
        system.setProperty("cost", "250ms");
        system.setProperty("scenario", "sync");
        Options o = parse(system, "--cost=50ms", "work=cpu", "-DeventLoops=2").validate();
        assertEquals(Duration.ofMillis(50), o.cost());
        assertEquals(WorkKind.CPU, o.work());
        assertEquals(Optional.of(2), o.eventLoops());
        assertEquals(Optional.of("sync"), o.scenario());
    }

    @Test
    void unrelatedSystemPropertiesAreIgnoredButUnknownArgumentsAreNot() {
        Properties system = new Properties();
        system.setProperty("maven.home", "/usr/share/maven");
        parse(system).validate();
        assertTrue(error(() -> parse(system, "prot=8000")).contains("unknown option 'prot'"));
        assertTrue(error(() -> parse(system, "8000")).contains("name=value"));
    }

    @Test
    void badValuesGiveOneLineReasons() {
        assertEquals("cost: 'soon' is not a duration (use e.g. 250ms, 1s, 1.5s)",
                error(() -> Options.of(Map.of("cost", "soon")).validate()));
        assertEquals("port 70000 is out of range (0 to 65535)", error(() -> Options.of(Map.of("port", "70000")).validate()));
        assertEquals("port 'http' is not a whole number", error(() -> Options.of(Map.of("port", "http")).validate()));
        assertEquals("work 'gpu' is not one of: sleep, cpu, http, db", error(() -> Options.of(Map.of("work", "gpu")).validate()));
        assertTrue(error(() -> Options.of(Map.of("eventLoops", "0")).validate()).contains("out of range (1 to 256)"));
        assertTrue(error(() -> Options.of(Map.of("queueLimit", "-1")).validate()).contains("out of range"));
        assertTrue(error(() -> Options.of(Map.of("log", "maybe")).validate()).contains("not true or false"));
    }

    /** {@code validate()}'s one-line reason for {@code value} of {@code key}, which must name the key. */
    private static String rejected(Options.Key<?> key, String value) {
        OptionException e = assertThrows(OptionException.class, () -> Options.of(Map.of(key.name(), value)).validate(),
                key.name() + "=" + value + " was accepted");
        String m = e.getMessage();
        assertTrue(m.startsWith(key.name() + " ") || m.startsWith(key.name() + ":"), key.name() + "=" + value + ": " + m);
        assertFalse(m.contains("\n") || m.contains("\r"), m);
        return m;
    }

    /** {@code value} of {@code key} passes {@code validate()} and reads back as {@code expected}. */
    private static void accepted(Options.Key<?> key, String value, Object expected) {
        Options o = assertDoesNotThrow(() -> Options.of(Map.of(key.name(), value)).validate(), key.name() + "=" + value);
        assertEquals(expected, o.get(key), key.name() + "=" + value);
    }

    /** A duration as the lab parses it, to the nanosecond: 99999999 ns is {@code 99.999999ms}. */
    private static String exactly(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 6).toPlainString() + "ms";
    }

    private static final Duration NANO = Duration.ofNanos(1);

    @Test
    void everyRangeRejectsJustOutsideItAndAcceptsItsBounds() {
        int ranges = 0;
        for (Options.Key<?> k : Options.KEYS) {
            switch (k.parser()) {
                case Parser.Ints r -> {
                    rejected(k, Integer.toString(r.min() - 1));
                    rejected(k, Integer.toString(r.max() + 1));
                    accepted(k, Integer.toString(r.min()), r.min());
                    accepted(k, Integer.toString(r.max()), r.max());
                    assertFalse(k.help().contains(r.allowed()), k.name() + ": the help prints the range from the parser");
                    ranges++;
                }
                case Parser.DurationRange r -> {
                    Duration lowest = r.overMin() ? r.min().plus(NANO) : r.min();
                    rejected(k, exactly(lowest.minus(NANO)));
                    rejected(k, exactly(r.max().plus(NANO)));
                    accepted(k, exactly(lowest), lowest);
                    accepted(k, exactly(r.max()), r.max());
                    assertFalse(k.help().contains(r.allowed()), k.name() + ": the help prints the range from the parser");
                    ranges++;
                }
                case Parser.Choice<?> c -> {
                    for (var w : c.words()) accepted(k, w.text().toUpperCase(java.util.Locale.ROOT), w.value());
                    rejected(k, "\u00bf");
                }
                case Parser.Flag f -> {
                    for (String t : List.of("true", "yes", "on", "1")) accepted(k, t, true);
                    for (String t : List.of("false", "no", "off", "0")) accepted(k, t, false);
                    rejected(k, "maybe");
                }
                case Parser.AnyDuration d -> {} // the rules between costs: theRulesBetweenCostsHoldAtTheirEdges
                case Parser.Text<?> t -> {}
            }
        }
        assertTrue(ranges >= 10, "ranges checked: " + ranges);
    }

    @Test
    void validateChecksEveryKeyOfTheTable() {
        for (Options.Key<?> k : Options.KEYS) {
            String bad = switch (k.parser()) {
                case Parser.Ints r -> Integer.toString(r.max() + 1);
                case Parser.DurationRange r -> exactly(r.max().plus(NANO));
                case Parser.AnyDuration d -> "soon";
                case Parser.Choice<?> c -> "\u00bf";
                case Parser.Flag f -> "maybe";
                case Parser.Text<?> t -> "not a url";
            };
            if (k == Options.SCENARIO) {
                // any name: Main checks it against the scenarios, which this package does not know
                accepted(k, bad, bad);
                continue;
            }
            rejected(k, bad);
        }
    }

    @Test
    void workOffersEveryWorkKind() {
        Parser.Choice<WorkKind> work = (Parser.Choice<WorkKind>) Options.WORK.parser();
        assertEquals(List.of(WorkKind.values()), work.words().stream().map(Parser.Choice.Word::value).toList());
        for (WorkKind w : WorkKind.values()) accepted(Options.WORK, w.label(), w);
    }

    @Test
    void theHelpPrintsTheRangeAndTheMachineDefaults() {
        assertEquals("`platform-threads`: size of the fixed pool (1 to 10000). The default is Tomcat's own `maxThreads`",
                OptionsHelp.meaning(Options.THREADS));
        assertTrue(OptionsHelp.line(Options.WORKERS).endsWith("(1 to 64); default: available processors"),
                OptionsHelp.line(Options.WORKERS));
        assertEquals("Reactor Netty's: max(cores, 4)", OptionsHelp.defaultText(Options.EVENT_LOOPS));
        assertTrue(OptionsHelp.markdownTable().contains("| `poolSize` | each library's own | `work=http\\|db`:"),
                OptionsHelp.markdownTable());
    }

    @Test
    void realWorkOptionsAreChecked() {
        assertEquals(WorkKind.DB, Options.of(Map.of("work", "db")).validate().work());
        assertEquals("poolSize 0 is out of range (1 to 1000)", error(() -> Options.of(Map.of("poolSize", "0")).validate()));
        assertEquals("poolWait 0 is out of range (over 0, at most 1m)".replace("1m", lab.config.Durations.format(Options.COST_CEILING)),
                error(() -> Options.of(Map.of("poolWait", "0")).validate()));
        assertEquals("downstream 'ftp://x/' is not an http://host:port/ URL",
                error(() -> Options.of(Map.of("downstream", "ftp://x/")).validate()));
        assertEquals("db.url 'postgres://x/db' is not a jdbc:postgresql://host:port/database URL",
                error(() -> Options.of(Map.of("db.url", "postgres://x/db")).validate()));
        assertTrue(Options.of(Map.of()).validate().poolSize().isEmpty(), "no poolSize: each library's own default");
    }

    @Test
    void workersDefaultToTheProcessorsAndAreBounded() {
        assertEquals(Math.min(Runtime.getRuntime().availableProcessors(), Options.MAX_WORKERS), Options.of(Map.of()).workers());
        assertEquals(3, Options.of(Map.of("workers", "3")).validate().workers());
        assertEquals("workers 0 is out of range (1 to 64)", error(() -> Options.of(Map.of("workers", "0")).validate()));
        assertEquals("workers 65 is out of range (1 to 64)", error(() -> Options.of(Map.of("workers", "65")).validate()));
        assertEquals("workers 'many' is not a whole number", error(() -> Options.of(Map.of("workers", "many")).validate()));
    }

    @Test
    void costsAreBounded() {
        assertTrue(error(() -> Options.of(Map.of("cost", "20s")).validate()).startsWith("cost 20s is over maxCost 10s"));
        assertEquals(Duration.ofSeconds(20), Options.of(Map.of("cost", "20s", "maxCost", "30s")).validate().cost());
        assertTrue(error(() -> Options.of(Map.of("maxCost", "2m")).validate()).contains("not a duration"));
        assertTrue(error(() -> Options.of(Map.of("maxCost", "61s")).validate()).contains("ceiling of 60s"));
    }

    @Test
    void theRulesBetweenCostsHoldAtTheirEdges() {
        Duration ceiling = Options.COST_CEILING;
        assertEquals(ceiling, Options.of(Map.of("maxCost", exactly(ceiling))).validate().maxCost());
        assertTrue(rejected(Options.MAX_COST, exactly(ceiling.plus(NANO))).contains("ceiling of " + Durations.format(ceiling)));
        Options atMax = Options.of(Map.of("cost", "10s", "maxCost", "10s")).validate();
        assertEquals(atMax.maxCost(), atMax.cost());
        assertTrue(error(() -> Options.of(Map.of("cost", exactly(Duration.ofSeconds(10).plus(NANO)), "maxCost", "10s")).validate())
                .startsWith("cost 10s is over maxCost 10s"));
        assertEquals(Duration.ZERO, Options.of(Map.of("cost", "0")).validate().cost());
    }

    @Test
    void podLimitsParseAsDockerWritesThem() {
        Options o = Options.of(Map.of("cpus", "0.5", "memory", "512m")).validate();
        assertEquals(Optional.of(0.5), o.cpus());
        assertEquals(Optional.of(512L << 20), o.memory());
        assertEquals(Duration.ofMillis(100), o.cpuPeriod());
        assertTrue(o.inPod());
        assertEquals(false, Options.of(Map.of()).inPod());
        assertEquals(Optional.of(1L << 30), Options.of(Map.of("memory", "1g")).memory());
        assertEquals(Optional.of(3L << 29), Options.of(Map.of("memory", "1.5Gi")).memory());
        assertEquals(Optional.of(0.25), Options.of(Map.of("cpus", ".25")).cpus());
        assertEquals(Duration.ofMillis(20), Options.of(Map.of("cpuPeriod", "20ms")).cpuPeriod());
    }

    @Test
    void badPodLimitsGiveOneLineReasons() {
        int machine = Runtime.getRuntime().availableProcessors();
        assertEquals("cpus 0 is too small (at least 0.01 of a CPU)", error(() -> Options.of(Map.of("cpus", "0")).validate()));
        assertEquals("cpus " + (machine + 0.5) + " is more than this machine's " + machine + " CPUs",
                error(() -> Options.of(Map.of("cpus", Double.toString(machine + 0.5))).validate()));
        assertEquals("cpus '500m' is not a number of CPUs (use e.g. 0.25, 0.5, 1, 1.5)", error(() -> Options.of(Map.of("cpus", "500m")).validate()));
        assertEquals("memory 95m is below the 96m a server JVM needs to start", error(() -> Options.of(Map.of("memory", "95m")).validate()));
        assertEquals("memory: 'lots' is not a size (use e.g. 256m, 512m, 1g)", error(() -> Options.of(Map.of("memory", "lots")).validate()));
        assertTrue(error(() -> Options.of(Map.of("memory", "100000g")).validate()).startsWith("memory 100000g is more than this machine's "));
        assertEquals("cpuPeriod 0.5ms is out of range (1ms to 1s)", error(() -> Options.of(Map.of("cpuPeriod", "0.5ms")).validate()));
    }
}
