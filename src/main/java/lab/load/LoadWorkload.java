package lab.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lab.config.Durations;
import lab.config.WorkKind;
import lab.pod.PodLimits;

/**
 * What each request of a load run costs: the server's work kind and the per-request {@code ?cost=}.
 * A preset that carries its own pod sizes (the {@code pod} preset) gives each workload its
 * {@code cpus} (NaN: the harness's {@code -Dcpus}, or no pod) and, for http/db work, the server's
 * {@code poolSize} (0: each library's own).
 */
public record LoadWorkload(WorkKind work, Duration cost, double cpus, int poolSize) {

    public LoadWorkload(WorkKind work, Duration cost) {
        this(work, cost, Double.NaN, 0);
    }

    /** This workload with its server in a pod of {@code cpus} and, if {@code poolSize > 0}, that pool. */
    public LoadWorkload inPod(double cpus, int poolSize) {
        return new LoadWorkload(work, cost, cpus, poolSize);
    }

    /** This workload on a server with a connection pool of {@code poolSize} for its http/db calls, in no pod of its own. */
    public LoadWorkload withPool(int poolSize) {
        return new LoadWorkload(work, cost, Double.NaN, poolSize);
    }

    public boolean hasPod() {
        return !Double.isNaN(cpus);
    }

    public String label() {
        return work.name().toLowerCase(Locale.ROOT);
    }

    /** File-name and chart key: {@code sleep-100ms}, {@code sleep-100ms-0.25cpu} with its own pod size. */
    public String key() {
        return label() + "-" + Durations.format(cost) + (hasPod() ? "-" + PodLimits.cpusText(cpus) + "cpu" : "");
    }

    /** {@code sleep 100ms}, {@code sleep 100ms @0.25cpu}. */
    public String describe() {
        return label() + " " + Durations.format(cost) + (hasPod() ? " @" + PodLimits.cpusText(cpus) + "cpu" : "");
    }

    /** The server options this workload adds to scenario and work: its pool size if it sets one. */
    public List<String> serverOptions() {
        List<String> args = new ArrayList<>();
        if (poolSize > 0) args.add("poolSize=" + poolSize);
        return args;
    }

    /** The request path the generator sends. */
    public String path() {
        return "/?cost=" + Durations.format(cost);
    }
}
