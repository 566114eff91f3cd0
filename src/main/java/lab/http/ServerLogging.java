package lab.http;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jetty (through SLF4J) and Tomcat (through JULI) log to java.util.logging; their INFO lines on
 * every start would bury the banner. Warnings and errors still show.
 */
final class ServerLogging {

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("org.apache"));

    private ServerLogging() {}

    static void quiet() {
        for (Logger logger : QUIETED) logger.setLevel(Level.WARNING);
    }
}
