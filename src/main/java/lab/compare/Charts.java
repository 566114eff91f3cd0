package lab.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lab.results.ChartPng;
import lab.results.LogAxes;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * PNG charts with JFreeChart, one set per workload: against concurrency (log axes) when it has
 * several concurrencies — throughput with the Little's-law ceilings dashed, p99 latency, peak RSS,
 * peak threads — and throughput per scenario when it has only one (the seed preset, zero cost).
 * Each point is the median of the cell's trials; a whisker spans their min–max (none with one trial).
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

    public static List<Chart> write(Path dir, List<CellTrials> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<CellTrials>> byWorkload = new LinkedHashMap<>();
        for (CellTrials r : results) {
            if (!r.wasSkipped()) byWorkload.computeIfAbsent(r.cell().workload().key(), k -> new ArrayList<>()).add(r);
        }
        List<Chart> charts = new ArrayList<>();
        for (List<CellTrials> cells : byWorkload.values()) {
            Workload w = cells.get(0).cell().workload();
            boolean sweep = cells.stream().map(r -> r.cell().concurrency()).distinct().count() > 1;
            if (sweep) {
                charts.add(sweep(dir, w, cells, "throughput", "throughput (req/s)", CellResult::requestsPerSecond, true));
                charts.add(sweep(dir, w, cells, "p99", "p99 latency (ms)", r -> r.ab().p99Ms(), false));
                charts.add(sweep(dir, w, cells, "rss", "peak RSS (MB)", CellResult::peakRssMb, false));
                charts.add(sweep(dir, w, cells, "threads", "peak threads", r -> r.usage().peakThreads(), false));
            } else {
                charts.add(perScenario(dir, w, cells));
            }
            if (w.liveHeap()) charts.add(HeapChart.write(dir, w, cells));
        }
        charts.addAll(ShapeCharts.write(dir, results));   // across workloads: none without -Dshape workloads
        return charts;
    }

    private static Chart sweep(Path dir, Workload w, List<CellTrials> cells, String what, String yLabel,
                               ToDoubleFunction<CellResult> y, boolean withTheory) throws IOException {
        Map<String, List<CellTrials>> byScenario = byScenario(cells);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYSeriesCollection theories = new XYSeriesCollection();
        XYErrorRenderer renderer = whiskers(true);
        XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, false);
        int colour = 0;
        for (Map.Entry<String, List<CellTrials>> e : byScenario.entrySet()) {
            Paint paint = PALETTE[colour++ % PALETTE.length];
            YIntervalSeries measured = new YIntervalSeries(e.getKey());
            XYSeries theory = new XYSeries(e.getKey() + " (theory)");
            for (CellTrials t : e.getValue()) {
                addPositive(measured, t.cell().concurrency(), t.median(y), t.min(y), t.max(y));
                addPositive(theory, t.cell().concurrency(), t.first().theory());
            }
            renderer.setSeriesPaint(data.getSeriesCount(), paint);
            data.addSeries(measured);
            if (withTheory && theory.getItemCount() > 0) {
                dashed.setSeriesPaint(theories.getSeriesCount(), paint);
                dashed.setSeriesVisibleInLegend(theories.getSeriesCount(), false);
                dashed.setSeriesStroke(theories.getSeriesCount(), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
                theories.addSeries(theory);
            }
        }
        String title = yLabel + " vs concurrency: " + w.describe();
        JFreeChart chart = ChartFactory.createXYLineChart(title, "concurrency (ab -c)", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(renderer);
        plot.setDataset(1, theories);
        plot.setRenderer(1, dashed);
        style(plot);
        Range xs = bounds(data, theories, false);
        Range ys = bounds(data, theories, true);
        plot.setDomainAxis(logAxis("concurrency (ab -c)", xs.getLowerBound(), xs.getUpperBound()));
        plot.setRangeAxis(logAxis(yLabel, ys.getLowerBound(), ys.getUpperBound()));
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 8, 4, 20));   // room for the last x label, "1,000"
        if (withTheory) chart.addSubtitle(new TextTitle("dashed: Little's law ceiling min(c, k)/T (and cores/T for cpu)"));
        chart.addSubtitle(new TextTitle(trialsNote(cells)));
        String file = what + "-" + w.key() + ".png";
        ChartPng.write(dir.resolve(file), chart, WIDTH, HEIGHT);
        return new Chart(title, file);
    }

    /** One concurrency only: a point per scenario with its min–max whisker, and the theory as a grey dash. */
    private static Chart perScenario(Path dir, Workload w, List<CellTrials> cells) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        YIntervalSeries measured = new YIntervalSeries("measured");
        XYSeries theory = new XYSeries("theory (Little's law)");
        List<String> names = new ArrayList<>();
        ToDoubleFunction<CellResult> rps = CellResult::requestsPerSecond;
        for (CellTrials t : cells) {
            int x = names.size();
            names.add(t.cell().scenario().name());
            double median = t.median(rps);
            if (!Double.isNaN(median)) measured.add(x, median, t.min(rps), t.max(rps));
            if (!Double.isNaN(t.first().theory())) theory.add(x, t.first().theory());
        }
        data.addSeries(measured);
        XYSeriesCollection theories = new XYSeriesCollection(theory);
        String title = "throughput (req/s): " + w.describe() + ", c=" + cells.get(0).cell().concurrency();
        JFreeChart chart = ChartFactory.createXYLineChart(title, "scenario", "req/s", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYErrorRenderer renderer = whiskers(false);
        renderer.setSeriesPaint(0, PALETTE[0]);
        plot.setRenderer(renderer);
        XYLineAndShapeRenderer dash = new XYLineAndShapeRenderer(false, true);
        dash.setSeriesPaint(0, Color.GRAY);
        dash.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-12, -1.5, 24, 3));
        if (theory.getItemCount() > 0) {   // none at zero cost
            plot.setDataset(1, theories);
            plot.setRenderer(1, dash);
        }
        style(plot);
        SymbolAxis axis = new SymbolAxis("scenario", names.toArray(String[]::new));
        axis.setVerticalTickLabels(true);
        axis.setGridBandsVisible(false);
        plot.setDomainAxis(axis);
        NumberAxis yAxis = new NumberAxis("req/s");
        Range ys = bounds(data, theories, true);
        yAxis.setRange(0, Math.max(1, ys.getUpperBound() * 1.1));
        plot.setRangeAxis(yAxis);
        chart.addSubtitle(new TextTitle(trialsNote(cells)));
        String file = "throughput-" + w.key() + ".png";
        ChartPng.write(dir.resolve(file), chart, WIDTH, HEIGHT);
        return new Chart(title, file);
    }

    /** Points at the median, a vertical whisker over the trials' min–max. */
    private static XYErrorRenderer whiskers(boolean lines) {
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setDefaultLinesVisible(lines);
        r.setDefaultShapesVisible(true);
        r.setCapLength(6);
        return r;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static String trialsNote(List<CellTrials> cells) {
        int most = cells.stream().mapToInt(t -> t.measured().size()).max().orElse(0);
        return most > 1 ? "points: median of " + most + " trials (each a fresh server JVM); whiskers: min–max"
                : "one trial per point";
    }

    /** The range over both datasets (whiskers included; not the x intervals an XYSeriesCollection invents, which reach below 0 and void a log axis); [1, 10] if empty. */
    private static Range bounds(XYDataset a, XYDataset b, boolean range) {
        Range ra = range ? DatasetUtils.findRangeBounds(a, true) : DatasetUtils.findDomainBounds(a, false);
        Range rb = range ? DatasetUtils.findRangeBounds(b, true) : DatasetUtils.findDomainBounds(b, false);
        Range r = Range.combine(ra, rb);
        return r == null ? new Range(1, 10) : r;
    }

    /** Whole decades around [min, max], labelled as {@link LogAxes} does: c = 1, 10, 100, 1000 read at a glance. */
    private static LogAxis logAxis(String label, double min, double max) {
        LogAxis axis = LogAxes.of(label);
        if (min > 0 && max >= min) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            axis.setRange(low, high > low ? high : low * 10);
        }
        return axis;
    }

    private static Map<String, List<CellTrials>> byScenario(List<CellTrials> cells) {
        Map<String, List<CellTrials>> map = new LinkedHashMap<>();
        for (CellTrials r : cells) map.computeIfAbsent(r.cell().scenario().name(), k -> new ArrayList<>()).add(r);
        return map;
    }

    /** Log axes cannot show 0 or unknown values; such points are left out (and a whisker is cut at the median). */
    private static void addPositive(XYSeries series, double x, double y) {
        if (!Double.isNaN(y) && y > 0) series.add(x, y);
    }

    private static void addPositive(YIntervalSeries series, double x, double y, double low, double high) {
        if (!Double.isNaN(y) && y > 0) series.add(x, y, low > 0 ? low : y, high);
    }
}
