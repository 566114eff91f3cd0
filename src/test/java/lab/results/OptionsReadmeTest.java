package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import lab.config.Options;
import org.junit.jupiter.api.Test;

/** The README's options table is what {@code lab.config.Options}' table prints. */
class OptionsReadmeTest {

    @Test
    void theReadmesOptionsTableIsTheGeneratedOne() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(OptionsReadme.BEGIN) && readme.contains(OptionsReadme.END),
                "README.md lacks the markers " + OptionsReadme.BEGIN + " ... " + OptionsReadme.END);
        String block = readme.substring(readme.indexOf(OptionsReadme.BEGIN),
                readme.indexOf(OptionsReadme.END) + OptionsReadme.END.length());
        assertEquals(MarkedBlock.block(OptionsReadme.BEGIN, OptionsReadme.END, OptionsReadme.block()), block,
                "README.md's options table differs from lab.config.Options; regenerate it with: " + OptionsReadme.COMMAND);
        assertEquals(readme, OptionsReadme.regenerate(readme), "regenerating changes only the block");
    }

    @Test
    void theBlockHasOneRowPerOptionAndOnlyTheBlockChanges() {
        String text = "# Lab\nhand-written\n" + OptionsReadme.BEGIN + "\n| stale |\n" + OptionsReadme.END + "\nmore\n";
        String out = OptionsReadme.regenerate(text);
        assertTrue(out.startsWith("# Lab\nhand-written\n" + OptionsReadme.BEGIN + "\n"), out);
        assertTrue(out.endsWith(OptionsReadme.END + "\nmore\n"), out);
        assertEquals(Options.KEYS.size(), out.lines().filter(l -> l.startsWith("| `")).count(), out);
        for (Options.Key<?> k : Options.KEYS) assertTrue(out.contains("\n| `" + k.name() + "` | "), k.name());
        assertThrows(IllegalArgumentException.class, () -> OptionsReadme.regenerate("no markers\n"));
    }
}
