package lab.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lab.measure.Numbers;
import lab.measure.Spread;
import lab.results.ChartPng;
import lab.results.LogAxes;
import lab.results.Palette;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The load run's PNGs (JFreeChart, as the ab comparison's): per scenario p50/p99 against the
 * offered rate with the knee k/T marked; achieved against offered for all scenarios; per scenario
 * the spike's timeline (p99 and 503s per half second). Points are trial medians with min–max bars.
 */
public final class LoadCharts {

    /** A written chart: what it shows and its file name. */
    public record Chart(String title, String file, String scenario) {}

    private static final int WIDTH = 960;
    private static final int HEIGHT = 560;
    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
            new float[] {6f, 4f}, 0f);

    private LoadCharts() {}

    public static List<Chart> write(Path dir, List<SweepCell> cells, List<SpikeResult> spikes, String pinning) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Chart> charts = new ArrayList<>();
        Map<String, List<SweepCell>> byTarget = new LinkedHashMap<>();
        for (SweepCell c : cells) byTarget.computeIfAbsent(c.target().key(), k -> new ArrayList<>()).add(c);
        for (List<SweepCell> target : byTarget.values()) charts.add(latency(dir, target, pinning));
        Map<String, List<SweepCell>> byWorkload = new LinkedHashMap<>();
        for (SweepCell c : cells) byWorkload.computeIfAbsent(c.target().workload().key(), k -> new ArrayList<>()).add(c);
        for (List<SweepCell> w : byWorkload.values()) {
            charts.add(achieved(dir, w, pinning, "achieved", "achieved (200s answered per s)", r -> r.stats().achieved()));
            // impatient clients: the answers in time, per model, with and without the server's deadline
            if (w.stream().anyMatch(c -> c.trials().stream().anyMatch(r -> r.patience() != null))) {
                charts.add(achieved(dir, w, pinning, "goodput", "goodput (200s within the client's timeout, per s)",
                        r -> r.patience() == null ? Double.NaN : r.patience().goodput()));
            }
            // the downstream's time nobody read, per step (log axis: a step with none has no point)
            if (w.stream().anyMatch(c -> c.trials().stream().anyMatch(r -> r.wasted() != null))) {
                charts.add(achieved(dir, w, pinning, "wasted", "downstream ms nobody read, per step",
                        StepResult::wastedDownstreamMs));
            }
        }
        Map<String, List<SpikeResult>> spikesByTarget = new LinkedHashMap<>();
        for (SpikeResult s : spikes) spikesByTarget.computeIfAbsent(s.target().key(), k -> new ArrayList<>()).add(s);
        for (List<SpikeResult> s : spikesByTarget.values()) charts.add(spike(dir, s, pinning));
        return charts;
    }

    private static Chart latency(Path dir, List<SweepCell> cells, String pinning) throws IOException {
        LoadPlan.Target t = cells.get(0).target();
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(series("p50", cells, r -> r.stats().p50()));
        data.addSeries(series("p99", cells, r -> r.stats().p99()));
        String title = "latency vs offered rate: " + t.describe() + ", " + t.workload().describe();
        XYPlot plot = errorPlot(data, logAxis("offered rate (req/s)"), logAxis("latency from intended send (ms)"));
        if (!Double.isNaN(t.knee())) {
            ValueMarker knee = new ValueMarker(t.knee(), Color.DARK_GRAY, DASHED);
            knee.setLabel("knee k/T = " + Numbers.rate(t.knee()) + " req/s");
            knee.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            knee.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(knee);
        }
        String file = "latency-" + t.key() + ".png";
        save(dir, file, title, plot, (Double.isNaN(t.knee()) ? "no knee: k unbounded for this work; " : "")
                + "median of trials, bars min–max; " + pinning);
        return new Chart(title, file, t.scenario().name());
    }

    private static Chart achieved(Path dir, List<SweepCell> cells, String pinning, String what, String axis,
                                  ToDoubleFunction<StepResult> value) throws IOException {
        Map<String, List<SweepCell>> byScenario = new LinkedHashMap<>();
        for (SweepCell c : cells) byScenario.computeIfAbsent(c.target().describe(), k -> new ArrayList<>()).add(c);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        byScenario.forEach((name, list) -> data.addSeries(series(name, list, value)));
        XYPlot plot = errorPlot(data, logAxis("offered rate (req/s)"), logAxis(axis));
        if (what.equals("wasted")) {   // milliseconds, not a rate: no diagonal
            String title = "wasted downstream time vs offered: " + cells.get(0).target().workload().describe();
            String file = "wasted-" + cells.get(0).target().workload().key() + ".png";
            save(dir, file, title, plot, "median of trials, bars min–max; " + pinning);
            return new Chart(title, file, "");
        }
        XYSeriesCollection diagonal = new XYSeriesCollection();
        XYSeries same = new XYSeries(what + " = offered");
        double lo = cells.stream().mapToDouble(SweepCell::offered).min().orElse(1);
        double hi = cells.stream().mapToDouble(SweepCell::offered).max().orElse(10);
        same.add(lo, lo);
        same.add(hi, hi);
        diagonal.addSeries(same);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, Color.GRAY);
        line.setSeriesStroke(0, DASHED);
        plot.setDataset(1, diagonal);
        plot.setRenderer(1, line);
        String key = cells.get(0).target().workload().key();
        String title = what + " vs offered: " + cells.get(0).target().workload().describe();
        String file = what + "-" + key + ".png";
        save(dir, file, title, plot, "median of trials, bars min–max; " + pinning);
        return new Chart(title, file, "");
    }

    private static Chart spike(Path dir, List<SpikeResult> trials, String pinning) throws IOException {
        LoadPlan.Target t = trials.get(0).target();
        Timeline first = trials.get(0).timeline();
        YIntervalSeries p99 = new YIntervalSeries("p99 per " + Numbers.plain(first.bucketSeconds()) + " s");
        XYSeries shed = new XYSeries("503s per s");
        XYSeries failed = new XYSeries("errors per s");
        for (int i = 0; i < first.buckets().size(); i++) {
            int b = i;
            List<Timeline.Bucket> at = trials.stream().filter(s -> s.timeline().buckets().size() > b)
                    .map(s -> s.timeline().buckets().get(b)).toList();
            Spread p = Spread.of(at.stream().map(Timeline.Bucket::p99).toList());
            double x = first.buckets().get(i).t();
            if (!Double.isNaN(p.median())) p99.add(x, p.median(), p.min(), p.max());
            shed.add(x, Spread.of(at.stream().map(k -> (double) k.unavailable()).toList()).median() / first.bucketSeconds());
            failed.add(x, Spread.of(at.stream().map(k -> (double) k.errors()).toList()).median() / first.bucketSeconds());
        }
        YIntervalSeriesCollection latency = new YIntervalSeriesCollection();
        latency.addSeries(p99);
        XYPlot plot = errorPlot(latency, new NumberAxis("seconds from the spike's start"), logAxis("p99 from intended send (ms)"));
        XYSeriesCollection counts = new XYSeriesCollection();
        counts.addSeries(shed);
        counts.addSeries(failed);
        NumberAxis perSecond = new NumberAxis("503s / errors per s");
        perSecond.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        double most = Math.max(shed.getMaxY(), failed.getMaxY());
        perSecond.setRange(0, Double.isNaN(most) || most < 5 ? 5 : most * 1.1);   // counts: from zero up
        plot.setRangeAxis(1, perSecond);
        plot.setDataset(1, counts);
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer bars = new XYLineAndShapeRenderer(true, false);
        bars.setSeriesPaint(0, new Color(0xd62728));
        bars.setSeriesPaint(1, new Color(0x7f7f7f));
        plot.setRenderer(1, bars);
        IntervalMarker window = new IntervalMarker(first.spikeStart(), first.spikeEnd(), new Color(255, 200, 120, 70));
        window.setLabel("the spike: " + Numbers.rate(trials.get(0).phase("spike").offered()) + " req/s");   // a preset of the same rates has no capacity
        window.setLabelAnchor(RectangleAnchor.TOP);
        plot.addDomainMarker(window);
        SpikeResult r = trials.get(0);
        String title = String.format("spike: %s, %s, %s → %s → %s req/s", t.scenario().name(), t.workload().describe(),
                Numbers.rate(r.phase("before").offered()), Numbers.rate(r.phase("spike").offered()), Numbers.rate(r.phase("after").offered()));
        String file = "spike-" + t.key() + ".png";
        StringBuilder recovery = new StringBuilder("recovered after the spike: ");
        for (SpikeResult s : trials) recovery.append(s.trial() > 1 ? ", " : "").append(s.timeline().recoveryText());
        save(dir, file, title, plot, recovery + "; p99 median of trials, bars min–max; " + pinning);
        return new Chart(title, file, t.scenario().name());
    }

    private static YIntervalSeries series(String name, List<SweepCell> cells, ToDoubleFunction<StepResult> value) {
        YIntervalSeries s = new YIntervalSeries(name);
        for (SweepCell c : cells) {
            Spread sp = c.spread(value);
            if (!Double.isNaN(sp.median()) && sp.min() > 0) s.add(c.offered(), sp.median(), sp.min(), sp.max());
        }
        return s;
    }

    private static XYPlot errorPlot(YIntervalSeriesCollection data, org.jfree.chart.axis.ValueAxis x,
                                    org.jfree.chart.axis.ValueAxis y) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Palette.paint(i));
            if (Palette.repeats(i)) renderer.setSeriesStroke(i, DASHED);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static void save(Path dir, String file, String title, XYPlot plot, String subtitle) throws IOException {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        ChartPng.write(dir.resolve(file), chart, WIDTH, HEIGHT);
    }

    /** A log axis labelled whatever its range ({@link LogAxes}: 100 ms and 10 s, or 105, 110, 115 ms). */
    private static LogAxis logAxis(String label) {
        return LogAxes.of(label);
    }
}
