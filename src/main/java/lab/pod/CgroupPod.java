package lab.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import lab.config.EnvironmentException;

/**
 * A pod made of cgroup directories the lab writes itself (as root): one per controller on cgroup v1
 * (cpu, cpuacct, memory), one on cgroup v2. The command joins them through a shell that writes its
 * own PID into each {@code cgroup.procs} and then execs the command, so the JVM starts inside.
 */
final class CgroupPod implements Pod {

    /** How long the started process gets to stop on SIGTERM before everything in the pod is killed. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** How long a killed pod may take to empty (the kernel frees the tasks) before it is given up. */
    private static final Duration EMPTY_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final PodLimits limits;
    private final String where;
    private final List<Path> dirs;
    private final Supplier<PodReadings> reader;
    private final java.util.function.LongConsumer quota;   // writes a CPU quota in µs per period (-1: none)
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Process process;

    CgroupPod(String name, PodLimits limits, String where, List<Path> dirs, Supplier<PodReadings> reader,
              java.util.function.LongConsumer quota) {
        this.name = name;
        this.limits = limits;
        this.where = where;
        this.dirs = List.copyOf(dirs);
        this.reader = reader;
        this.quota = quota;
    }

    @Override
    public boolean setCpus(java.util.Optional<Double> cpus) {
        if (closed.get()) return false;
        quota.accept(cpus.map(c -> Math.round(c * limits.periodMicros())).orElse(limits.quotaMicros()));
        return true;
    }

    /** Makes {@code dirs} (all or none: a failure removes those already made). */
    static void makeAll(List<Path> dirs) {
        List<Path> made = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                Files.createDirectory(dir);
                made.add(dir);
            } catch (IOException e) {
                made.reversed().forEach(CgroupPod::removeQuietly);
                throw new EnvironmentException("cannot make the pod's cgroup " + dir + ": " + reason(e)
                        + " (cgroup files need root; without it, a user systemd's systemd-run; see docs/pods.md)");
            }
        }
    }

    /** Writes one cgroup file; a refusal removes the pod's directories and is an environment error. */
    static void write(Path file, String value, List<Path> dirs) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            dirs.reversed().forEach(CgroupPod::removeQuietly);
            throw new EnvironmentException("cannot write " + value + " to " + file + ": " + reason(e));
        }
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "it already exists";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase(java.util.Locale.ROOT);
        return String.valueOf(e.getMessage());
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
        return where;
    }

    @Override
    public List<String> wrap(List<String> command) {
        StringBuilder script = new StringBuilder();
        for (Path dir : dirs) script.append("echo $$ > ").append(quote(dir.resolve("cgroup.procs"))).append(" && ");
        script.append("exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), name));
        wrapped.addAll(command);
        return wrapped;
    }

    private static String quote(Path path) {
        String p = path.toString();
        if (p.contains("'")) throw new EnvironmentException("cgroup path " + p + " contains a quote");
        return "'" + p + "'";
    }

    @Override
    public void started(Process process) {
        this.process = process;
    }

    @Override
    public PodReadings read() {
        return reader.get();
    }

    /** The pod's directories, one per controller (cpu first, memory last on v1). */
    List<Path> dirs() {
        return dirs;
    }

    /** PIDs in the pod now (all controllers). */
    List<Long> members() {
        List<Long> pids = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) pids.add(Long.parseLong(line.trim()));
                }
            } catch (IOException | NumberFormatException e) {
                // gone already, or not a cgroup (a test's fake root): nothing to stop there
            }
        }
        return pids;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.destroy();   // SIGTERM: the server's shutdown hook closes it
                if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) p.destroyForcibly();
            }
            long deadline = System.nanoTime() + EMPTY_TIMEOUT.toNanos();
            for (List<Long> left = members(); !left.isEmpty(); left = members()) {
                left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                if (System.nanoTime() > deadline) break;
                Thread.sleep(20);
            }
            if (p != null) p.waitFor(EMPTY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);   // reaped, not a zombie
            for (Path dir : dirs.reversed()) remove(dir, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dirs.reversed().forEach(CgroupPod::removeQuietly);
        } finally {
            Pods.closed(this);
        }
    }

    /** rmdir, retried while the kernel still counts a task that has just exited (EBUSY). */
    private static void remove(Path dir, long deadline) throws InterruptedException {
        while (true) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    System.err.println("warning: the pod's cgroup " + dir + " could not be removed: " + reason(e));
                    return;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void removeQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("warning: the pod's cgroup " + dir + " could not be removed: " + reason(e));
        }
    }
}
