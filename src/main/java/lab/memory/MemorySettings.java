package lab.memory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import lab.config.Durations;
import lab.config.OptionException;
import lab.config.Sizes;
import lab.scenarios.Scenarios;

/**
 * The memory run's settings, from {@code -Dmemory.*} properties; a mistake is one line, exit 2.
 *
 * @param heaps  {@code default} (the JVM's own: 25 % of the pod) or a {@code MaxRAMPercentage}, e.g. {@code 75}
 * @param step   connections added per step (one step a second)
 * @param cap    most connections the harness opens: below its own open-file limit (20,000 here),
 *               above the server's default maxConnections, so that bound can be what gives
 * @param runTime longest ramp of one run; the requests cost more, so none is answered on time
 */
record MemorySettings(List<String> scenarios, List<Long> pods, List<String> heaps, int step, int cap,
                      Duration runTime, Duration cost, Path out) {

    /** The unbounded scenarios: the ones memory, not a pool, stops. */
    static final List<String> UNBOUNDED = List.of("reactive-delay", "virtual-threads", "virtual-threads-jetty",
            "virtual-threads-tomcat", "reactive-virtual");

    static MemorySettings from(Properties p) {
        List<String> scenarios = Scenarios.parseList(value(p, "memory.scenarios", String.join(",", UNBOUNDED)), "memory.scenarios")
                .stream().map(s -> s.name()).toList();
        List<Long> pods = list(p, "memory.pods", "256m,512m").stream().map(v -> {
            try {
                long bytes = Sizes.parse(v);
                if (bytes < (96L << 20)) throw new OptionException("memory.pods: " + v + " is below the lab's pod floor of 96m");
                return bytes;
            } catch (IllegalArgumentException e) {
                throw new OptionException("memory.pods: " + e.getMessage());
            }
        }).toList();
        List<String> heaps = list(p, "memory.heaps", "default,75");
        for (String h : heaps) {
            if (!h.equals("default") && !(h.matches("\\d{1,2}") && Integer.parseInt(h) >= 10)) {
                throw new OptionException("memory.heaps: '" + h + "' is neither default nor a MaxRAMPercentage from 10 to 99");
            }
        }
        int step = number(p, "memory.step", 1000, 1, 10_000);
        int cap = number(p, "memory.cap", 19_000, 1, 19_500);
        Duration runTime = duration(p, "memory.runTime", "30s");
        Duration cost = duration(p, "memory.cost", "60s");
        if (cost.compareTo(runTime) <= 0) {
            throw new OptionException("memory.cost " + Durations.format(cost) + " must exceed memory.runTime "
                    + Durations.format(runTime) + ", or requests would be answered before the run ends");
        }
        if (cost.compareTo(Duration.ofSeconds(60)) > 0) throw new OptionException("memory.cost: at most 60s (the servers' maxCost cap)");
        return new MemorySettings(scenarios, pods, heaps, step, cap, runTime, cost, Path.of(value(p, "memory.out", "results")));
    }

    /** The JVM flags of one heap setting. */
    static List<String> jvmFlags(String heap) {
        return heap.equals("default") ? List.of() : List.of("-XX:MaxRAMPercentage=" + heap);
    }

    /** {@code default} or {@code 75%}, as the table shows it. */
    static String heapName(String heap) {
        return heap.equals("default") ? "default" : heap + "%";
    }

    private static List<String> list(Properties p, String key, String fallback) {
        List<String> values = Arrays.stream(value(p, key, fallback).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        if (values.isEmpty()) throw new OptionException(key + ": empty");
        return values;
    }

    private static int number(Properties p, String key, int fallback, int min, int max) {
        String v = value(p, key, Integer.toString(fallback));
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new OptionException(key + ": " + n + " is out of range (" + min + " to " + max + ")");
            return n;
        } catch (NumberFormatException e) {
            throw new OptionException(key + ": '" + v + "' is not a whole number");
        }
    }

    private static Duration duration(Properties p, String key, String fallback) {
        try {
            Duration d = Durations.parse(value(p, key, fallback));
            if (d.isZero() || d.isNegative()) throw new OptionException(key + ": must be over 0");
            return d;
        } catch (IllegalArgumentException e) {
            throw new OptionException(key + ": " + e.getMessage());
        }
    }

    private static String value(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
