package lab.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a pod's cgroup counted: CPU used, CFS periods and how many of them throttled the pod and for
 * how long ({@code cpu.stat}), the peak memory, and the kernel's OOM kills in it. Counters are
 * cumulative since the pod was made; {@link #since} gives one cell's or one step's share.
 * {@code peakMemory} is -1 where the kernel does not keep it (cgroup v2 before Linux 5.19).
 */
public record PodReadings(Duration cpuUsed, long periods, long throttledPeriods, Duration throttledTime,
                          long peakMemory, long oomKills) {

    public static final PodReadings NONE = new PodReadings(Duration.ZERO, 0, 0, Duration.ZERO, -1, 0);

    /** The counters' growth since {@code before}; the peak is the pod's own (it can only grow). */
    public PodReadings since(PodReadings before) {
        return new PodReadings(cpuUsed.minus(before.cpuUsed), periods - before.periods,
                throttledPeriods - before.throttledPeriods, throttledTime.minus(before.throttledTime),
                peakMemory, oomKills - before.oomKills);
    }

    /** Share of the CFS periods in which the quota ran out (0 when none passed). */
    public double throttledShare() {
        return periods == 0 ? 0 : (double) throttledPeriods / periods;
    }

    /** cgroup v1: {@code cpuacct.usage}, the cpu controller's {@code cpu.stat}, the memory controller's peak and {@code oom_kill}. */
    static PodReadings v1(Path cpu, Path cpuacct, Path memory) {
        Map<String, Long> stat = keyed(cpu.resolve("cpu.stat"));
        Map<String, Long> oom = keyed(memory.resolve("memory.oom_control"));
        return new PodReadings(Duration.ofNanos(number(cpuacct.resolve("cpuacct.usage"), 0)),
                stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
                Duration.ofNanos(stat.getOrDefault("throttled_time", 0L)),
                number(memory.resolve("memory.max_usage_in_bytes"), -1), oom.getOrDefault("oom_kill", 0L));
    }

    /** cgroup v2: {@code cpu.stat} (µs), {@code memory.peak}, {@code memory.events}' {@code oom_kill}. */
    static PodReadings v2(Path dir) {
        Map<String, Long> stat = keyed(dir.resolve("cpu.stat"));
        Map<String, Long> events = keyed(dir.resolve("memory.events"));
        return new PodReadings(Duration.ofNanos(stat.getOrDefault("usage_usec", 0L) * 1_000),
                stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
                Duration.ofNanos(stat.getOrDefault("throttled_usec", 0L) * 1_000),
                number(dir.resolve("memory.peak"), -1), events.getOrDefault("oom_kill", 0L));
    }

    /** A file of {@code key value} lines, as cpu.stat, memory.events and memory.oom_control are; empty if missing. */
    static Map<String, Long> keyed(Path file) {
        Map<String, Long> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[1].matches("\\d+")) values.put(kv[0], Long.parseLong(kv[1]));
            }
        } catch (IOException e) {
            // a controller the kernel lacks: its counters read as absent
        }
        return values;
    }

    private static long number(Path file, long absent) {
        try {
            String v = Files.readString(file).trim();
            return v.matches("\\d+") ? Long.parseLong(v) : absent;
        } catch (IOException e) {
            return absent;
        }
    }
}
