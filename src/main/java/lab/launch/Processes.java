package lab.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs, as the lab's stop checks need to know it. */
public final class Processes {

    private Processes() {}

    /**
     * True while the process runs. A zombie (exited, not yet reaped: an orphan waits a moment, or in
     * a container for good, for PID 1 to reap it) counts as ended, though {@code ProcessHandle.isAlive}
     * says true.
     */
    public static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException e) {
                return !Files.isDirectory(Path.of("/proc"));   // gone meanwhile; or no /proc: trust isAlive
            }
        }
        return false;
    }

    /** Waits until the process no longer {@link #running runs} (a zombie counts as ended); false if it still runs after {@code within}. */
    public static boolean awaitEnd(long pid, java.time.Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }
}
