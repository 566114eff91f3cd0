package lab.http;

/** Thrown (or signalled) by a scenario that has no room for one more request: the server answers 503. */
public final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Overloaded(String reason) {
        super(reason, null, false, false);
    }
}
