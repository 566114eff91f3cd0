package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.launch.ChildJvm;

/**
 * A harness stopped by SIGTERM (a script's Ctrl-C) at its first measured step: the run must end, with
 * every process it started, and leave nothing in its output folder.
 */
public final class StoppedMidway {

    private StoppedMidway() {}

    /** Runs {@code main} with {@code properties}, stops it at its first "[1/" progress line, and checks {@code left} is empty or absent. */
    public static void check(Class<?> main, List<String> properties, Path left) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(main, properties, List.of())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = lines.readLine()) != null && !line.startsWith("[1/"); ) seen.append(line).append('\n');
            List<ProcessHandle> children = p.descendants().toList();
            assertTrue(p.isAlive(), "the run ended before its first step was stopped:\n" + seen);
            assertTrue(!children.isEmpty(), "no process started by the first step:\n" + seen);
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not end on SIGTERM");
            for (ProcessHandle h : children) assertTrue(h.onExit().get(30, TimeUnit.SECONDS) != null && !h.isAlive(), "left running: " + h);
        } finally {
            p.destroyForcibly();
        }
        try (var files = Files.list(left)) {
            assertEquals(List.of(), files.toList(), "a stopped run leaves nothing in " + left);
        } catch (NoSuchFileException e) {
            // nothing made at all: also nothing left
        }
    }
}
