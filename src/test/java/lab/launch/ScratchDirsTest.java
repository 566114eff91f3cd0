package lab.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lab.TestHttp;
import org.junit.jupiter.api.Test;

/** A server JVM killed outright runs no shutdown hook: what outlives it removes its scratch directories. */
class ScratchDirsTest {

    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    private static List<Path> of(long pid) throws Exception {
        try (Stream<Path> all = Files.list(TMP)) {
            return all.filter(d -> d.getFileName().toString().startsWith("lab-tomcat-" + pid + "-")).toList();
        }
    }

    @Test
    void aKilledTomcatServersWorkDirectoryIsRemovedByItsParent() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of(), "scenario=virtual-threads-tomcat", "cost=0")) {
            assertEquals(200, TestHttp.get(server.port(), "/").status());
            assertEquals(1, of(server.pid()).size(), "Tomcat's work directory, named by its JVM's pid");
            server.kill();
            assertEquals(List.of(), of(server.pid()), "left by a SIGKILLed server");
        }
    }

    /** Only that pid's: pid 12's removal leaves pid 123's and a name of another shape. */
    @Test
    void onlyThatPidsDirectoriesGo() throws Exception {
        Path twelve = Files.createDirectories(TMP.resolve("lab-tomcat-12-4711"));
        Path other = Files.createDirectories(TMP.resolve("lab-tomcat-123-4711"));
        Path shape = Files.createDirectories(TMP.resolve("lab-tomcat-12-x"));
        try {
            Files.writeString(twelve.resolve("f"), "x");
            assertEquals(1, ScratchDirs.removeOf(12));
            assertFalse(Files.exists(twelve));
            assertTrue(Files.exists(other) && Files.exists(shape));
        } finally {
            for (Path d : List.of(twelve, other, shape)) if (Files.exists(d)) ScratchDirs.delete(d);
        }
    }
}
