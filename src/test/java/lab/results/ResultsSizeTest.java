package lab.results;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue #22's bound on what the repository carries: the committed {@code results/} under 10 MB, no
 * file over 1 MB. Committed means what git tracks; raw ab output and flight recordings of a local run
 * lie beside it, ignored.
 */
class ResultsSizeTest {

    static final long TOTAL = 10_000_000, FILE = 1_000_000;

    @Test
    void theCommittedResultsStaySlim() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(".git")) || Files.isRegularFile(Path.of(".git")), "not a git checkout");
        String out = Environment.git(Path.of("."), "ls-files", "-z", "results").orElseThrow(() -> new AssertionError("git ls-files failed"));
        long total = 0;
        List<String> large = new ArrayList<>();
        for (String f : out.split("\0")) {
            if (f.isEmpty() || !Files.exists(Path.of(f))) continue;
            long size = Files.size(Path.of(f));
            total += size;
            if (size > FILE) large.add(f + " (" + size + " bytes)");
        }
        assertTrue(total > 0, "git lists no results");
        assertTrue(total < TOTAL, "results/ carries " + total + " bytes");
        assertTrue(large.isEmpty(), "over 1 MB: " + large);
    }
}
