package lab.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints memory sizes as {@code docker run --memory} takes them: {@code 256m},
 * {@code 512m}, {@code 1g}, {@code 1.5g}; Kubernetes' {@code 512Mi} / {@code 1Gi} too. Units are
 * binary (1m = 1 MiB), as in both tools.
 */
public final class Sizes {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)\\s*([kmg])(?:i|ib|b)?", Pattern.CASE_INSENSITIVE);
    private static final long MIB = 1L << 20;

    private Sizes() {}

    /** Bytes; @throws IllegalArgumentException with a one-line reason */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 256m, 512m, 1g)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        return Math.round(Double.parseDouble(m.group(1)) * (1L << shift));
    }

    /** Short human form in MiB or GiB: {@code 512m}, {@code 1g}, {@code 1.5g}, {@code 0.5m}. */
    public static String format(long bytes) {
        if (bytes >= 1024 * MIB) return strip(bytes / (1024.0 * MIB)) + "g";
        return strip((double) bytes / MIB) + "m";
    }

    private static String strip(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
