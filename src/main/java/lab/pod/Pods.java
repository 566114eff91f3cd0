package lab.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import lab.config.EnvironmentException;

/**
 * Makes pods, the way this machine allows, and removes any still open when this JVM exits
 * (normally, on Ctrl-C or SIGTERM; only SIGKILL leaves one behind, as it leaves every resource).
 * <ol>
 *   <li>cgroup v2 with the cpu and memory controllers (at the root, or at {@code unified/} on a hybrid
 *       machine): {@code cpu.max}, {@code memory.max};</li>
 *   <li>cgroup v1 cpu and memory controllers: {@code cpu.cfs_quota_us} / {@code cpu.cfs_period_us},
 *       {@code memory.limit_in_bytes}. On a hybrid machine whose v2 hierarchy holds no cpu or memory
 *       controller (this lab's machines: v2 has only hugetlb) it is v1 that enforces;</li>
 *   <li>where the cgroup files cannot be written (no root) but a user systemd runs:
 *       {@code systemd-run --user --scope -p CPUQuota=… -p MemoryMax=…}.</li>
 * </ol>
 * Anything else is an {@link EnvironmentException} saying what is missing. The test-only property
 * {@value #ROOT_PROPERTY} points the lab at another cgroup root (and then tries nothing else).
 */
public final class Pods {

    public static final String ROOT_PROPERTY = "lab.pod.cgroupRoot";
    private static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<Pod> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).parallelStream().forEach(Pod::close), "lab-pods-cleanup"));
    }

    private Pods() {}

    /** A new, empty pod with these limits; its process is started from {@link Pod#wrap}. */
    public static Pod create(PodLimits limits) {
        String name = "lab-pod-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        String override = System.getProperty(ROOT_PROPERTY);
        Path root = override == null || override.isBlank() ? DEFAULT_ROOT : Path.of(override);
        Pod pod;
        Optional<Path> v2 = v2Hierarchy(root);
        if (v2.isPresent()) {
            pod = filesOrSystemd(() -> CgroupV2.create(name, limits, v2.get()), name, limits, override != null);
        } else if (Files.isDirectory(root.resolve("cpu")) && Files.isDirectory(root.resolve("memory"))) {
            pod = filesOrSystemd(() -> CgroupV1.create(name, limits, root), name, limits, override != null);
        } else if (override == null && SystemdScope.available()) {
            pod = new SystemdScope(name, limits);
        } else {
            throw new EnvironmentException("cannot make a pod here: " + root + " has neither cgroup v1 cpu and memory controllers"
                    + " nor a cgroup v2 hierarchy with cpu and memory" + (override == null ? ", and no user systemd runs for systemd-run" : "")
                    + " (see docs/pods.md)");
        }
        OPEN.add(pod);
        return pod;
    }

    private interface Maker {
        Pod make();
    }

    private static Pod filesOrSystemd(Maker files, String name, PodLimits limits, boolean rootOverridden) {
        try {
            return files.make();
        } catch (EnvironmentException e) {
            if (rootOverridden || !SystemdScope.available()) throw e;
            return new SystemdScope(name, limits);   // not root, as on a laptop: systemd makes the cgroup
        }
    }

    /** The cgroup v2 hierarchy with both cpu and memory controllers: the root itself, or {@code unified/} on a hybrid. */
    static Optional<Path> v2Hierarchy(Path root) {
        for (Path dir : List.of(root, root.resolve("unified"))) {
            try {
                List<String> controllers = List.of(Files.readString(dir.resolve("cgroup.controllers")).trim().split("\\s+"));
                if (controllers.contains("cpu") && controllers.contains("memory")) return Optional.of(dir);
            } catch (IOException e) {
                // not a v2 hierarchy
            }
        }
        return Optional.empty();
    }

    /**
     * This process's own cgroup in a v1 controller ({@code /proc/self/cgroup}), under {@code root/controller}
     * if it exists there: the pod nests under it, so whatever accounts for this process also accounts for the pod.
     */
    static Path ownCgroup(Path root, String controller) {
        Path hierarchy = root.resolve(controller);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && List.of(f[1].split(",")).contains(controller)) {
                    Path own = hierarchy.resolve(f[2].replaceFirst("^/", ""));
                    return Files.isDirectory(own) ? own : hierarchy;
                }
            }
        } catch (IOException e) {
            // no /proc: the hierarchy's root
        }
        return hierarchy;
    }

    static void closed(Pod pod) {
        OPEN.remove(pod);
    }

    /** For tests: the pods this JVM has open. */
    static List<Pod> open() {
        return new ArrayList<>(OPEN);
    }
}
