package lab.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhTableTest {

    /** Three runs recorded by a smoke run of the jmh profile (the histogram cut short): two avgt, one sample. */
    private static Path sample() throws URISyntaxException {
        return Path.of(JmhTableTest.class.getResource("/jmh/sample.json").toURI());
    }

    @Test
    void oneRowPerRunWithPercentilesOnlyForSampleTime() throws Exception {
        String table = JmhTable.render(sample());
        assertTrue(table.startsWith("From `sample.json`: JMH 1.37, OpenJDK 64-Bit Server VM 25.0.3+9-LTS, 1 fork(s), "
                + "1 x 300 ms warm-up, 2 x 300 ms measured.\n"), table);
        assertTrue(table.contains("""
                | benchmark | params | mode | score ± error | unit | samples | p50 | p99 |
                |---|---|---|---:|---|---:|---:|---:|
                | CpuWorkBenchmark.perform | cost=1ms | avgt | 1.01 | ms/op |  |  |  |
                | CpuWorkBenchmark.perform | cost=10ms | avgt | 9.82 | ms/op |  |  |  |
                | HttpBenchmark.oneClient | scenario=sync | sample | 253 ± 29.2 | us/op | 6 | 200 | max of 6: 2300 |
                """), table);   // two iterations: JMH gives no error ("NaN") for avgt, so none is printed;
                                 // the histogram, cut short, counts 6 samples: too few for a p99
    }

    @Test
    void regeneratesOnlyBetweenTheMarkersAndKeepsTheText(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Results\nhand-written\n" + JmhTable.BEGIN + "\nold table\n" + JmhTable.END + "\nmore text\n");
        JmhTable.update(readme, sample());
        JmhTable.update(readme, sample());   // twice: the second run replaces the first, no duplicate
        String text = Files.readString(readme);
        assertTrue(text.startsWith("# Results\nhand-written\n" + JmhTable.BEGIN + "\nFrom `sample.json`"), text);
        assertTrue(text.endsWith("| us/op | 6 | 200 | max of 6: 2300 |\n" + JmhTable.END + "\nmore text\n"), text);
        assertEquals(1, text.split("From `sample.json`", -1).length - 1, text);
    }

    @Test
    void aReadmeWithoutMarkersOrABadFileIsAOneLineError(@TempDir Path dir) throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "no markers\n");
        IllegalArgumentException noMarkers = assertThrows(IllegalArgumentException.class,
                () -> JmhTable.update(readme, sample()));
        assertTrue(noMarkers.getMessage().contains("lacks the markers"), noMarkers.getMessage());
        Path notJson = Files.writeString(dir.resolve("bad.json"), "# Run complete.\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> JmhTable.render(notJson));
        assertTrue(bad.getMessage().contains("is not JMH JSON"), bad.getMessage());
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertEquals("0.00768", JmhTable.format(0.0076809));
        assertEquals("1.01", JmhTable.format(1.00875));
        assertEquals("253", JmhTable.format(252.5196));
        assertEquals("128000", JmhTable.format(128188.416));
        assertEquals("NaN", JmhTable.format(Double.NaN));
    }
}
