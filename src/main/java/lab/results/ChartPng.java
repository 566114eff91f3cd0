package lab.results;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jfree.chart.JFreeChart;

/**
 * Every chart the lab commits, as a PNG without an alpha channel at the strongest deflate level, its
 * lines and shapes drawn without anti-aliasing (its text keeps it). {@code ChartUtils.saveChartAsPNG}
 * writes anti-aliased RGBA at the JDK's default level (4). The charts are most of {@code results/}, which
 * this way carries 5.7 MB instead of 9.8 (issue #22 bounds it at 10 MB), and they stay readable.
 */
public final class ChartPng {

    private ChartPng() {}

    public static void write(Path file, JFreeChart chart, int width, int height) throws IOException {
        chart.setAntiAlias(false);   // the blended edge pixels are what deflate packs worst
        BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        // Through a stream: ImageIO's own file output overwrites in place, so a smaller chart kept the old one's tail.
        try (OutputStream bytes = Files.newOutputStream(file); ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f); // 0 is the smallest file: deflate level 9
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
