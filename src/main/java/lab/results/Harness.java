package lab.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.config.EnvironmentException;
import lab.config.OptionException;

/**
 * What every results harness ({@code -Pcompare}, {@code -Pload}) shares: how it ends (a user's
 * mistake is one line and exit status 2, a machine that refuses 3, any other failure one line and
 * status 1, never a stack trace; a stop leaves no child process and no unfinished directory), how it
 * prints a duration, and how it clears the folder a run is about to refill.
 */
public final class Harness {

    /** A harness's whole run. */
    public interface Run {
        void run() throws IOException, InterruptedException;
    }

    private Harness() {}

    /** Directories a run fills before it is done ({@link #unfinishedBeside}): what a stop must not leave behind. */
    private static final Set<Path> UNFINISHED = ConcurrentHashMap.newKeySet();

    /**
     * Runs {@code run} and exits: 0 when done, 2 for a user's mistake, 3 for the environment's, 1 otherwise; {@code what} names it in the error.
     * Ctrl-C or SIGTERM (a script's Ctrl-C) and every failure leave nothing behind: this JVM's children
     * (servers, ab, Gatling) are ended, then the run's unfinished directories removed.
     */
    public static void main(String what, Run run) {
        Runtime.getRuntime().addShutdownHook(new Thread(Harness::cleanUp, "lab-harness-stop"));
        step(what, run);
        System.exit(0);
    }

    /**
     * The empty directory a run fills beside {@code committed} ({@code PRESET.running}, which git
     * ignores), a previous stop's leftovers cleared: removed if the JVM ends before {@link #putInPlace}
     * moves it, so the committed run and its README's links stay intact until the new one is done.
     */
    public static Path unfinishedBeside(Path committed) throws IOException {
        Path next = committed.resolveSibling(committed.getFileName() + ".running");
        deleteRecursively(next);
        UNFINISHED.add(next);
        return Files.createDirectories(next);
    }

    /**
     * A finished run takes the committed one's place: {@code next} (filled, and unfinished until now,
     * {@link #unfinishedBeside}) becomes {@code committed}, with the committed README carried over so its findings stay
     * ({@link PresetReadme#carryOver}); the caller redraws the README's block.
     */
    public static void putInPlace(Path next, Path committed) throws IOException {
        PresetReadme.carryOver(committed, next);
        deleteRecursively(committed);
        Files.move(next, committed);
        UNFINISHED.remove(next);
    }

    /** The stop: the children first (a server's flight recording is written into the run's directory as it exits), then the directories. */
    static void cleanUp() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : children) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (Path dir : List.copyOf(UNFINISHED)) {
            try {
                deleteRecursively(dir);
            } catch (IOException e) {
                System.err.println("left behind: " + dir + " (" + e.getMessage() + ")");
            }
        }
    }

    /**
     * {@link #main} for one step of a longer build (the renderers of {@code -Prender}, one exec:java
     * after the other in Maven's JVM): returns when done, so the next step runs; a failure ends the JVM as main's does.
     */
    public static void step(String what, Run run) {
        try {
            run.run();
        } catch (OptionException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(OptionException.EXIT_STATUS);
        } catch (EnvironmentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EnvironmentException.EXIT_STATUS);
        } catch (IOException e) {
            System.err.println("error: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("error: interrupted");
            System.exit(1);
        } catch (RuntimeException e) {   // e.g. a server that survived SIGKILL: one line, not a stack trace
            System.err.println("error: " + what + " stopped: " + e.getMessage());
            System.exit(1);
        }
    }

    /** {@code 7:05 min}. */
    public static String minutes(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d min", s / 60, s % 60);
    }

    /** Deletes {@code dir} and everything below it; nothing if it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
