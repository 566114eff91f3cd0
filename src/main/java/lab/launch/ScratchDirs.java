package lab.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server JVM's scratch directories in {@code java.io.tmpdir} (Tomcat's work directory), named
 * {@code lab-WHAT-PID-RANDOM}: the server removes its own on close, and whoever outlives a server
 * killed outright (its {@link ServerProcess}, which SIGKILLs one that will not stop) removes what
 * that pid left, since a SIGKILLed JVM runs no shutdown hook.
 */
public final class ScratchDirs {

    private ScratchDirs() {}

    /** A new directory {@code lab-what-PID-…} for this JVM. */
    public static Path create(String what) {
        try {
            return Files.createTempDirectory("lab-" + what + "-" + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every scratch directory of the JVM {@code pid} (one that has ended); returns how many. */
    public static int removeOf(long pid) {
        Pattern mine = Pattern.compile("lab-[a-z]+-" + pid + "-\\d+");
        List<Path> dirs;
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            dirs = all.filter(d -> mine.matcher(d.getFileName().toString()).matches() && Files.isDirectory(d)).toList();
        } catch (IOException e) {
            return 0;   // no temp directory to read: nothing of ours there
        }
        for (Path d : dirs) delete(d);
        return dirs.size();
    }

    /** Deletes a directory and everything in it. */
    public static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}
