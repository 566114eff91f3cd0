package lab.config;

import java.util.ArrayList;
import java.util.List;
import lab.config.Options.Default;
import lab.config.Options.Key;
import lab.config.Parser.Choice;
import lab.config.Parser.DurationRange;
import lab.config.Parser.Ints;

/**
 * The options' help, printed from {@link Options}' table: one line per option for Main's list, and
 * the README's options table (spliced between markers by {@code lab.results.OptionsReadme}). A range
 * or a list of words is the parser's own, never retyped here.
 */
public final class OptionsHelp {

    private OptionsHelp() {}

    /** What {@code key} means, in Markdown: its help, its range or words, then its notes. */
    public static String meaning(Key<?> key) {
        return helpWithAllowed(key) + (key.notes().isEmpty() ? "" : ". " + key.notes());
    }

    /** The help, then the parser's range ("(1 to 10000)") or words (": `a` (x) or `b` (y)"). */
    private static String helpWithAllowed(Key<?> key) {
        return key.help() + switch (key.parser()) {
            case Ints r -> " (" + r.allowed() + ")";
            case DurationRange r -> " (" + r.allowed() + ")";
            case Choice<?> c -> ": " + words(c);
            default -> "";
        };
    }

    /** {@code key}'s default as the README shows it: the value as typed, or who decides. */
    public static String defaultText(Key<?> key) {
        return switch (key.fallback()) {
            case Default.Given g -> "`" + g.text() + "`";
            case Default.Machine m -> m.what();
            case Default.Unset u -> u.what();
        };
    }

    /** The README's options table (Markdown). */
    public static String markdownTable() {
        List<String> rows = new ArrayList<>();
        rows.add("| option | default | meaning |");
        rows.add("|---|---|---|");
        for (Key<?> k : Options.KEYS) {
            rows.add("| `" + k.name() + "` | " + cell(defaultText(k)) + " | " + cell(meaning(k)) + " |");
        }
        return String.join("\n", rows);
    }

    /** One line of Main's list: name, default, help with its range; plain text, no notes. */
    public static String line(Key<?> key) {
        int width = Options.KEYS.stream().mapToInt(k -> k.name().length()).max().orElse(0);
        String help = helpWithAllowed(key);
        String dflt = key.defaultValue() == null ? "" : key.defaultValue();
        if (key.defaultValue() == null) help += "; default: " + defaultText(key);
        return plain(String.format(java.util.Locale.ROOT, "%-" + width + "s  %-9s  %s", key.name(), dflt, help));
    }

    /** {@code `a` (x), `b` (y) or `c` (z)}. */
    private static String words(Choice<?> choice) {
        List<String> each = choice.words().stream().map(w -> "`" + w.text() + "` (" + w.meaning() + ")").toList();
        if (each.size() == 1) return each.get(0);
        return String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.get(each.size() - 1);
    }

    /** A table cell: a {@code |} would end it. */
    private static String cell(String markdown) {
        return markdown.replace("|", "\\|");
    }

    /** Markdown to terminal text: no backticks. */
    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }
}
