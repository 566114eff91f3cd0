package lab.pod;

import java.util.List;

/**
 * One pod: a real cgroup (or a systemd scope, which is one) with a CPU quota and a memory limit,
 * that one process is started in. The process must <em>start</em> inside, since a JVM reads its
 * limits once, at startup: {@link #wrap} turns a command line into one that joins the pod and then
 * execs the command, keeping its PID. {@link #close} ends whatever still runs in the pod and removes
 * it; {@link Pods} closes every pod still open when this JVM exits (normally, on Ctrl-C, on SIGTERM).
 */
public interface Pod extends AutoCloseable {

    /** Flags for a JVM started in a pod: the runner marks itself as inside, and may read the JVM's container view. */
    List<String> JVM_FLAGS = List.of("-D" + Inside.PROPERTY + "=true", "--add-exports=java.base/jdk.internal.platform=ALL-UNNAMED");

    /** Unique per run, e.g. {@code lab-pod-4242-1}. */
    String name();

    PodLimits limits();

    /** Where the pod is, for a banner: e.g. {@code cgroup v1 …/cpu/lab-pod-4242-1 (+ cpuacct, memory)}. */
    String where();

    /** {@code command}, started so that it runs inside the pod from its first instruction, with the same PID. */
    List<String> wrap(List<String> command);

    /** The process started from {@link #wrap}: {@link #close} stops it first, gracefully. */
    void started(Process process);

    /**
     * Gives the pod {@code cpus} per period for now, or its own quota again with {@code cpus} empty: a
     * startup CPU boost, as Kubernetes' in-place resize and kube-startup-cpu-boost give a young pod. A JVM
     * that reads a quota of 0.25 or of 1 sees one processor either way; the caller keeps a boost within
     * the same whole number of CPUs. False where this kind of pod cannot change its quota (a systemd scope here).
     */
    default boolean setCpus(java.util.Optional<Double> cpus) {
        return false;
    }

    /** The pod's counters now (cumulative since it was made). */
    PodReadings read();

    /**
     * SIGTERM to the process started in the pod and a grace period, then SIGKILL to everything
     * still in it; waits until it is empty and removes it. Idempotent; never throws (a pod that
     * cannot be removed is reported on one line of stderr).
     */
    @Override
    void close();
}
