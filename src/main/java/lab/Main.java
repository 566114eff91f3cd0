package lab;

import java.util.concurrent.CountDownLatch;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.OptionsHelp;
import lab.http.RunningServer;
import lab.measure.Theory;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import lab.setup.WorkSetup;
import lab.work.Work;

/**
 * {@code mvn exec:java -Dscenario=NAME [-Dport=… -Dwork=… -Dcost=…]}: starts one scenario's server
 * and serves until Ctrl-C (or SIGTERM). Without a scenario, lists them. A user mistake prints one
 * line and exits with status 2; a machine that refuses (port in use, PostgreSQL missing) with 3.
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
        scenario.warning(options).ifPresent(w -> System.err.println("warning: " + w));
        Work work = WorkSetup.start(options, scenario.workForm());   // http, db: starts their service and pool
        RunningServer server;
        try {
            server = scenario.start(options, work);
        } catch (RuntimeException e) {
            work.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C (SIGINT) and kill (SIGTERM) both run shutdown hooks: a script that backgrounds the
        // server can only send the latter. The server first, then what its work started.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping " + scenario.name() + " ...");
            try (work) {
                server.close();
            }
            stopped.countDown();
        }, "lab-shutdown"));
        printBanner(scenario, options, work, server);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private static void printBanner(Scenario scenario, Options options, Work work, RunningServer server) {
        String url = "http://" + options.host() + ":" + server.port() + "/";
        String origin = scenario.seedCounterpart().startsWith("examples.") ? "port of " + scenario.seedCounterpart()
                : scenario.seedCounterpart();
        System.out.println("== Concurrency Lab: " + scenario.name() + " (" + origin + ")");
        System.out.println("   lesson:  " + scenario.lesson());
        System.out.println("   work:    " + work.describe() + ", cost " + Durations.format(options.cost())
                + " per request (?cost= up to " + Durations.format(options.maxCost()) + ")");
        work.pool().ifPresent(p -> System.out.println("   pool:    " + p));
        System.out.println("   threads: " + server.threading());
        System.out.println("   " + inFlightLine(scenario, options, Runtime.getRuntime().availableProcessors()));
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
        int k = scenario.inFlight(options);
        int own = scenario.capacity(options);
        String capped = k < own ? " (the pool's connections; the scenario alone: " + count(own) + ")" : "";
        int busy = Theory.inFlight(options.work(), k, Theory.UNBOUNDED, cores);
        String onCores = busy < k ? ", busy on at most " + cores + " core(s)" : "";
        double ceiling = Theory.ceiling(options.work(), options.cost(), k, Theory.UNBOUNDED, cores);
        String cost = Durations.format(options.cost());
        String law = Double.isNaN(ceiling) ? "set by the server's own overhead (cost 0)"
                : Double.isInfinite(ceiling) ? "concurrency/" + cost + " req/s"
                : String.format(java.util.Locale.ROOT, "%d/%s = %.1f req/s", busy, cost, ceiling);
        return "in flight at most: " + count(k) + capped + onCores + " -> ceiling " + law + " (Little's law)";
    }

    private static String count(int k) {
        return k == Theory.UNBOUNDED ? "unbounded" : Integer.toString(k);
    }
}
