package lab.results;

import java.util.Optional;

/**
 * The generated part of a hand-written Markdown file: the text between a begin and an end marker
 * comment. The JMH table and the ab comparison's tables are regenerated this way; everything
 * outside the markers is left as written.
 */
public final class MarkedBlock {

    private MarkedBlock() {}

    /**
     * {@code text} with the block between {@code begin} and {@code end} replaced by {@code content};
     * empty if {@code text} has no {@code begin}.
     *
     * @throws IllegalArgumentException if {@code begin} has no {@code end} after it: splicing to some
     *                                  later end would swallow hand-written text
     */
    public static Optional<String> replace(String text, String begin, String end, String content) {
        int b = text.indexOf(begin);
        if (b < 0) return Optional.empty();
        int e = text.indexOf(end, b);
        if (e < 0) {
            throw new IllegalArgumentException("has " + begin + " without " + end + " after it; "
                    + "restore the end marker (or delete the begin marker) and run again");
        }
        return Optional.of(text.substring(0, b) + block(begin, end, content) + text.substring(e + end.length()));
    }

    /** What lies between {@code begin} and {@code end} in {@code text} (stripped); empty without such a block. */
    public static Optional<String> content(String text, String begin, String end) {
        int b = text.indexOf(begin);
        int e = b < 0 ? -1 : text.indexOf(end, b);
        return e < 0 ? Optional.empty() : Optional.of(text.substring(b + begin.length(), e).strip());
    }

    /**
     * {@link #replace}, or, where {@code text} has no such block yet, {@code text} with a new
     * section at its end: {@code heading}, then the block.
     */
    public static String replaceOrAppend(String text, String begin, String end, String content, String heading) {
        return replace(text, begin, end, content).orElseGet(() ->
                text.stripTrailing() + "\n\n" + heading + "\n\n" + block(begin, end, content) + "\n");
    }

    /** The markers around {@code content}, each on its own line. */
    public static String block(String begin, String end, String content) {
        return begin + "\n" + content.strip() + "\n" + end;
    }
}
