package lab.results;

import java.awt.Color;
import java.awt.Paint;

/**
 * The series colours of every chart that draws several scenarios or workloads in one plot: Tableau's
 * ten, then black and indigo, so a chart of all twelve scenarios repeats none. Past twelve a series
 * repeats a colour, and the chart should tell it apart another way ({@link #repeats}).
 */
public final class Palette {

    private static final Paint[] COLOURS = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22),
            new Color(0x000000), new Color(0x393b79)};

    private Palette() {}

    /** The colour of the series at {@code index} (0-based). */
    public static Paint paint(int index) {
        return COLOURS[index % COLOURS.length];
    }

    /** Whether the series at {@code index} shares its colour with an earlier one. */
    public static boolean repeats(int index) {
        return index >= COLOURS.length;
    }
}
