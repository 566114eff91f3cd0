package lab.scenarios;

import lab.config.Options;
import lab.http.ReactiveHttpServer;
import reactor.core.scheduler.Schedulers;

/**
 * The sizes each model derives from the CPU count this JVM sees, read from the libraries' own
 * values: inside a pod they follow the pod's CPUs, not the machine's. For the banner of a server in
 * a pod.
 */
public final class ModelSizes {

    private ModelSizes() {}

    /** E.g. {@code event loops 4 (max(1 CPU, 4)); boundedElastic 10 threads (10 × 1 CPU); …}. */
    public static String describe(Options options) {
        int cpus = Runtime.getRuntime().availableProcessors();
        String loops = options.eventLoops().isPresent() ? ReactiveHttpServer.eventLoops(options) + " (-DeventLoops)"
                : ReactiveHttpServer.eventLoops(options) + " (max(" + cpus + " CPU, 4))";
        return "event loops " + loops
                + "; boundedElastic " + Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE + " threads (10 × " + cpus + " CPU)"
                + "; parallel " + Schedulers.DEFAULT_POOL_SIZE
                + "; virtual-thread carriers " + VirtualThreadsPinned.carriers()
                + "; process-pool workers " + options.workers();
    }
}
