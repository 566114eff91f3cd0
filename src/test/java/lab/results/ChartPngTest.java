package lab.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chart is written whole, without alpha, and the same over an older, larger file as into a new one. */
class ChartPngTest {

    @Test
    void aChartOverALargerOldFileIsTheChartAlone(@TempDir Path dir) throws IOException {
        Path fresh = dir.resolve("fresh.png");
        Path over = Files.write(dir.resolve("over.png"), new byte[2_000_000]);
        ChartPng.write(fresh, chart(), 960, 600);
        ChartPng.write(over, chart(), 960, 600);
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(over), "the old file's tail was kept");

        BufferedImage image = ImageIO.read(fresh.toFile());
        assertTrue(image.getWidth() == 960 && image.getHeight() == 600, image.toString());
        assertFalse(image.getColorModel().hasAlpha(), "a committed chart needs no alpha channel");
    }

    private static JFreeChart chart() {
        XYSeries s = new XYSeries("req/s");
        for (int i = 0; i < 50; i++) s.add(i, Math.sqrt(i));
        return ChartFactory.createXYLineChart("t", "x", "y", new XYSeriesCollection(s));
    }
}
