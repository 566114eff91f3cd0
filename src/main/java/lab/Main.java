package lab;

import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.OptionException;
import lab.config.Options;
import lab.http.RunningServer;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;
import lab.work.Work;
import lab.measure.Theory;

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
        Work work = Work.of(options, scenario.workForm());   // http, db: starts their service and pool
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
        printBanner(scenario, options, work, server);
        stop.await();
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
        for (Options.Key k : Options.KEYS) {
            if (k == Options.SCENARIO) continue;
            System.out.printf("  %-12s %-10s %s%n", k.name(), k.defaultValue() == null ? "" : k.defaultValue(), k.help());
        }
    }

    private static void printBanner(Scenario scenario, Options options, Work work, RunningServer server) {
        String url = "http://" + options.host() + ":" + server.port() + "/";
        int k = scenario.inFlight(options);
        String origin = scenario.seedCounterpart().startsWith("examples.") ? "port of " + scenario.seedCounterpart()
                : scenario.seedCounterpart();
        System.out.println("== Concurrency Lab: " + scenario.name() + " (" + origin + ")");
        System.out.println("   lesson:  " + scenario.lesson());
        System.out.println("   work:    " + work.describe() + ", cost " + Durations.format(options.cost())
                + " per request (?cost= up to " + Durations.format(options.maxCost()) + ")");
        work.pool().ifPresent(p -> System.out.println("   pool:    " + p));
        System.out.println("   threads: " + server.threading());
        int own = scenario.capacity(options);
        String capped = k < own ? " (the pool's connections; the scenario alone: " + (own == Theory.UNBOUNDED ? "unbounded" : own) + ")" : "";
        System.out.println("   in flight at most: " + (k == Theory.UNBOUNDED ? "unbounded" : k) + capped
                + " -> ceiling " + ceiling(k, options) + " (Little's law)");
        System.out.println("   connections: at most " + options.maxConnections() + " open (" + options.maxConnectionsSource()
                + "); past it a new one gets 503 and is closed (JDK server: closed; Tomcat: left unaccepted)");
        System.out.println("   stop:    Ctrl-C or SIGTERM: no new requests (503), those in flight finish within -DdrainTimeout="
                + Durations.format(options.drainTimeout()) + ", then it exits; a second signal stops it at once");
        System.out.println("   serving: " + url + "   (Ctrl-C to stop)");
        System.out.println("   try:     ab -c 10 -n 100 " + url);
        System.out.flush();
    }

    private static String ceiling(int k, Options options) {
        double seconds = options.cost().toNanos() / 1e9;
        if (seconds == 0) return "set by the server's own overhead (cost 0)";
        String perCost = (k == Theory.UNBOUNDED ? "concurrency" : Integer.toString(k)) + "/" + Durations.format(options.cost());
        return k == Theory.UNBOUNDED ? perCost + " req/s"
                : String.format(java.util.Locale.ROOT, "%s = %.1f req/s", perCost, k / seconds);
    }
}
