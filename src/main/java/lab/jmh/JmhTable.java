package lab.jmh;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.measure.Numbers;
import lab.results.Environment;
import lab.results.Harness;
import lab.results.MarkedBlock;

/**
 * The Markdown table of a JMH JSON result file, and the regeneration of that table between the
 * marker comments of {@code results/jmh/README.md}. The numbers are only ever copied from JMH's
 * JSON, never typed; the hand-written text around the markers is kept as it is. Needs no JMH
 * classes (it reads JMH's published JSON format), so it lives in the main tree where the default
 * build tests it.
 */
public final class JmhTable {

    public static final String BEGIN = "<!-- jmh:table:begin -->";
    public static final String END = "<!-- jmh:table:end -->";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhTable() {}

    /** The table (with a line naming its source) for the JMH JSON file {@code results}. */
    public static String render(Path results) {
        JsonNode runs;
        try {
            runs = JSON.readTree(results.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(results + " is not JMH JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + results, e);
        }
        if (runs == null || !runs.isArray()) throw new IllegalArgumentException(results + " is not a JMH JSON array of runs");
        return render(runs, results.getFileName().toString());
    }

    static String render(JsonNode runs, String source) {
        StringBuilder out = new StringBuilder();
        if (runs.isEmpty()) return "No benchmark ran in `" + source + "`.\n";
        JsonNode first = runs.get(0);
        out.append("From `").append(source).append("`: JMH ").append(first.path("jmhVersion").asText("?"))
                .append(", ").append(first.path("vmName").asText("?")).append(' ')
                .append(first.path("vmVersion").asText("?")).append(", ")
                .append(first.path("forks").asInt()).append(" fork(s), ")
                .append(first.path("warmupIterations").asInt()).append(" x ").append(first.path("warmupTime").asText("?"))
                .append(" warm-up, ").append(first.path("measurementIterations").asInt()).append(" x ")
                .append(first.path("measurementTime").asText("?")).append(" measured.\n\n");
        out.append("| benchmark | params | mode | score ± error | unit | samples | p50 | p99 |\n");
        out.append("|---|---|---|---:|---|---:|---:|---:|\n");
        for (JsonNode run : runs) {
            JsonNode metric = run.path("primaryMetric");
            double score = metric.path("score").asDouble(Double.NaN);
            double error = metric.path("scoreError").asDouble(Double.NaN);   // JMH writes "NaN" with one iteration
            boolean sample = "sample".equals(run.path("mode").asText());
            JsonNode percentiles = metric.path("scorePercentiles");
            out.append("| ").append(cell(shortName(run.path("benchmark").asText())))
                    .append(" | ").append(cell(params(run.path("params"))))
                    .append(" | ").append(cell(run.path("mode").asText()))
                    .append(" | ").append(format(score)).append(Double.isNaN(error) ? "" : " ± " + format(error))
                    .append(" | ").append(cell(metric.path("scoreUnit").asText()))
                    .append(" | ").append(sample && samples(metric) > 0 ? Long.toString(samples(metric)) : "")
                    .append(" | ").append(sample ? Numbers.quantile(0.50, format(percentiles.path("50.0").asDouble(Double.NaN)), samples(metric)) : "")
                    .append(" | ").append(sample ? Numbers.quantile(0.99, format(percentiles.path("99.0").asDouble(Double.NaN)), samples(metric)) : "")
                    .append(" |\n");
        }
        return out.toString();
    }

    /**
     * {@code mvn verify -Prender}: the table of {@code results/jmh/README.md} drawn again from the
     * JSON file its block names (the newest {@code jmh-*.json} if it names none) and the run's
     * {@code environment.json}, with no benchmark run.
     */
    public static void main(String[] args) {
        Harness.step("the JMH render", () -> {
            Path dir = Path.of(System.getProperty("render.out", "results")).resolve("jmh");
            Path json = rerender(dir);
            System.out.println("render: " + dir.resolve("README.md") + ": the table of " + json);
        });
    }

    /** Re-renders the table of {@code dir/README.md}; returns the JSON file it came from. */
    public static Path rerender(Path dir) throws IOException {
        Path readme = dir.resolve("README.md");
        String block = MarkedBlock.content(Files.readString(readme), BEGIN, END).orElse("");
        Matcher named = SOURCE.matcher(block);
        Path json;
        if (named.find()) {
            json = dir.resolve(named.group(1));
        } else {
            try (Stream<Path> files = Files.list(dir)) {
                json = files.filter(f -> f.getFileName().toString().matches("jmh-.*\\.json")).max(Comparator.naturalOrder())
                        .orElseThrow(() -> new IOException(dir + " holds no jmh-*.json"));
            }
        }
        update(readme, json, preface(Environment.read(dir)));
        return json;
    }

    private static final Pattern SOURCE = Pattern.compile("From `([^`/]+\\.json)`");

    /** The line above the table: the command and the machine of the run ({@code environment.json}). */
    public static String preface(Environment env) {
        return "_Measured with `" + env.facts().get("command") + "`: " + env.summary() + " ([environment.json](" + Environment.FILE + "))._";
    }

    /**
     * Drops JMH's raw histograms ({@code rawDataHistogram}: every sample-mode iteration's buckets,
     * megabytes per run) from {@code json}, keeping what they counted as {@value #SAMPLES} (the
     * lab's own field: how many samples the percentiles come from); scores, errors, percentiles and
     * the per-iteration {@code rawData} stay.
     */
    public static void strip(Path json) throws IOException {
        JsonNode runs = JSON.readTree(json.toFile());
        removeHistograms(runs);
        JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), runs);
    }

