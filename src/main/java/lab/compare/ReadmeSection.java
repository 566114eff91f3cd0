package lab.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.measure.Numbers;
import lab.results.MarkedBlock;

/**
 * The generated part of {@code results/README.md}: one block per preset between
 * {@code <!-- ab:PRESET:begin -->} and {@code <!-- ab:PRESET:end -->}. Everything outside the
 * markers is hand-written and kept as is; a missing block is appended at the end.
 */
public final class ReadmeSection {

    private ReadmeSection() {}

    public static String begin(String preset) {
        return "<!-- ab:" + preset + ":begin -->";
    }

    public static String end(String preset) {
        return "<!-- ab:" + preset + ":end -->";
    }

    /** Replaces (or appends) the preset's block in {@code readme}. */
    public static void update(Path readme, String preset, String block) throws IOException {
        String text = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "# Results\n";
        Files.writeString(readme, splice(text, preset, block), StandardCharsets.UTF_8);
    }

    static String splice(String text, String preset, String block) {
        try {
            return MarkedBlock.replaceOrAppend(text, begin(preset), end(preset), block, "## Preset `" + preset + "`");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the README " + e.getMessage(), e);
        }
    }

    /**
     * The tables and chart links of one run; paths relative to the README, which sits above {@code ab/}.
     * {@code header} says when, where and how it was measured (the environment's summary, the command).
     */
    public static String block(String preset, String header, List<CellTrials> results, List<Charts.Chart> charts) {
        String dir = "ab/" + preset + "/";
        StringBuilder md = new StringBuilder();
        md.append("_").append(header).append(" Every trial of every cell: [cells.csv](").append(dir)
                .append("cells.csv); ab's own output: [raw/](").append(dir).append("raw/); the machine: [environment.json](")
                .append(dir).append("environment.json)._\n");
        md.append(agreement(results));
        Map<String, List<CellTrials>> byWorkload = new LinkedHashMap<>();
        for (CellTrials r : results) byWorkload.computeIfAbsent(r.cell().workload().describe(), k -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<CellTrials>> e : byWorkload.entrySet()) {
            String key = e.getValue().get(0).cell().workload().key();
            md.append("\n### ").append(e.getKey()).append("\n\n");
            md.append(ResultsTable.markdown(e.getValue()));
            for (Charts.Chart c : charts) {
                if (c.file().endsWith("-" + key + ".png")) {
                    md.append("\n![").append(c.title()).append("](").append(dir).append(c.file()).append(")\n");
                }
            }
        }
        return md.toString();
    }

    /** Names the cells whose trials disagreed (req/s spread over {@link CellTrials#DISAGREEMENT} of the median). */
    static String agreement(List<CellTrials> results) {
        List<CellTrials> repeated = results.stream().filter(t -> t.measured().size() > 1).toList();
        if (repeated.isEmpty()) return "";
        List<String> disagreed = repeated.stream().filter(CellTrials::disagrees).map(t -> "`" + t.cell().scenario().name()
                + "` " + t.cell().workload().describe() + " c=" + t.cell().concurrency() + " (" + t.spreadText() + ")").toList();
        String limit = Numbers.percent(CellTrials.DISAGREEMENT);
        if (disagreed.isEmpty()) return "\nThe trials agreed: in every cell their req/s lay within " + limit + " of the median.\n";
        return "\nThe trials disagreed (req/s min–max spread over " + limit + " of the median) in " + disagreed.size()
                + " of " + repeated.size() + " cells: " + String.join(", ", disagreed) + ".\n";
    }
}
