package lab.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.pod.Pod;
import lab.pod.PodLimits;
import lab.pod.Pods;

/**
 * {@code mvn exec:java -Dscenario=… -Dcpus=0.5 -Dmemory=512m}: the server cannot run in Maven's own
 * JVM, which started outside the limits, so it runs in a child JVM started inside a pod, with the
 * same options; its output goes straight to this one's. The child stops with this JVM: Ctrl-C
 * reaches both; on SIGTERM the pods' shutdown hook sends it SIGTERM, waits, and removes the pod.
 */
public final class InPod {

    private InPod() {}

    /** Runs {@code mainClass} with {@code options} (and {@code extra} arguments) inside a new pod; returns its exit status. */
    public static int run(Class<?> mainClass, PodLimits limits, Map<String, String> options, List<String> extra) {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> args.add(k + "=" + v));
        args.addAll(extra);
        Pod pod = Pods.create(limits);
        try {
            List<String> command = pod.wrap(ChildJvm.command(mainClass, Pod.JVM_FLAGS, args));
            Process child = new ProcessBuilder(command).inheritIO().start();
            pod.started(child);
            System.out.println("== pod: " + limits.describe() + "; " + pod.where() + "; the server runs inside it, pid " + child.pid());
            System.out.flush();
            return child.waitFor();
        } catch (java.io.IOException e) {
            throw new lab.config.EnvironmentException("cannot start the server's JVM in the pod: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            pod.close();
        }
    }
}
