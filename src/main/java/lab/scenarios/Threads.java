package lab.scenarios;

import java.util.concurrent.ThreadFactory;

/** Named platform threads, so a thread dump or the request log says who ran what. */
final class Threads {
    private Threads() {}

    static ThreadFactory named(String prefix) {
        return Thread.ofPlatform().name(prefix + "-", 1).factory();
    }
}