    /** The sample count a stripped metric keeps. */
    static final String SAMPLES = "sampleCount";

    private static void removeHistograms(JsonNode node) {
        if (node instanceof ObjectNode o && o.has("rawDataHistogram")) {
            long n = 0;   // forks, then iterations, then [value, count] pairs
            for (JsonNode fork : o.get("rawDataHistogram")) for (JsonNode it : fork) for (JsonNode pair : it) n += pair.path(1).asLong();
            o.remove("rawDataHistogram");
            o.put(SAMPLES, n);
        }
        node.forEach(JmhTable::removeHistograms);
    }

    /** A sample-mode metric's sample count: the stripped file's field, else the histogram's sum; 0 if neither. */
    static long samples(JsonNode metric) {
        if (metric.has(SAMPLES)) return metric.get(SAMPLES).asLong();
        long n = 0;
        for (JsonNode fork : metric.path("rawDataHistogram")) for (JsonNode it : fork) for (JsonNode pair : it) n += pair.path(1).asLong();
        return n;
    }

    /** Replaces what lies between the markers of {@code readme} with the table of {@code results}. */
    public static void update(Path readme, Path results) {
        update(readme, results, "");
    }

    /** The same, with {@code preface} (e.g. where it was measured) as a paragraph above the table. */
    public static void update(Path readme, Path results, String preface) {
        String table = (preface.isBlank() ? "" : preface.strip() + "\n\n") + render(results);
        try {
            Files.writeString(readme, replaceBetweenMarkers(Files.readString(readme), table, readme.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + readme, e);
        }
    }

    static String replaceBetweenMarkers(String text, String table, String where) {
        Optional<String> replaced;
        try {
            replaced = MarkedBlock.replace(text, BEGIN, END, table);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " " + e.getMessage(), e);
        }
        return replaced.orElseThrow(() -> new IllegalArgumentException(where + " lacks the markers " + BEGIN + " ... " + END));
    }

    /** {@code lab.jmh.HopBenchmark.hop} → {@code HopBenchmark.hop}: the package is the same for all. */
    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(type + 1);
    }

    private static String params(JsonNode params) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : params.properties()) pairs.add(p.getKey() + "=" + p.getValue().asText());
        return String.join(", ", pairs);
    }

    /** Three significant digits, as plain decimals: 0.0123, 1.23, 123, 12300. */
    static String format(double value) {
        if (Double.isNaN(value)) return "NaN";
        if (Double.isInfinite(value)) return value > 0 ? "∞" : "-∞";
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3));
        if (rounded.scale() < 0) rounded = rounded.setScale(0);
        return rounded.toPlainString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
