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
import lab.config.Shape;
import lab.config.WorkKind;
import lab.results.ChartPng;
import lab.results.Palette;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of a run with {@code -Dshape} workloads (the shapes preset), across its workloads, per
 * work kind: median latency against the calls per request N (N = 1 from {@code single}) for chains
 * and for fan-outs, each scenario at the default pools and, dashed, at the larger pool; and measured
 * req/s against the pool arithmetic (Little's law with ⌊R / N⌋ and N·T), where the diagonal is
 * "as the arithmetic says". Points are the trials' medians. None for a run without shapes.
 */
final class ShapeCharts {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
            new float[] {6f, 4f}, 0f);
    private static final ToDoubleFunction<CellResult> P50 = r -> r.ab().p50Ms();
    private static final ToDoubleFunction<CellResult> RPS = CellResult::requestsPerSecond;

    private ShapeCharts() {}

    /** File names start with {@code shapes-} and end in the work kind, so no workload's table claims them. */
    static List<Charts.Chart> write(Path dir, List<CellTrials> results) throws IOException {
        List<CellTrials> ran = results.stream().filter(r -> !r.wasSkipped()).toList();
        if (ran.stream().allMatch(r -> r.cell().workload().shape().isSingle())) return List.of();
        Map<WorkKind, List<CellTrials>> byWork = new LinkedHashMap<>();
        for (CellTrials r : ran) byWork.computeIfAbsent(r.cell().workload().work(), k -> new ArrayList<>()).add(r);
        List<Charts.Chart> charts = new ArrayList<>();
        for (Map.Entry<WorkKind, List<CellTrials>> e : byWork.entrySet()) {
            String work = Workload.label(e.getKey());
            charts.add(latency(dir, work, e.getValue(), Shape.Kind.CHAIN));
            charts.add(latency(dir, work, e.getValue(), Shape.Kind.FANOUT));
            charts.add(arithmetic(dir, work, e.getValue()));
        }
        return charts;
    }

    /** p50 latency against N: a line per scenario from single (N = 1) to its chain or fan-out; dashed at the larger pool. */
    private static Charts.Chart latency(Path dir, String work, List<CellTrials> cells, Shape.Kind kind) throws IOException {
        Map<String, Map<String, XYSeries>> lines = new LinkedHashMap<>();   // scenario -> pool label -> its line
        for (CellTrials t : cells) {
            Shape shape = t.cell().workload().shape();
            if (shape.kind() != kind && !shape.isSingle()) continue;
            double p50 = t.median(P50);
            if (Double.isNaN(p50)) continue;
            String pool = poolLabel(t.cell().workload());
            lines.computeIfAbsent(t.cell().scenario().name(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(pool, k -> new XYSeries(t.cell().scenario().name() + (pool.isEmpty() ? "" : ", " + pool)))
                    .add(shape.calls(), p50);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int colour = 0;
        for (Map<String, XYSeries> pools : lines.values()) {
            Paint paint = Palette.paint(colour++);
            XYSeries atDefault = pools.get("");
            for (Map.Entry<String, XYSeries> p : pools.entrySet()) {
                XYSeries line = p.getValue();
                // a larger pool has no single cell of its own: it starts from the default pool's N = 1, which it does not change at c < pool
                if (!p.getKey().isEmpty() && atDefault != null && atDefault.indexOf(1.0) >= 0 && line.indexOf(1.0) < 0) {
                    line.add(1.0, atDefault.getY(atDefault.indexOf(1.0)));
                }
                int i = data.getSeriesCount();
                data.addSeries(line);
                renderer.setSeriesPaint(i, paint);
                if (!p.getKey().isEmpty()) renderer.setSeriesStroke(i, DASHED);
            }
        }
        String name = kind == Shape.Kind.CHAIN ? "chain" : "fanout";
        String title = "p50 latency vs calls per request N, " + name + ": " + work + " " + cost(cells) + ", c=" + concurrency(cells);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "calls per request N (1 = single)", "p50 latency (ms)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(renderer);
        style(plot);
        NumberAxis x = new NumberAxis("calls per request N (1 = single)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setDomainAxis(x);
        chart.addSubtitle(new TextTitle(kind == Shape.Kind.CHAIN
                ? "theory: N·T while c is within the pool; dashed: the larger pool"
                : "theory: T while c·N is within the pool, else c / (⌊pool/N⌋/T): waiting for connections; dashed: the larger pool"));
        String file = "shapes-latency-" + name + "-" + work + ".png";
        ChartPng.write(dir.resolve(file), chart, WIDTH, HEIGHT);
        return new Charts.Chart(title, file);
    }

    /** Measured req/s against the theory (min(c, k, ⌊pool/N⌋) / latency): a series per shape and pool, a point per scenario. */
    private static Charts.Chart arithmetic(Path dir, String work, List<CellTrials> cells) throws IOException {
        Map<String, XYSeries> byShape = new LinkedHashMap<>();
        double most = 1;
        for (CellTrials t : cells) {
            double measured = t.median(RPS);
            double theory = t.first().theory();
            if (Double.isNaN(measured) || Double.isNaN(theory) || Double.isInfinite(theory)) continue;
            Workload w = t.cell().workload();
            String pool = poolLabel(w);
            String label = w.shape() + (pool.isEmpty() ? ", default pools" : ", " + pool);
            byShape.computeIfAbsent(label, XYSeries::new).add(theory, measured);
            most = Math.max(most, Math.max(theory, measured));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        byShape.values().forEach(data::addSeries);
        XYSeries diagonal = new XYSeries("measured = theory");
        diagonal.add(0, 0);
        diagonal.add(most * 1.1, most * 1.1);
        String title = "req/s vs the pool arithmetic: " + work + " " + cost(cells) + ", c=" + concurrency(cells);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "theory (req/s): min(c, k, ⌊pool/N⌋) / latency", "measured (req/s)",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < data.getSeriesCount(); i++) points.setSeriesPaint(i, Palette.paint(i));
        plot.setRenderer(points);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, Color.GRAY);
        line.setSeriesStroke(0, DASHED);
        plot.setDataset(1, new XYSeriesCollection(diagonal));
        plot.setRenderer(1, line);
        style(plot);
        NumberAxis x = new NumberAxis("theory (req/s): min(c, k, ⌊pool/N⌋) / latency");
        x.setRange(0, most * 1.1);
        NumberAxis y = new NumberAxis("measured (req/s)");
        y.setRange(0, most * 1.1);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        chart.addSubtitle(new TextTitle("a point per scenario; on the diagonal: the pool arithmetic holds; below it: the model loses some"));
        String file = "shapes-throughput-" + work + ".png";
        ChartPng.write(dir.resolve(file), chart, WIDTH, HEIGHT);
        return new Charts.Chart(title, file);
    }

    /** {@code pool 32} for a workload with its own poolSize, empty at the default pools. */
    private static String poolLabel(Workload w) {
        String size = w.serverOptions().get("poolSize");
        return size == null ? "" : "pool " + size;
    }

    private static String cost(List<CellTrials> cells) {
        return lab.config.Durations.format(cells.get(0).cell().workload().cost());
    }

    private static String concurrency(List<CellTrials> cells) {
        return cells.stream().map(t -> String.valueOf(t.cell().concurrency())).distinct()
                .reduce((a, b) -> a + "," + b).orElse("");
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
}
