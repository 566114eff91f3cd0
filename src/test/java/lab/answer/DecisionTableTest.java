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

    /**
     * The burst column: medians over the trials, and a trial whose run ended before it recovered (recovery_s blank)
     * counts as the longest, so two of three unrecovered read "not within" the seconds watched.
     */
    @Test
    void aSpikeThatDidNotRecoverCountsAsTheLongest(@org.junit.jupiter.api.io.TempDir Path results) throws Exception {
        Path dir = Files.createDirectories(results.resolve("load/pod-spike"));
        StringBuilder spikes = new StringBuilder("scenario,trial,step,achieved_rps,p99_ms,client_bound,spike_end_s,recovery_s,bucket_s\n");
        StringBuilder timeline = new StringBuilder("scenario,trial,t_s\n");
        // trial 1 flagged: a spike's trials all count, as the preset's own spike table counts them
        String[][] trials = {{"1", "600", "7000", "20.5", "spike client-bound"}, {"2", "700", "8000", "", ""}, {"3", "650", "9000", "", ""}};
        for (String model : List.of("platform-threads", "reactive-delay")) {
            for (String[] t : trials) {
                String recovery = model.equals("reactive-delay") ? "0" : t[3];
                spikes.append(model).append(',').append(t[0]).append(",spike,").append(t[1]).append(',').append(t[2])
                        .append(',').append(t[4]).append(",10,").append(recovery).append(",0.5\n");
                timeline.append(model).append(',').append(t[0]).append(",39.5\n");
            }
        }
        Files.writeString(dir.resolve("spikes.csv"), spikes);
        Files.writeString(dir.resolve("spike-timeline.csv"), timeline);
        DecisionTable.Data data = new DecisionTable.Data(results);
        double[] platform = data.spike("load/pod-spike", "platform-threads").orElseThrow();
        assertEquals(650, platform[0], 1e-9);
        assertEquals(8000, platform[1], 1e-9);
        assertEquals(7000, platform[2], 1e-9);
        assertEquals(9000, platform[3], 1e-9);
        assertTrue(Double.isInfinite(platform[4]), "two of three not recovered: " + platform[4]);
        assertEquals(30, platform[5], 1e-9, "watched: the last bucket's end less the spike's");
        assertEquals(0, data.spike("load/pod-spike", "reactive-delay").orElseThrow()[4], 1e-9);
        String table = DecisionTable.table(data);
        assertTrue(table.contains("[650, 8000 (7000–9000), not within 30 s](load/pod-spike/README.md)"), table);
        assertTrue(table.contains("[650, 8000 (7000–9000), 0 s](load/pod-spike/README.md)"), table);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        List<lab.results.Csv.Row> rows = java.util.stream.Stream.of("4", "1", "3", "2")
                .map(v -> new lab.results.Csv.Row(java.util.Map.of("x", v), 0)).toList();
        assertEquals(2.5, DecisionTable.median(rows, "x"), 1e-9);
        assertEquals(3, DecisionTable.median(rows.subList(0, 3), "x"), 1e-9);
    }
}
