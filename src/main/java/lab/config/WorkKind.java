package lab.config;

/** What the expensive function does: wait (I/O-like) or burn a core. */
public enum WorkKind {
    SLEEP, CPU;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
