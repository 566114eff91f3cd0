package lab.work;

/**
 * The service the work calls (the downstream, the database) failed it: unreachable, too slow, or
 * it answered an error. Servers answer 502 with the reason.
 */
public final class ServiceFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceFailed(String reason) {
        super(reason, null, false, false);
    }
}
