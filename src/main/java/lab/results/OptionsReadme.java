package lab.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.config.OptionsHelp;

/**
 * The README's options table, generated from {@code lab.config.Options}' table between markers, so
 * the two cannot drift. Regenerate with {@value #COMMAND}; {@code OptionsReadmeTest} fails while the
 * README's block differs.
 */
public final class OptionsReadme {

    public static final String BEGIN = "<!-- options:table:begin -->";
    public static final String END = "<!-- options:table:end -->";
    public static final String COMMAND = "mvn -q compile exec:java -Dexec.mainClass=lab.results.OptionsReadme";

    private OptionsReadme() {}

    /** The block between the markers: a comment for whoever edits the README, then the table. */
    public static String block() {
        return "<!-- generated from lab.config.Options; edit the table there and run: " + COMMAND + " -->\n"
                + OptionsHelp.markdownTable();
    }

    /** {@code readme} with its options block regenerated. */
    public static String regenerate(String readme) {
        return MarkedBlock.replace(readme, BEGIN, END, block()).orElseThrow(() ->
                new IllegalArgumentException("README.md lacks the markers " + BEGIN + " ... " + END));
    }

    /** Rewrites {@code README.md} (or the file named by the first argument) in place. */
    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        Files.writeString(readme, regenerate(Files.readString(readme)));
        System.out.println("regenerated the options table in " + readme);
    }
}
