package lab.config;

/** What the expensive function does: wait (I/O-like), burn a core, or call a real service (HTTP, PostgreSQL). */
public enum WorkKind {
    SLEEP, CPU, HTTP, DB;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
