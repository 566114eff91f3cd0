package lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.OptionsHelp;
import lab.config.Shape;
import lab.config.WorkKind;
import lab.http.RunningServer;
import lab.launch.InPod;
import lab.measure.Theory;
import lab.pod.Inside;
import lab.pod.PodLimits;
import lab.scenarios.ModelSizes;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import lab.setup.WorkSetup;
import lab.work.Work;
import lab.work.http.Downstream;

/**
 * {@code mvn exec:java -Dscenario=NAME [-Dport=… -Dwork=… -Dcost=…]}: starts one scenario's server
 * and serves until Ctrl-C (or SIGTERM). Without a scenario, lists them. A user mistake prints one
 * line and exits with status 2; a machine that refuses (port in use, PostgreSQL missing) with 3.
 * With {@code -Dcpus=} / {@code -Dmemory=} the server runs in a child JVM inside a pod (docs/pods.md).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        try {
            run(Options.fromSystemAndArgs(System.getProperties(), args));
        } catch (OptionException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(OptionException.EXIT_STATUS);
        } catch (EnvironmentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EnvironmentException.EXIT_STATUS);
        }
    }

    private static void run(Options options) {
        if (options.scenario().isEmpty()) {
            printScenarioList();
            return;
        }
        Scenario scenario = scenario(options.scenario().get());
        options.validate();
        scenario.check(options);
        Optional<PodLimits> limits = PodLimits.from(options);
        if (limits.isPresent() && !Inside.here()) {
            runInPod(options, limits.get());   // the server inside warns, by its own view of the CPUs
            return;
        }
        scenario.warning(options).ifPresent(w -> System.err.println("warning: " + w));
        Work work = WorkSetup.start(options, scenario.workForm());   // http, db: starts their service and pool
        RunningServer server;
        try {
            server = scenario.start(options, work);
        } catch (RuntimeException e) {
            work.close();
            throw e;
        }
        GracefulStop stop = new GracefulStop(scenario.name(), server, work, options.drainTimeout());
        stop.onSignals();
        // Any other exit (System.exit, the last thread's end) still closes the server, then its work.
        Runtime.getRuntime().addShutdownHook(new Thread(stop::closeNow, "lab-shutdown"));
        printBanner(scenario, options, work, server, limits);
        stop.await();
    }

    /**
     * This JVM started outside the limits, so the server runs in a child JVM inside a pod. A downstream
     * for http work starts here, outside the pod, as it would be another service in a cluster.
     */
    private static void runInPod(Options options, PodLimits limits) {
        List<String> extra = new ArrayList<>();
        Downstream downstream = null;
        if (options.work() == WorkKind.HTTP && options.downstream().isEmpty()) {
            downstream = Downstream.start(options);
            extra.add(Options.DOWNSTREAM.name() + "=" + downstream.base());
        }
        int status;
        try {
            status = InPod.run(Main.class, limits, options.asMap(), extra);
        } finally {
            if (downstream != null) downstream.close();
        }
        if (status != 0) System.exit(status);
    }

    static Scenario scenario(String name) {
        return Scenarios.byName(name).orElseThrow(() -> new OptionException(
                "unknown scenario '" + name + "'; choose one of: " + String.join(", ", Scenarios.names())));
    }

    private static void printScenarioList() {
        System.out.println("Concurrency Lab: one server per scenario. Run one with");
        System.out.println("  mvn -q compile exec:java -Dscenario=NAME [-Dwork=sleep|cpu|http|db] [-Dcost=1s] [-Dport=8000]");
        System.out.println();
        for (Scenario s : Scenarios.all()) {
            System.out.printf("  %-22s %s%n", s.name(), s.lesson());
        }
        System.out.println();
        System.out.println("Options (as -Dname=value, or name=value arguments):");
        for (Options.Key<?> k : Options.KEYS) {
            if (k != Options.SCENARIO) System.out.println("  " + OptionsHelp.line(k));
        }
    }

    private static void printBanner(Scenario scenario, Options options, Work work, RunningServer server,
                                    Optional<PodLimits> limits) {
        String url = "http://" + options.host() + ":" + server.port() + "/";
        String origin = scenario.seedCounterpart().startsWith("examples.") ? "port of " + scenario.seedCounterpart()
                : scenario.seedCounterpart();
        System.out.println("== Concurrency Lab: " + scenario.name() + " (" + origin + ")");
        System.out.println("   lesson:  " + scenario.lesson());
        System.out.println("   work:    " + work.describe() + ", cost " + Durations.format(options.cost())
                + " per request (?cost= up to " + Durations.format(options.maxCost()) + ")");
        work.pool().ifPresent(p -> System.out.println("   pool:    " + p));
        System.out.println("   threads: " + server.threading());
        if (!options.shape().isSingle()) System.out.println("   shape:   " + shapeLine(scenario, options));
        // inside a pod this JVM already counts the pod's processors; the quota comes from the limits it was started with
        System.out.println("   " + inFlightLine(scenario, options, new Theory.Cpu(Runtime.getRuntime().availableProcessors(),
                limits.flatMap(PodLimits::cpus).orElse(Double.NaN))));
        System.out.println("   connections: at most " + options.maxConnections() + " open (" + options.maxConnectionsSource()
                + "); past it a new one gets 503 and is closed (JDK server: closed)");
        System.out.println("   stop:    Ctrl-C or SIGTERM: no new requests (503), those in flight finish within -DdrainTimeout="
                + Durations.format(options.drainTimeout()) + ", then it exits; a second signal stops it at once");
        // In a pod: before "serving:", the line that ends the banner for ServerProcess's readers.
        limits.ifPresent(l -> printPod(l, options, work));
        System.out.println("   serving: " + url + "   (Ctrl-C to stop)");
        System.out.println("   try:     ab -c 10 -n 100 " + url);
        System.out.flush();
    }

    /**
     * The banner's k and ceiling on a JVM with {@code cores} processors, from {@link Theory#ceiling}
     * as the comparison's theory is: k = min(the scenario's own, the work's pool), busy work on at
     * most the cores, and no client limit (the banner cannot know the client's concurrency).
     */
    static String inFlightLine(Scenario scenario, Options options, int cores) {
        return inFlightLine(scenario, options, Theory.Cpu.cores(cores));
    }

    /** {@link #inFlightLine(Scenario, Options, int)} on a server with this CPU: under a quota, CPU work at most cpus / T. */
    static String inFlightLine(Scenario scenario, Options options, Theory.Cpu cpu) {
        int cores = cpu.processors();
        int k = scenario.inFlight(options);
        int own = scenario.capacity(options);
        String capped = k < own ? (options.shape().atOnce() > 1 ? " (" + options.shape() + " holds " + options.shape().atOnce()
                + " connections or fork threads at once; the scenario alone: " : " (the pool's connections; the scenario alone: ")
                + count(own) + ")" : "";
        int busy = Theory.inFlight(options.work(), k, Theory.UNBOUNDED, cores);
        String onCores = busy < k ? ", busy on at most " + cores + " core(s)" : "";
        double ceiling = Theory.ceiling(options.work(), scenario.latency(options), k, Theory.UNBOUNDED, cpu);
        boolean quota = ceiling < Theory.ceiling(options.work(), scenario.latency(options), k, Theory.UNBOUNDED, cores);
        String cost = Durations.format(scenario.latency(options));   // with -Dshape: N·T for a chain
        String law = Double.isNaN(ceiling) ? "set by the server's own overhead (cost 0)"
                : Double.isInfinite(ceiling) ? "concurrency/" + cost + " req/s"
                : quota ? String.format(java.util.Locale.ROOT, "%s CPU/%s = %.1f req/s", PodLimits.cpusText(cpu.quota()), cost, ceiling)
                : String.format(java.util.Locale.ROOT, "%d/%s = %.1f req/s", busy, cost, ceiling);
        return "in flight at most: " + count(k) + capped + onCores + " -> ceiling " + law + " (Little's law)";
    }

    /** What -Dshape means here: the calls, how this model runs them, what a request holds. */
    static String shapeLine(Scenario scenario, Options options) {
        Shape asked = options.shape();
        Shape runs = scenario.runs(asked);
        String cost = Durations.format(options.cost());
        String line = asked + ": " + asked.calls() + " calls of " + cost
                + (asked.kind() == Shape.Kind.CHAIN ? " one after another" : " at once");
        if (!runs.equals(asked)) line += ", run here one after another (the model cannot fork them)";
        line += ", about " + Durations.format(scenario.latency(options)) + " a request";
        if (runs.atOnce() > 1) {
            boolean pooled = options.work() == WorkKind.HTTP || options.work() == WorkKind.DB;
            line += ", holding " + runs.atOnce() + (pooled ? " pool connections" : " calls") + " at once";
            int forks = scenario.forkThreads(options);
            if (forks != Theory.UNBOUNDED) {
                line += "; the calls run on " + forks + " threads, so at most " + Math.max(1, forks / runs.atOnce())
                        + " requests fan out at once";
            }
        }
        return line;
    }

    private static String count(int k) {
        return k == Theory.UNBOUNDED ? "unbounded" : Integer.toString(k);
    }

    /** What the JVM sees inside the pod, and how each model's sizes followed from it. */
    private static void printPod(PodLimits limits, Options options, Work work) {
        System.out.println("   pod:     " + limits.describe());
        System.out.println("   inside:  " + Inside.describe());
        System.out.println("   sizes:   " + ModelSizes.describe(options));
        if (work.kind() == WorkKind.CPU && limits.cpus().isPresent() && !options.cost().isZero()) {
            double cpus = limits.cpus().get();
            System.out.println(String.format(Locale.ROOT, "   cpu work: at most cpus / cost = %s / %s = %.1f req/s, whatever the model",
                    PodLimits.cpusText(cpus), Durations.format(options.cost()),
                    Theory.cpuQuotaCeiling(cpus, options.cost())));
        }
    }
}
