package lab.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the lab's request costs: {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 0}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)(ms|s)?");

    private Durations() {}

    /** @throws IllegalArgumentException with a one-line reason */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 250ms, 1s, 1.5s)");
        }
        String unit = m.group(2);
        double value = Double.parseDouble(m.group(1));
        if (unit == null && value != 0) {
            throw new IllegalArgumentException("'" + text + "' needs a unit (ms or s), e.g. " + text + "ms");
        }
        double nanos = value * ("s".equals(unit) ? 1e9 : 1e6);
        return Duration.ofNanos(Math.round(nanos));
    }

    /** Short human form: {@code 0}, {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 0.3ms}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) return "0";
        if (nanos % 1_000_000_000L == 0) return (nanos / 1_000_000_000L) + "s";
        if (nanos >= 1_000_000_000L) return strip(nanos / 1e9) + "s";
        return strip(nanos / 1e6) + "ms";
    }

    private static String strip(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
