package lab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
        for (Options.Key k : Options.KEYS) {
            // every message is a single line
            try {
                Options.of(Map.of(k.name(), "\u00bf")).validate();
            } catch (OptionException e) {
                assertTrue(!e.getMessage().contains("\n"), k.name());
            }
        }
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
