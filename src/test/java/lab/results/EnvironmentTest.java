package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {

    @Test
    void capturesMachineJdkLibrariesAndCommitAndWritesThemAsJson(@TempDir Path dir) throws Exception {
        Environment env = Environment.capture(Path.of("."), Map.of("ab", "ApacheBench 2.3"));
        Map<String, String> f = env.facts();
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), f.get("cores"));
        assertTrue(f.get("jdk").contains(System.getProperty("java.runtime.version")), f.get("jdk"));
        assertTrue(f.get("netty").matches("\\d+\\.\\d+\\.\\d+.*"), f.get("netty"));
        assertTrue(f.get("reactor-netty").matches("\\d+\\.\\d+\\.\\d+.*"), f.get("reactor-netty"));
        assertEquals("ApacheBench 2.3", f.get("ab"));
        // The build runs in this git checkout (CI clones it), so the commit is known.
        assertTrue(f.get("git commit").matches("[0-9a-f]{40}"), f.get("git commit"));
        assertTrue(f.get("git tree").equals("clean") || f.get("git tree").startsWith("dirty"), f.get("git tree"));
        assertTrue(env.summary().startsWith("commit " + f.get("git commit").substring(0, 7)), env.summary());

        Path file = env.write(dir);
        @SuppressWarnings("unchecked")
        Map<String, String> back = new ObjectMapper().readValue(file.toFile(), Map.class);
        assertEquals(f, back);
    }

    @Test
    void showsMavensLauncherAsTheMvnCommandTheUserTyped() {
        String saved = System.getProperty("sun.java.command");
        try {
            System.setProperty("sun.java.command", "org.codehaus.plexus.classworlds.launcher.Launcher verify -Pcompare -Dcompare.preset=smoke");
            assertEquals("mvn verify -Pcompare -Dcompare.preset=smoke", Environment.command());
            System.setProperty("sun.java.command", "lab.Main scenario=sync");
            assertEquals("java lab.Main scenario=sync", Environment.command());
        } finally {
            if (saved == null) System.clearProperty("sun.java.command");
            else System.setProperty("sun.java.command", saved);
        }
    }
}
