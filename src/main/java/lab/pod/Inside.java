package lab.pod;

import java.lang.reflect.Method;
import java.util.Optional;
import lab.config.Sizes;

/**
 * What this JVM sees of the pod it runs in: the processors and heap it sized itself by, and its
 * container view (provider, memory limit), read from the JDK's own container support so the banner
 * shows the JVM's view, not the lab's wish. That view is internal API: a pod's JVM gets
 * {@link Pod#JVM_FLAGS} to read it; without them the provider reads as unknown.
 */
public final class Inside {

    /** System property set on a JVM the lab started inside a pod, so its runner does not start another. */
    public static final String PROPERTY = "lab.pod.inside";

    private Inside() {}

    /** True in a JVM the lab started inside a pod. */
    public static boolean here() {
        return Boolean.getBoolean(PROPERTY);
    }

    public static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The heap ceiling the JVM chose ({@code MaxHeapSize}: 25 % of a pod's memory by default). */
    public static long maxHeap() {
        try {
            return Long.parseLong(java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("MaxHeapSize").getValue());
        } catch (RuntimeException e) {
            return Runtime.getRuntime().maxMemory();   // not HotSpot: what the heap may grow to, a little less
        }
    }

    /** The JDK's container provider ({@code cgroupv1}, {@code cgroupv2}), if it detected one. */
    public static Optional<String> provider() {
        return metric("getProvider").map(Object::toString);
    }

    /** The memory limit the JDK detected, in bytes, if it detected one. */
    public static Optional<Long> memoryLimit() {
        return metric("getMemoryLimit").map(v -> (Long) v).filter(v -> v > 0);
    }

    /** E.g. {@code 1 processor, max heap 128m; container provider cgroupv1, memory limit 512m}. */
    public static String describe() {
        return processors() + " processor" + (processors() == 1 ? "" : "s") + ", max heap " + Sizes.format(maxHeap())
                + "; container provider " + provider().orElse("unknown")
                + memoryLimit().map(m -> ", memory limit " + Sizes.format(m)).orElse("");
    }

    private static Optional<Object> metric(String getter) {
        try {
            Object metrics = Class.forName("jdk.internal.platform.Container").getMethod("metrics").invoke(null);
            if (metrics == null) return Optional.empty();
            Method m = Class.forName("jdk.internal.platform.Metrics").getMethod(getter);
            return Optional.ofNullable(m.invoke(metrics));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();   // not exported to us, or another JDK: the view is unknown
        }
    }
}
