package lab.measure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Each server JVM of the comparison runs with a flight recording ({@link #flag}), written when the
 * JVM exits; once the server is stopped, this reads it with the JDK's {@code jdk.jfr.consumer} API
 * and sums, per cell, the events that began in the cell's wall-clock window. Read after the exit,
 * not by {@code jcmd JFR.dump} during the run: one file, no second process, nothing timing-sensitive.
 */
public final class JfrReader {

    static final String GC = "jdk.GarbageCollection";
    static final String NEW_TLAB = "jdk.ObjectAllocationInNewTLAB";
    static final String OUTSIDE_TLAB = "jdk.ObjectAllocationOutsideTLAB";
    static final String PINNED = "jdk.VirtualThreadPinned";

    /** When a cell ran (ab's run, by the harness's clock). */
    public record Window(Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }

        double seconds() {
            return Duration.between(start, end).toNanos() / 1e9;
        }
    }

    private JfrReader() {}

    /**
     * Added to the JDK's {@code default} settings: one event per new TLAB (a thread's private
     * allocation buffer, typically hundreds of KB) or allocation outside one, without stack traces, so
     * the bytes add up to the heap allocation almost exactly. The default's own allocation samples
     * (150/s, weighted) carry a thread's bytes to its next sample, which can fall in a later cell.
     */
    public static final Map<String, String> EXTRA_SETTINGS = Map.of(
            NEW_TLAB + "#enabled", "true", NEW_TLAB + "#stackTrace", "false",
            OUTSIDE_TLAB + "#enabled", "true", OUTSIDE_TLAB + "#stackTrace", "false");

    /**
     * The JVM flag that records to {@code file} with the JDK's {@code default} settings (GC events,
     * pins of 20 ms or more, low overhead) plus {@link #EXTRA_SETTINGS}, and writes it at exit,
     * SIGTERM included.
     */
    public static String flag(Path file) {
        StringBuilder flag = new StringBuilder("-XX:StartFlightRecording=settings=default,dumponexit=true,filename=")
                .append(file.toAbsolutePath());
        new TreeMap<>(EXTRA_SETTINGS).forEach((k, v) -> flag.append(',').append(k).append('=').append(v));
        return flag.toString();
    }

    /**
     * One {@link JfrStats} per window, read from a server that has exited; empty, with one line on
     * {@code out} saying why, if there is no recording (a JVM killed with SIGKILL writes none) or it
     * cannot be read: the numbers are then blank, the run goes on.
     */
    public static java.util.Optional<List<JfrStats>> readAfterExit(Path file, List<Window> windows, java.io.PrintStream out) {
        if (windows.isEmpty()) return java.util.Optional.empty();
        if (!java.nio.file.Files.exists(file)) {
            out.println("   jfr: no recording (" + file.getFileName() + "): the server did not exit normally");
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(read(file, windows));
        } catch (IOException | RuntimeException e) {
            out.println("   jfr: cannot read " + file.getFileName() + ": " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** One {@link JfrStats} per window, in order. */
    public static List<JfrStats> read(Path file, List<Window> windows) throws IOException {
        int n = windows.size();
        double[] pauseTotal = new double[n];
        double[] pauseMax = new double[n];
        double[] allocated = new double[n];
        long[] pinned = new long[n];
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                String type = e.getEventType().getName();
                if (!type.equals(GC) && !type.equals(NEW_TLAB) && !type.equals(OUTSIDE_TLAB) && !type.equals(PINNED)) continue;
                for (int i = 0; i < n; i++) {
                    if (!windows.get(i).contains(e.getStartTime())) continue;
                    switch (type) {
                        case GC -> {
                            pauseTotal[i] += millis(e.getDuration("sumOfPauses"));
                            pauseMax[i] = Math.max(pauseMax[i], millis(e.getDuration("longestPause")));
                        }
                        case NEW_TLAB -> allocated[i] += e.getLong("tlabSize");
                        case OUTSIDE_TLAB -> allocated[i] += e.getLong("allocationSize");
                        default -> pinned[i]++;
                    }
                }
            }
        }
        List<JfrStats> stats = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double seconds = windows.get(i).seconds();
            stats.add(new JfrStats(pauseTotal[i], pauseMax[i],
                    seconds > 0 ? allocated[i] / (1024.0 * 1024.0) / seconds : Double.NaN, pinned[i]));
        }
        return stats;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
