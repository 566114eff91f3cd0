package lab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Samples a server process and its descendants (a process pool's workers) from {@code /proc}
 * every ~100 ms while a cell runs: peak resident memory and peak thread count (summed over the
 * family; shared pages count once per process, so a pool's RSS is an upper bound), and the CPU
 * time (utime + stime, via {@link ProcessHandle.Info#totalCpuDuration}, which reads
 * {@code /proc/PID/stat}) the family used during the cell.
 */
public final class ProcSampler {

    /** What the family used during the cell. */
    public record Usage(long peakRssKb, int peakThreads, Duration cpu, boolean withDescendants) {}

    private static final long PERIOD_MS = 100;

    private final long pid;
    private final Map<Long, Duration> firstCpu = new HashMap<>();   // a process born during the cell starts from zero
    private final Map<Long, Duration> lastCpu = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long peakRssKb;
    private int peakThreads;
    private boolean sawDescendants;
    private boolean baseline = true;

    private ProcSampler(long pid) {
        this.pid = pid;
        sample();   // the CPU baseline, before ab starts
        baseline = false;
        this.thread = Thread.ofPlatform().daemon().name("proc-sampler").start(this::loop);
    }

    public static ProcSampler start(long pid) {
        return new ProcSampler(pid);
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        List<ProcessHandle> family = ProcessHandle.of(pid)
                .map(h -> Stream.concat(Stream.of(h), h.descendants()).toList()).orElse(List.of());
        long rss = 0;
        int threads = 0;
        for (ProcessHandle h : family) {
            Map<String, String> status = status(h.pid());
            rss += kb(status.get("VmRSS"));
            threads += (int) kb(status.get("Threads"));
            h.info().totalCpuDuration().ifPresent(cpu -> {
                firstCpu.putIfAbsent(h.pid(), baseline ? cpu : Duration.ZERO);
                lastCpu.put(h.pid(), cpu);
            });
            if (h.pid() != pid) sawDescendants = true;
        }
        peakRssKb = Math.max(peakRssKb, rss);
        peakThreads = Math.max(peakThreads, threads);
    }

    /** Takes a last sample and stops. */
    public synchronized Usage finish() {
        running = false;
        thread.interrupt();
        sample();
        Duration cpu = Duration.ZERO;
        for (Map.Entry<Long, Duration> e : lastCpu.entrySet()) cpu = cpu.plus(e.getValue().minus(firstCpu.get(e.getKey())));
        return new Usage(peakRssKb, peakThreads, cpu, sawDescendants);
    }

    /** {@code /proc/PID/status} as name → value ("VmRSS" → "12345 kB"); empty if the process is gone. */
    private static Map<String, String> status(long pid) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        } catch (IOException e) {
            // gone between listing and reading: it adds nothing to this sample
        }
        return values;
    }

    private static long kb(String value) {
        if (value == null) return 0;
        String number = value.split("\\s+")[0];
        return number.isEmpty() ? 0 : Long.parseLong(number);
    }
}
