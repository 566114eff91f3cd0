package lab.compare;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lab.results.ChartPng;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The live-heap chart of a workload that reads it: KB per in-flight request, one bar per scenario and concurrency. */
final class HeapChart {

    private HeapChart() {}

    static Charts.Chart write(Path dir, Workload w, List<CellTrials> cells) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (CellTrials r : cells) {
            double kb = r.median(CellResult::heapKbPerRequest);   // the median of the trials
            if (!Double.isNaN(kb)) data.addValue(kb, "c=" + r.cell().concurrency(), r.cell().scenario().name());
        }
        String title = "live heap per in-flight request (KB, after a full GC): " + w.describe();
        JFreeChart chart = ChartFactory.createBarChart(title, "scenario", "KB per request", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        String file = "heap-" + w.key() + ".png";
        ChartPng.write(dir.resolve(file), chart, 960, 600);
        return new Charts.Chart(title, file);
    }
}
