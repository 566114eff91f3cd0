package lab.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.results.MarkedBlock;
import org.junit.jupiter.api.Test;

/** The decision table at the top of results/README.md is the committed data's, and every value leads to its run. */
class DecisionTableTest {

    private static final Path RESULTS = Path.of("results");

    /** The README's block is what the committed CSVs give now: a rerun without -Prender, or a hand edit, fails here. */
    @Test
    void theReadmesTableIsTheCommittedDatas() throws Exception {
        String readme = Files.readString(RESULTS.resolve("README.md"), StandardCharsets.UTF_8);
        String block = MarkedBlock.content(readme, AnswerRender.BEGIN, AnswerRender.END).orElseThrow();
        assertEquals(AnswerRender.block(RESULTS).strip(), block.strip(), "run mvn verify -Prender");
        assertTrue(Files.size(RESULTS.resolve(AnswerRender.CHART)) > 10_000, "the chart");
    }

    /** One row per model, each value a link to a preset README that exists, and a cell checked against its CSV by hand. */
    @Test
    void everyValueLinksToTheRunItCameFrom() throws Exception {
        String table = DecisionTable.table(RESULTS);
        List<String> rows = table.lines().filter(l -> l.startsWith("| `")).toList();
        assertEquals(DecisionTable.MODELS.size(), rows.size(), table);
        Matcher link = Pattern.compile("\\]\\(([^)]+)\\)").matcher(table);
        int links = 0;
        while (link.find()) {
            assertTrue(Files.exists(RESULTS.resolve(link.group(1))), link.group(1));
            links++;
        }
        assertTrue(links >= DecisionTable.MODELS.size() * 5, links + " links in\n" + table);
        // ab/memory's cells.csv: virtual-threads-tomcat at c = 10,000 kept 113.92 KB per request in flight (one trial)
        String tomcat = rows.stream().filter(r -> r.startsWith("| `virtual-threads-tomcat` |")).findFirst().orElseThrow();
        assertTrue(tomcat.contains("[113.92](ab/memory/README.md)"), tomcat);
        // platform-threads is bounded: the memory run did not ramp it
        String platform = rows.stream().filter(r -> r.startsWith("| `platform-threads` |")).findFirst().orElseThrow();
        assertTrue(platform.endsWith("| – |"), platform);
        // load/impatient-db: every trial of reactive-delay's unaided 150 % was client-bound, and the cell says so
        String delay = rows.stream().filter(r -> r.startsWith("| `reactive-delay` |")).findFirst().orElseThrow();
        assertTrue(delay.contains(", unaided client-bound](load/impatient-db/README.md)"), delay);
        assertTrue(!platform.contains("client-bound"), platform);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        List<lab.results.Csv.Row> rows = java.util.stream.Stream.of("4", "1", "3", "2")
                .map(v -> new lab.results.Csv.Row(java.util.Map.of("x", v), 0)).toList();
        assertEquals(2.5, DecisionTable.median(rows, "x"), 1e-9);
        assertEquals(3, DecisionTable.median(rows.subList(0, 3), "x"), 1e-9);
    }
}
