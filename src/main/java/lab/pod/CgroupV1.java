package lab.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A pod on cgroup v1: a directory in each of the cpu, cpuacct (if mounted apart) and memory controllers. */
final class CgroupV1 {

    private CgroupV1() {}

    static CgroupPod create(String name, PodLimits limits, Path root) {
        Path cpu = Pods.ownCgroup(root, "cpu").resolve(name);
        Path cpuacct = sameHierarchy(root.resolve("cpu"), root.resolve("cpuacct")) ? cpu : Pods.ownCgroup(root, "cpuacct").resolve(name);
        Path memory = Pods.ownCgroup(root, "memory").resolve(name);
        List<Path> dirs = new ArrayList<>(List.of(cpu, memory));
        if (!cpuacct.equals(cpu)) dirs.add(1, cpuacct);
        CgroupPod.makeAll(dirs);
        CgroupPod.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(limits.periodMicros()), dirs);
        CgroupPod.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.quotaMicros()), dirs);
        limits.memory().ifPresent(bytes -> {
            CgroupPod.write(memory.resolve("memory.limit_in_bytes"), Long.toString(bytes), dirs);
            // No swap, as Kubernetes runs: memory+swap gets the same limit (where swap accounting exists).
            Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) CgroupPod.write(memsw, Long.toString(bytes), dirs);
        });
        String where = "cgroup v1 " + cpu + (dirs.size() == 3 ? " (+ cpuacct, memory)" : " (+ memory)");
        return new CgroupPod(name, limits, where, dirs, () -> PodReadings.v1(cpu, cpuacct, memory),
                micros -> CgroupPod.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(micros), dirs));
    }

    /** cpu and cpuacct mounted together ({@code cpu,cpuacct}, reached through symlinks), or apart. */
    private static boolean sameHierarchy(Path a, Path b) {
        try {
            return !Files.exists(b) || Files.isSameFile(a, b);
        } catch (IOException e) {
            return true;
        }
    }
}
