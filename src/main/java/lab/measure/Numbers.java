package lab.measure;

import java.util.Locale;

/** How the progress lines, the CSV and the tables print numbers; NaN (unknown) prints as blank or a dash. */
public final class Numbers {

    private Numbers() {}

    /** Req/s: whole numbers from 10 up, one decimal below. */
    public static String rate(double v) {
        if (Double.isNaN(v)) return "-";
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    public static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    /** Up to two decimals, no trailing zeros; "-" when unknown. */
    public static String plain(double v) {
        if (Double.isNaN(v)) return "-";
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** For CSV: like {@link #plain} but blank when unknown. */
    public static String csv(double v) {
        return Double.isNaN(v) ? "" : plain(v);
    }

    /**
     * A percentile's table cell that says when its sample was too small for it: the q-quantile of
     * fewer than 1/(1 − q) values is their largest (nearest rank), so a p99 of 10 requests prints as
     * {@code max of 10: 1003} and a p99.9 of 600 as {@code max of 600: 131}. {@code n} is the
     * smallest sample among the trials shown; {@code value} the formatted number (median (min–max)).
     * One rule for the ab and the load tables.
     */
    public static String quantile(double q, String value, long n) {
        if (value.isEmpty() || value.equals("-") || n <= 0) return value;
        return n < Math.round(1 / (1 - q)) ? "max of " + n + ": " + value : value;
    }
}
