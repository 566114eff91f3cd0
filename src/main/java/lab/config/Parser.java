package lab.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one option's text becomes a value, and which values it allows. A range is written here once:
 * its error message and the option's help (Main's list, the README's table) both print it.
 */
public sealed interface Parser<T> {

    /**
     * The value of {@code text} for option {@code key}.
     *
     * @throws OptionException with a one-line reason that starts with {@code key}
     */
    T parse(String key, String text);

    /** Whole numbers from {@code min} to {@code max}, both included. */
    record Ints(int min, int max) implements Parser<Integer> {
        @Override
        public Integer parse(String key, String text) {
            int n;
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new OptionException(key + " '" + text + "' is not a whole number");
            }
            if (n < min || n > max) throw new OptionException(key + " " + n + " is out of range (" + allowed() + ")");
            return n;
        }

        public String allowed() {
            return min + " to " + max;
        }
    }

    /** Any duration {@link Durations} reads; the rules between keys (cost ≤ maxCost) are {@link Options}'. */
    record AnyDuration() implements Parser<Duration> {
        @Override
        public Duration parse(String key, String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new OptionException(key + ": " + e.getMessage());
            }
        }
    }

    /** Durations from {@code min} (excluded if {@code overMin}) to {@code max} (included). */
    record DurationRange(Duration min, boolean overMin, Duration max) implements Parser<Duration> {
        @Override
        public Duration parse(String key, String text) {
            Duration d = new AnyDuration().parse(key, text);
            int low = d.compareTo(min);
            if (low < 0 || (overMin && low == 0) || d.compareTo(max) > 0) {
                throw new OptionException(key + " " + Durations.format(d) + " is out of range (" + allowed() + ")");
            }
            return d;
        }

        public String allowed() {
            return overMin ? "over " + Durations.format(min) + ", at most " + Durations.format(max)
                    : Durations.format(min) + " to " + Durations.format(max);
        }
    }

    /** One of a few words (any case); each carries its value and what it means, for the help. */
    record Choice<E>(List<Word<E>> words) implements Parser<E> {
        /** {@code text} as the user types it, the value it stands for, and a short meaning (Markdown). */
        public record Word<E>(String text, E value, String meaning) {}

        @Override
        public E parse(String key, String text) {
            String w = text.toLowerCase(Locale.ROOT);
            return words.stream().filter(c -> c.text().equals(w)).findFirst().map(Word::value).orElseThrow(() ->
                    new OptionException(key + " '" + w + "' is not one of: "
                            + String.join(", ", words.stream().map(Word::text).toList())));
        }
    }

    /** {@code true}/{@code false}, also yes/no, on/off, 1/0. */
    record Flag() implements Parser<Boolean> {
        @Override
        public Boolean parse(String key, String text) {
            String v = text.toLowerCase(Locale.ROOT);
            return switch (v) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new OptionException(key + " '" + v + "' is not true or false");
            };
        }
    }

    /**
     * Free text that {@code read} turns into a value, or refuses with an empty result: the message is
     * then "KEY 'TEXT' is not WHAT". {@code read} may instead throw an {@link OptionException} of its
     * own (starting with the key) where a value has bounds this interface has no record for (a size,
     * a bound that depends on the machine); its help then states them. {@link #any()} takes any text.
     */
    record Text<T>(Function<String, Optional<T>> read, String what) implements Parser<T> {
        @Override
        public T parse(String key, String text) {
            return read.apply(text).orElseThrow(() -> new OptionException(key + " '" + text + "' is not " + what));
        }

        /** Any text, as typed. */
        public static Text<String> any() {
            return new Text<>(Optional::of, null);
        }
    }
}
