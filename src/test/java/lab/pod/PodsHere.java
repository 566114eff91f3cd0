package lab.pod;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import lab.config.EnvironmentException;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need real cgroups: where the lab cannot make a pod (not root, no user systemd),
 * they are skipped outside CI, with the reason, and fail in CI (CI=true), which must run them.
 */
public final class PodsHere {

    private PodsHere() {}

    public static void require() {
        try {
            Pods.create(new PodLimits(Optional.of(0.5), Optional.empty(), Duration.ofMillis(100))).close();
        } catch (EnvironmentException e) {
            String why = "no pod can be made here: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + " (CI must run these tests)");
            Assumptions.assumeTrue(false, why + "; skipped outside CI");
        }
    }

    /** Cgroup directories anywhere under /sys/fs/cgroup whose name starts with {@code prefix}. */
    public static List<Path> left(String prefix) {
        try (Stream<Path> all = Files.find(Path.of("/sys/fs/cgroup"), 8,
                (p, a) -> a.isDirectory() && p.getFileName() != null && p.getFileName().toString().startsWith(prefix))) {
            return all.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prefix of every pod this JVM makes. */
    public static String ownPrefix() {
        return "lab-pod-" + ProcessHandle.current().pid() + "-";
    }

    /** The prefix of every pod a JVM of this PID makes. */
    public static String prefixOf(long pid) {
        return "lab-pod-" + pid + "-";
    }
}
