package lab.results;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * The charts' log axes (ab and load), labelled whatever their range: JFreeChart's own {@link LogAxis}
 * labels powers of ten only, so an axis from 101 to 130 ms had no label at all. Ticks are the
 * coarsest of these that gives at least {@link #ENOUGH} labels: each power of ten; 1, 2, 5 × each;
 * 1–9 × each; or, on a range narrower than that, evenly spaced round numbers (105, 110, 115, ...).
 */
public final class LogAxes {

    /** Labels an axis needs to be read: two or three powers of ten leave a 500 ms point to guesswork. */
    static final int ENOUGH = 4;

    private static final DecimalFormat FORMAT = new DecimalFormat("#,##0.###");

    private LogAxes() {}

    /** A base-10 log axis labelled by {@link #ticks}. */
    public static LogAxis of(String label) {
        LogAxis axis = new Labelled(label);
        axis.setBase(10);
        axis.setSmallestValue(0.1);
        return axis;
    }

    /** The values to label on a log axis from {@code low} to {@code high} (both > 0). */
    public static List<Double> ticks(double low, double high) {
        if (!(low > 0) || !(high >= low)) return List.of();
        for (double[] mantissas : new double[][] {{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
            List<Double> ticks = new ArrayList<>();
            for (double decade = Math.pow(10, Math.floor(Math.log10(low))); decade <= high; decade *= 10) {
                for (double m : mantissas) {
                    double v = round(decade * m);
                    if (v >= low && v <= high) ticks.add(v);
                }
            }
            if (ticks.size() >= ENOUGH) return ticks;
        }
        double step = niceStep((high - low) / (ENOUGH + 1));
        List<Double> ticks = new ArrayList<>();
        for (double v = Math.ceil(low / step) * step; v <= high; v += step) ticks.add(round(v));
        return ticks;
    }

    /** 1, 2 or 5 × a power of ten, the largest not above {@code raw}. */
    static double niceStep(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / decade;
        return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * decade;
    }

    /** Twelve significant digits: 0.1 × 3 is 0.3, not 0.30000000000000004. */
    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).doubleValue();
    }

    private static final class Labelled extends LogAxis {
        private static final long serialVersionUID = 1L;

        Labelled(String label) {
            super(label);
        }

        @Override
        public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D area, RectangleEdge edge) {
            boolean vertical = RectangleEdge.isLeftOrRight(edge);
            List<ValueTick> ticks = new ArrayList<>();
            for (double v : ticks(getLowerBound(), getUpperBound())) {
                ticks.add(new NumberTick(v, FORMAT.format(v), vertical ? TextAnchor.CENTER_RIGHT : TextAnchor.TOP_CENTER,
                        TextAnchor.CENTER, 0));
            }
            return ticks;
        }
    }
}
