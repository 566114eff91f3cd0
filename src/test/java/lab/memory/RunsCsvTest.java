package lab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCsvTest {

    @Test
    void aRunReadsBackAsWrittenAndRendersItsRow(@TempDir Path results) throws IOException {
        MemoryRunResult run = new MemoryRunResult("virtual-threads", 256, "default", 126, 32.5, 3970, 8000,
                Failure.PROBE_TIMEOUT, "503 x2, reset x1", "server busy, \"full\"", 0, "running", 171.08,
                "timeout", "200", "hung; served again once released", 13.76);
        Path dir = Files.createDirectories(results.resolve(MemoryRun.DIR));
        RunsCsv.write(dir.resolve(RunsCsv.FILE), List.of(run));
        assertEquals(List.of(run), RunsCsv.read(dir.resolve(RunsCsv.FILE)));
        assertEquals(32_000, run.inFlightPerGb());

        MemoryRender.render(results);
        String readme = Files.readString(dir.resolve("README.md"));
        assertTrue(readme.contains("| virtual-threads | 256m | default | 126m | 32.5 | 3,970 | 8,000 | 202 % | 32,000 | GC thrash / timeouts |"), readme);
        MemoryRender.render(results);
        assertEquals(readme, Files.readString(dir.resolve("README.md")), "a second render writes the same");
    }

    @Test
    void theKbPerRequestIsReadFromTheAbMemoryPresetsCells() throws IOException {
        OptionalDouble kb = KbPerRequest.of(Path.of("results"), "virtual-threads");
        assertTrue(kb.isPresent() && kb.getAsDouble() > 1 && kb.getAsDouble() < 1000, "virtual-threads: " + kb);
        assertEquals(-1, KbPerRequest.predicted(100, OptionalDouble.empty()));
        assertEquals(1024, KbPerRequest.predicted(100, OptionalDouble.of(100)));
    }
}
