package lab.http;

/**
 * Thrown (or signalled) by work whose upstream failed: the downstream service or the database was
 * unreachable, too slow, or answered an error. The server answers 502 with the reason, at once.
 */
public final class BadGateway extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadGateway(String reason) {
        super(reason, null, false, false);
    }
}
