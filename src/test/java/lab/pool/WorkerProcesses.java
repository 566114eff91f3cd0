package lab.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.Await;
import lab.launch.Processes;

/** What tests need to know about worker processes: their PIDs, and whether they still run. */
public final class WorkerProcesses {

    private static final Pattern PIDS = Pattern.compile("\\(pids ([0-9, ]+)\\)");

    private WorkerProcesses() {}

    /** The PIDs a banner (or {@code threading()}) line lists as {@code (pids 12, 34)}. */
    public static List<Long> pidsIn(String banner) {
        Matcher m = PIDS.matcher(banner);
        if (!m.find()) throw new AssertionError("no worker pids in: " + banner);
        List<Long> pids = new ArrayList<>();
        for (String p : m.group(1).split(", ")) pids.add(Long.parseLong(p.trim()));
        return pids;
    }

    /** True while the process runs; a zombie counts as ended (see {@link Processes#running}). */
    public static boolean running(long pid) {
        return Processes.running(pid);
    }

    /** Waits until none of {@code pids} runs; fails naming those still running after {@code within}. */
    public static void assertAllEnd(Collection<Long> pids, Duration within) throws Exception {
        Await.until("worker processes " + pids + " to end (those still running)", within,
                () -> pids.stream().filter(WorkerProcesses::running).toList(), List::isEmpty);
    }

    /**
     * Bytes the process has read so far ({@code rchar} in {@code /proc/PID/io}). An idle worker
     * reads nothing, so a rise means it read its next request from stdin.
     */
    public static long bytesRead(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
            if (line.startsWith("rchar:")) return Long.parseLong(line.substring("rchar:".length()).trim());
        }
        throw new IOException("no rchar in /proc/" + pid + "/io");
    }

    /** Worker processes (of any pool) that this JVM started and that still run. */
    public static List<Long> workersOfThisJvm() {
        return ProcessHandle.current().descendants()
                .map(ProcessHandle::pid)
                .filter(pid -> arguments(pid).stream().anyMatch(a -> a.startsWith("lab.pool.")))
                .filter(WorkerProcesses::running)
                .toList();
    }

    /**
     * A process's whole command line, from {@code /proc} ({@code ProcessHandle.Info} cuts a long one
     * short, before the main class), or {@code Info}'s where there is no {@code /proc}.
     */
    public static List<String> arguments(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (Files.isDirectory(Path.of("/proc"))) {
            try {
                return List.of(Files.readString(cmdline).split("\0"));
            } catch (IOException e) {
                return List.of();   // ended meanwhile
            }
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).map(c -> List.of(c.split(" "))).orElse(List.of());
    }
}
