package lab.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import lab.compare.Render;
import lab.jmh.JmhTable;
import lab.load.LoadRender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Prender} on a small committed data set ({@code src/test/resources/render/in}: an ab
 * preset, a load preset with spikes and no README yet and one from before spikes.csv, a JMH file):
 * each preset's own README ({@link PresetReadme}) and the JMH README must
 * equal the committed {@code expected/} files byte for byte, so a renderer change that alters a
 * table shows here. After a deliberate change, {@code -Drender.update=true} rewrites {@code expected/}
 * (then read the diff). The smoke runs' {@code environment.json} record what they ran in words their
 * presets no longer use ({@link Environment#RUNS}): their READMEs must say what the run recorded. The
 * other two recorded none and are described by their presets. The PNGs are not compared with committed bytes (fonts differ between JDKs
 * and machines); they must decode, and a second render must write the same bytes.
 */
class RenderTest {

    private static final Path DATA = Path.of("src/test/resources/render");
    private static final List<String> TABLES = List.of("ab/smoke/README.md", "ab/shapes/README.md", "load/default/README.md", "load/smoke/README.md", "jmh/README.md");

    @Test
    void rendersTheCommittedDataToTheExpectedTablesAndStableCharts(@TempDir Path tmp) throws IOException {
        Path results = copy(DATA.resolve("in"), tmp.resolve("results"));
        renderAll(results);
        if (Boolean.getBoolean("render.update")) {
            for (String t : TABLES) Files.copy(results.resolve(t), Files.createDirectories(DATA.resolve("expected").resolve(t).getParent())
                    .resolve(Path.of(t).getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        for (String t : TABLES) {
            assertEquals(Files.readString(DATA.resolve("expected").resolve(t)), Files.readString(results.resolve(t)), t);
        }

        Map<Path, byte[]> charts = pngs(results);
        assertTrue(charts.size() >= 8, "charts: " + charts.keySet());
        for (Map.Entry<Path, byte[]> c : charts.entrySet()) {
            BufferedImage image = ImageIO.read(c.getKey().toFile());
            assertTrue(image != null && image.getWidth() == 960, c.getKey() + " is not a 960 px wide PNG");
        }
        renderAll(results);
        Map<Path, byte[]> again = pngs(results);
        assertEquals(charts.keySet(), again.keySet());
        for (Path p : charts.keySet()) assertArrayEquals(charts.get(p), again.get(p), p + " differs between two renders");
        for (String t : TABLES) {
            assertEquals(Files.readString(DATA.resolve("expected").resolve(t)), Files.readString(results.resolve(t)), t + ", rendered twice");
        }
    }

    @Test
    void strippingJmhHistogramsKeepsTheTable(@TempDir Path tmp) throws IOException {
        Path dir = copy(DATA.resolve("in/jmh"), tmp.resolve("jmh"));
        Path json = dir.resolve("jmh-20260101-000000.json");
        String before = JmhTable.render(json);
        assertTrue(Files.readString(json).contains("rawDataHistogram"), "the test file has a histogram to strip");
        JmhTable.strip(json);
        assertFalse(Files.readString(json).contains("rawDataHistogram"));
        assertTrue(Files.readString(json).contains("scorePercentiles"));
        assertEquals(before, JmhTable.render(json));
    }

    private static void renderAll(Path results) throws IOException {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Render.all(results, quiet);
        LoadRender.all(results, quiet);
        JmhTable.rerender(results.resolve("jmh"));
    }

    private static Map<Path, byte[]> pngs(Path dir) throws IOException {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) out.put(p, Files.readAllBytes(p));
        }
        return out;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dest);
                else Files.copy(p, dest);
            }
        }
        return to;
    }
}
