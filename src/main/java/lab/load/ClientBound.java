package lab.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the generator, not the server, set a step's numbers: it sent fewer requests than
 * offered (beyond one request's slack and 5 %), sent them late (p99 lag over 50 ms), or used
 * (nearly) all the cores it has. Such a step is marked, not reported as the server's result.
 */
public final class ClientBound {

    static final double SEND_TOLERANCE = 0.05;
    static final double LAG_MS = 50;
    static final double CPU_SATURATED = 0.9;

    private ClientBound() {}

    /** Why the client bound this step, or null if it kept the schedule. {@code clientCpuCores} NaN: not measured. */
    public static String reason(StepStats s, double seconds, double clientCpuCores, int clientCores) {
        List<String> why = new ArrayList<>();
        double slack = 1 / seconds;   // one request more or less at the window's edges
        if (s.sentPerSecond() < s.offered() * (1 - SEND_TOLERANCE) - slack) {
            why.add(String.format(Locale.ROOT, "sent %.0f of %.0f req/s", s.sentPerSecond(), s.offered()));
        }
        if (s.lagP99() > LAG_MS) why.add(String.format(Locale.ROOT, "sends late by up to %.0f ms (p99)", s.lagP99()));
        if (!Double.isNaN(clientCpuCores) && clientCpuCores >= CPU_SATURATED * clientCores) {
            why.add(String.format(Locale.ROOT, "generator CPU %.2f of %d cores", clientCpuCores, clientCores));
        }
        return why.isEmpty() ? null : "client-bound: " + String.join(", ", why);
    }
}
