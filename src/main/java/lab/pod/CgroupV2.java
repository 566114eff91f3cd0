package lab.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A pod on cgroup v2: one directory under the hierarchy's root, whose {@code cgroup.subtree_control}
 * must (and as root can) hand it the cpu and memory controllers.
 */
final class CgroupV2 {

    private CgroupV2() {}

    static CgroupPod create(String name, PodLimits limits, Path hierarchy) {
        enableControllers(hierarchy);
        Path dir = hierarchy.resolve(name);
        List<Path> dirs = List.of(dir);
        CgroupPod.makeAll(dirs);
        CgroupPod.write(dir.resolve("cpu.max"), cpuMax(limits), dirs);
        limits.memory().ifPresent(bytes -> {
            CgroupPod.write(dir.resolve("memory.max"), Long.toString(bytes), dirs);
            if (Files.exists(dir.resolve("memory.swap.max"))) CgroupPod.write(dir.resolve("memory.swap.max"), "0", dirs);
        });
        return new CgroupPod(name, limits, "cgroup v2 " + dir, dirs, () -> PodReadings.v2(dir),
                micros -> CgroupPod.write(dir.resolve("cpu.max"), (micros < 0 ? "max" : Long.toString(micros)) + " " + limits.periodMicros(), dirs));
    }

    /** {@code cpu.max}: "quota period" in µs, or "max period" without a CPU limit. */
    static String cpuMax(PodLimits limits) {
        return (limits.quotaMicros() < 0 ? "max" : Long.toString(limits.quotaMicros())) + " " + limits.periodMicros();
    }

    private static void enableControllers(Path hierarchy) {
        Path control = hierarchy.resolve("cgroup.subtree_control");
        try {
            List<String> enabled = List.of(Files.readString(control).trim().split("\\s+"));
            if (enabled.contains("cpu") && enabled.contains("memory")) return;
        } catch (IOException e) {
            // written below; its refusal says why
        }
        CgroupPod.write(control, "+cpu +memory", List.of());
    }
}
