package lab.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts with JFreeChart, one set per workload: against concurrency (log axes) when it has
 * several concurrencies — throughput with the Little's-law ceilings dashed, p99 latency, peak RSS,
 * peak threads — and a bar chart of throughput when it has only one (the seed preset, zero cost).
 */
public final class Charts {

    /** A written chart: what it shows and its file name. */
    public record Chart(String title, String file) {}

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final Paint[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};

    private Charts() {}

    public static List<Chart> write(Path dir, List<CellResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<CellResult>> byWorkload = new LinkedHashMap<>();
        for (CellResult r : results) {
            if (!r.wasSkipped()) byWorkload.computeIfAbsent(r.cell().workload().key(), k -> new ArrayList<>()).add(r);
        }
        List<Chart> charts = new ArrayList<>();
        for (List<CellResult> cells : byWorkload.values()) {
            Workload w = cells.get(0).cell().workload();
            boolean sweep = cells.stream().map(r -> r.cell().concurrency()).distinct().count() > 1;
            if (sweep) {
                charts.add(sweep(dir, w, cells, "throughput", "throughput (req/s)", CellResult::requestsPerSecond, true));
                charts.add(sweep(dir, w, cells, "p99", "p99 latency (ms)", r -> r.ab().p99Ms(), false));
                charts.add(sweep(dir, w, cells, "rss", "peak RSS (MB)", CellResult::peakRssMb, false));
                charts.add(sweep(dir, w, cells, "threads", "peak threads", r -> r.usage().peakThreads(), false));
            } else {
                charts.add(bars(dir, w, cells));
            }
            if (w.liveHeap()) charts.add(HeapChart.write(dir, w, cells));
        }
        return charts;
    }

    private static Chart sweep(Path dir, Workload w, List<CellResult> cells, String what, String yLabel,
                               ToDoubleFunction<CellResult> y, boolean withTheory) throws IOException {
        Map<String, List<CellResult>> byScenario = byScenario(cells);
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int colour = 0;
        for (Map.Entry<String, List<CellResult>> e : byScenario.entrySet()) {
            Paint paint = PALETTE[colour++ % PALETTE.length];
            XYSeries measured = new XYSeries(e.getKey());
            XYSeries theory = new XYSeries(e.getKey() + " (theory)");
            for (CellResult r : e.getValue()) {
                addPositive(measured, r.cell().concurrency(), y.applyAsDouble(r));
                addPositive(theory, r.cell().concurrency(), r.theory());
            }
            int i = data.getSeriesCount();
            data.addSeries(measured);
            renderer.setSeriesPaint(i, paint);
            if (withTheory && theory.getItemCount() > 0) {
                data.addSeries(theory);
                renderer.setSeriesPaint(i + 1, paint);
                renderer.setSeriesShapesVisible(i + 1, false);
                renderer.setSeriesVisibleInLegend(i + 1, false);
                renderer.setSeriesStroke(i + 1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                        1f, new float[] {6f, 4f}, 0f));
            }
        }
        String title = yLabel + " vs concurrency: " + w.describe();
        JFreeChart chart = ChartFactory.createXYLineChart(title, "concurrency (ab -c)", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainAxis(logAxis("concurrency (ab -c)", data.getDomainLowerBound(false), data.getDomainUpperBound(false)));
        plot.setRangeAxis(logAxis(yLabel, data.getRangeLowerBound(false), data.getRangeUpperBound(false)));
        if (withTheory) chart.addSubtitle(new TextTitle("dashed: Little's law ceiling min(c, k)/T (and cores/T for cpu)"));
        String file = what + "-" + w.key() + ".png";
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return new Chart(title, file);
    }

    private static Chart bars(Path dir, Workload w, List<CellResult> cells) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (CellResult r : cells) {
            String name = r.cell().scenario().name();
            data.addValue(nanToNull(r.requestsPerSecond()), "measured", name);
            if (!Double.isNaN(r.theory())) data.addValue(r.theory(), "theory (Little's law)", name);
        }
        String title = "throughput (req/s): " + w.describe() + ", c=" + cells.get(0).cell().concurrency();
        JFreeChart chart = ChartFactory.createBarChart(title, "scenario", "req/s", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        String file = "throughput-" + w.key() + ".png";
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return new Chart(title, file);
    }

    /** Whole decades around [min, max], labelled at each power of ten: c = 1, 10, 100, 1000 read at a glance. */
    private static LogAxis logAxis(String label, double min, double max) {
        LogAxis axis = new LogAxis(label);
        if (min > 0 && max >= min) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            axis.setRange(low, high > low ? high : low * 10);
        }
        axis.setBase(10);
        axis.setSmallestValue(0.1);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        axis.setTickUnit(new NumberTickUnit(1.0));   // one labelled tick per decade (the unit is in exponents)
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        return axis;
    }

    private static Map<String, List<CellResult>> byScenario(List<CellResult> cells) {
        Map<String, List<CellResult>> map = new LinkedHashMap<>();
        for (CellResult r : cells) map.computeIfAbsent(r.cell().scenario().name(), k -> new ArrayList<>()).add(r);
        return map;
    }

    /** Log axes cannot show 0 or unknown values; such points are left out. */
    private static void addPositive(XYSeries series, double x, double y) {
        if (!Double.isNaN(y) && y > 0) series.add(x, y);
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
