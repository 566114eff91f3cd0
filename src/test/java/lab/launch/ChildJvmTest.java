package lab.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The child JVM command line; MainTest and ServerProcess run children with it end to end. */
class ChildJvmTest {

    /** Under exec:java the class loader's URLs, not java.class.path, name the project's classes. */
    @Test
    void aUrlClassLoadersEntriesAreTheClassPath() throws Exception {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            Class<?> loaded = loader.loadClass(ChildJvm.class.getName());
            assertEquals(loader, loaded.getClassLoader());
            assertEquals(classes.toString(), loaded.getMethod("classPath", Class.class).invoke(null, loaded));
        }
    }
}
