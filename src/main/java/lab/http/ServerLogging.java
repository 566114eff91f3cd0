package lab.http;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tomcat logs through JULI to java.util.logging; its INFO lines on every start would bury the
 * banner. Warnings and errors still show. (Jetty logs through SLF4J, whose simple binding is set to
 * warnings in {@code simplelogger.properties}.)
 */
final class ServerLogging {

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.apache"));

    private ServerLogging() {}

    static void quiet() {
        for (Logger logger : QUIETED) logger.setLevel(Level.WARNING);
    }
}
