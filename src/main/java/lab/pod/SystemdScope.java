package lab.pod;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.config.Durations;

/**
 * A pod as a transient systemd scope of the user's own systemd, for a laptop without root:
 * {@code systemd-run --user --scope} execs the command inside a new cgroup v2 with
 * {@code CPUQuota=} and {@code MemoryMax=}, keeping its PID; systemd removes the scope when its last
 * process ends ({@code --collect}: also when it failed). Needs a user systemd (systemd as PID 1,
 * {@code systemctl --user} working), so it cannot run on this lab's machines.
 */
final class SystemdScope implements Pod {

    private final String name;
    private final PodLimits limits;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Process process;
    private volatile Path cgroup;

    SystemdScope(String name, PodLimits limits) {
        this.name = name;
        this.limits = limits;
    }

    /** True where {@code systemd-run} is installed and the user's systemd listens on its private socket. */
    static boolean available() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return runtime != null && Files.exists(Path.of(runtime, "systemd", "private")) && onPath("systemd-run");
    }

    private static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) return true;
        }
        return false;
    }

    /** The systemd-run command line that starts {@code command} in a scope named {@code unit} with these limits. */
    static List<String> command(String unit, PodLimits limits, List<String> command) {
        List<String> c = new ArrayList<>(List.of("systemd-run", "--user", "--scope", "--quiet", "--collect", "--unit=" + unit));
        limits.cpus().ifPresent(cpus -> {
            c.add("-p");
            c.add("CPUQuota=" + percent(cpus));
            c.add("-p");
            c.add("CPUQuotaPeriodSec=" + Durations.format(limits.period()));
        });
        limits.memory().ifPresent(bytes -> {
            c.add("-p");
            c.add("MemoryMax=" + bytes);
            c.add("-p");
            c.add("MemorySwapMax=0");   // no swap, as Kubernetes runs
        });
        c.add("--");
        c.addAll(command);
        return c;
    }

    /** systemd's CPUQuota: percent of one CPU, e.g. 0.5 CPU = 50%, 1.5 = 150%, 0.125 = 12.5%. */
    static String percent(double cpus) {
        String s = String.format(Locale.ROOT, "%.1f", cpus * 100).replaceAll("\\.0$", "");
        return s + "%";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PodLimits limits() {
        return limits;
    }

    @Override
    public String where() {
        return "systemd scope " + name + ".scope (systemd-run --user)";
    }

    @Override
    public List<String> wrap(List<String> command) {
        return command(name, limits, command);
    }

    @Override
    public void started(Process process) {
        this.process = process;
    }

    /** Read from the scope's cgroup v2 directory, found through the process's own {@code /proc/PID/cgroup}. */
    @Override
    public PodReadings read() {
        Path dir = cgroup;
        Process p = process;
        if (dir == null && p != null) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "cgroup"))) {
                    if (line.startsWith("0::")) cgroup = dir = Path.of("/sys/fs/cgroup", line.substring(3).replaceFirst("^/", ""));
                }
            } catch (IOException e) {
                return PodReadings.NONE;   // ended before its scope was found
            }
        }
        return dir == null ? PodReadings.NONE : PodReadings.v2(dir);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(CgroupPod.GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Pods.closed(this);
        }
    }
}
