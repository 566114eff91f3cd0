package lab.work;

import java.time.Duration;
import lab.config.WorkKind;

/**
 * The seed's {@code do_something_expensive()}: a plain blocking Java method. Scenarios decide only
 * <em>where</em> it runs (the one thread, an event loop, a pool, a virtual thread, a worker process).
 */
public interface Work {

    /** Blocks the calling thread for about {@code cost}: sleeping, or burning one core. */
    void perform(Duration cost);

    WorkKind kind();

    /** One line for the banner. */
    String describe();

    /** The work of the given kind; CPU work is calibrated here, once (a few hundred ms). */
    static Work of(WorkKind kind) {
        return switch (kind) {
            case SLEEP -> new SleepWork();
            case CPU -> CpuWork.calibrate();
        };
    }
}
