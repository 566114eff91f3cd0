package lab.memory;

/**
 * What gave first in a memory run, from what the harness can see from outside: the pod's OOM-kill
 * counter and the process's exit, the server's log, what the ramp's clients got, and the probe.
 */
enum Failure {
    OOM_KILL("container OOM kill"),
    OUT_OF_MEMORY_ERROR("OutOfMemoryError"),
    EXITED("server exited"),
    CONNECTION_BOUND("connection bound"),
    CLIENTS_REFUSED("clients refused"),
    PROBE_TIMEOUT("GC thrash / timeouts"),
    NONE("held to the cap");

    final String label;

    Failure(String label) {
        this.label = label;
    }

    static Failure byLabel(String label) {
        for (Failure f : values()) if (f.label.equals(label)) return f;
        throw new IllegalArgumentException("no failure '" + label + "'");
    }

    /** What the outside shows at one look; {@code null} while nothing has given. */
    record Signs(boolean exited, long oomKills, boolean outOfMemoryInLog, Ramp.Tally clients, String probe, int maxConnections) {}

    /**
     * The first failure these signs show, or null. The kernel's kill and the JVM's error come first
     * (they explain the clients' answers); the connection bound is a refusal at or past the
     * server's maxConnections, or one whose answer names it.
     */
    static Failure of(Signs s) {
        if (s.oomKills() > 0) return OOM_KILL;
        if (s.outOfMemoryInLog()) return OUT_OF_MEMORY_ERROR;
        if (s.exited()) return EXITED;
        Ramp.Tally t = s.clients();
        if (t.failed() > 0) {
            boolean atBound = s.maxConnections() > 0 && t.sent() >= s.maxConnections();
            return atBound || t.firstAnswer().contains("connection limit") ? CONNECTION_BOUND : CLIENTS_REFUSED;
        }
        if (s.probe().equals("timeout")) return PROBE_TIMEOUT;
        return null;
    }

    /** How the server behaved after the failure: died, answered at once, hung; and after the ramp let go. */
    static String afterwards(boolean exited, String probeAfterFailure, String probeAfterRelease) {
        if (exited) return "died";
        String during = probeAfterFailure.equals("timeout") ? "hung" : "answered " + probeAfterFailure + " at once";
        String after = probeAfterRelease.equals("200") ? "served again once released" : "after release: " + probeAfterRelease;
        return during + "; " + after;
    }
}
