package lab.http;

import lab.work.Deadline;
import reactor.core.scheduler.Schedulers;

/**
 * Lets a request's deadline cross {@code subscribeOn}: a Reactor schedule hook ({@link Deadline#carry})
 * so that blocking work on boundedElastic, parallel or a virtual-thread scheduler bounds its clients'
 * timeouts by it (pgjdbc then cancels its query). The hook is JVM-wide: installed at the first
 * request with a deadline, so a server that never sees one runs exactly as before.
 */
final class CarryDeadlines {

    private static volatile boolean installed;

    private CarryDeadlines() {}

    static void install() {
        if (installed) return;
        synchronized (CarryDeadlines.class) {
            if (!installed) Schedulers.onScheduleHook("lab-deadline", Deadline::carry);
            installed = true;
        }
    }
}
