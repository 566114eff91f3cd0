package lab.launch;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs one of the lab's classes: the process-pool workers and
 * the comparison's server JVMs. Same {@code java} binary as this JVM, and a class path that works
 * however this JVM was started:
 * <ul>
 *   <li>plain {@code java -cp}, Surefire, {@code exec:exec}: {@code java.class.path} is the project's;</li>
 *   <li>{@code mvn exec:java}: the project runs in Maven's own JVM, whose {@code java.class.path} is
 *       Maven's launcher jar; the project's classes and jars are the URLs of the class loader that
 *       exec:java built, so they are read from there.</li>
 * </ul>
 */
public final class ChildJvm {

    /** Flags every child gets: Netty uses restricted native methods and would warn without this. */
    public static final List<String> COMMON_FLAGS = List.of("--enable-native-access=ALL-UNNAMED");

    private ChildJvm() {}

    /** {@code java [COMMON_FLAGS] [jvmFlags] -cp <project class path> mainClass [args]}. */
    public static List<String> command(Class<?> mainClass, List<String> jvmFlags, List<String> args) {
        return command(mainClass.getName(), mainClass, jvmFlags, args);
    }

    /**
     * The same for a main class named, not referenced, on the class path that loaded {@code anchor}:
     * for a child that runs code this package must not depend on (the runner uses every package).
     */
    public static List<String> command(String mainClass, Class<?> anchor, List<String> jvmFlags, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(COMMON_FLAGS);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath(anchor));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** The binary this JVM runs on, so a child never falls back to an older default {@code java}. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The class path that loaded {@code anchor}: its class loader's URLs if it has them, else {@code java.class.path}. */
    public static String classPath(Class<?> anchor) {
        if (anchor.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) entries.add(toPath(url));
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static String toPath(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("class path entry " + url + " is not a local file", e);
        }
    }
}
