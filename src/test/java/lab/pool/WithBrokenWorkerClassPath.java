package lab.pool;

import lab.Main;

/**
 * {@code lab.Main} in a JVM whose {@code java.class.path} names a missing directory: the server
 * itself is loaded already, but the worker processes it launches get that class path and cannot start.
 */
public final class WithBrokenWorkerClassPath {

    private WithBrokenWorkerClassPath() {}

    public static void main(String[] args) {
        System.setProperty("java.class.path", "/nonexistent/lab-classes");
        Main.main(args);
    }
}
