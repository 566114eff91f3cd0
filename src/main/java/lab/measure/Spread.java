package lab.measure;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Repeated trials of one number: the median, and the min and max as its spread. Unknown values
 * (NaN) are left out; with none left, everything is NaN. Tables print {@code median (min–max)},
 * charts draw the median with min–max error bars.
 */
public record Spread(double median, double min, double max, int n) {

    public static Spread of(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    public static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** {@code 104 (101–112)}; just the median for one trial or when the trials print the same; "-" when unknown. */
    public String format(DoubleFunction<String> number) {
        if (Double.isNaN(median)) return "-";
        String lo = number.apply(min);
        String hi = number.apply(max);
        if (n < 2 || lo.equals(hi)) return number.apply(median);
        return String.format(Locale.ROOT, "%s (%s–%s)", number.apply(median), lo, hi);
    }
}
