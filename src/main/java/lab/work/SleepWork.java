package lab.work;

import java.time.Duration;
import lab.config.WorkKind;

/** The seed's {@code time.sleep(cost)}: the thread is parked, the core is free. */
public final class SleepWork implements Work {

    @Override
    public void perform(Duration cost) {
        try {
            Thread.sleep(cost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("work interrupted (server stopping)", e);
        }
    }

    @Override
    public WorkKind kind() {
        return WorkKind.SLEEP;
    }

    @Override
    public String describe() {
        return "sleep (Thread.sleep: blocks the thread, leaves the core idle)";
    }
}
