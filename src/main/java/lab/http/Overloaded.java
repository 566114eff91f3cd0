package lab.http;

/**
 * Thrown (or signalled) by the server's own bounds (Admission, Gate, the process pool) when there is
 * no room for one more request: the server answers 503. The work's full pool is the work's own
 * {@link lab.work.NoFreeConnection}.
 */
public final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Overloaded(String reason) {
        super(reason, null, false, false);
    }
}
