package lab.work;

import lab.config.Durations;
import lab.config.Options;

/**
 * The work's client pool had no free connection within {@code -DpoolWait}: the work did not
 * start, nothing downstream failed. Servers answer 503 with the reason, as for their own bounds.
 */
public final class NoFreeConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoFreeConnection(String reason) {
        super(reason, null, false, false);
    }

    /** The banner's words for this bound, after a pool's size: the same for all four clients. */
    public static String bound(Options options) {
        return ", wait up to " + Durations.format(options.poolWait()) + " (-DpoolWait) then 503";
    }
}
