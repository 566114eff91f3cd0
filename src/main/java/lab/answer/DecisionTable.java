package lab.answer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import lab.measure.Numbers;
import lab.results.Csv;

/**
 * The decision table at the top of {@code results/README.md}: one row per model a user chooses
 * between, one column per question, each value the median of its trials in a committed CSV and linked
 * to the preset README it came from. Nothing here is typed in by hand but which cell answers which
 * question ({@link #COLUMNS}); a rerun of a preset changes the table at the next {@code -Prender}.
 */
public final class DecisionTable {

    /** The models that serve without blocking a platform thread per request, and {@code platform-threads} for scale. */
    static final List<String> MODELS = List.of("reactive-delay", "virtual-threads", "virtual-threads-jetty",
            "virtual-threads-tomcat", "reactive-virtual", "platform-threads");

    /**
     * A question: its header, the preset README it links to, its numbers for a model, how they read, and
     * a word from the data beside them where a number alone would mislead (empty: none).
     */
    record Column(String header, String link, Metric metric, java.util.function.Function<double[], String> text, Note note) {

        Column(String header, String link, Metric metric, java.util.function.Function<double[], String> text) {
            this(header, link, metric, text, (d, m) -> Optional.empty());
        }
    }

    @FunctionalInterface
    interface Note {
        Optional<String> of(Data data, String model) throws IOException;
    }

    @FunctionalInterface
    interface Metric {
        /** The numbers for {@code model}, or empty where the preset did not run it. */
        Optional<double[]> of(Data data, String model) throws IOException;
    }

    private static final Predicate<Csv.Row> SLEEP_C1000 = r -> is(r, "work", "sleep") && is(r, "cost_ms", "100")
            && is(r, "concurrency", "1000");

    static final List<Column> COLUMNS = List.of(
            new Column("sleep 100 ms at c = 1,000: req/s, p99 ms", "ab/default/README.md",
                    (d, m) -> d.medians("ab/default", m, SLEEP_C1000, "rps", "p99_ms"),
                    v -> Numbers.rate(v[0]) + ", " + Numbers.plain(v[1])),
            new Column("threads there", "ab/default/README.md",
                    (d, m) -> d.medians("ab/default", m, SLEEP_C1000, "peak_threads"), v -> Numbers.plain(v[0])),
            new Column("live heap KB per request in flight (c = 10,000)", "ab/memory/README.md",
                    (d, m) -> d.medians("ab/memory", m, r -> is(r, "concurrency", "10000"), "heap_kb_per_request"),
                    v -> Numbers.plain(v[0])),
            new Column("250 slow clients, then c = 10: req/s (theory)", "ab/slowloris/README.md",
                    (d, m) -> d.medians("ab/slowloris", m, r -> is(r, "concurrency", "10"), "rps", "theory_rps"),
                    v -> Numbers.rate(v[0]) + " (" + Numbers.rate(v[1]) + ")"),
            new Column("0.25-CPU pod, warmed, sleep 100 ms: req/s at the highest step with p99 ≤ 200 ms", "load/pod-warm/README.md",
                    (d, m) -> d.bestPodStep("load/pod-warm", m, "sleep", "0.25"), v -> v.length == 0 ? "none" : Numbers.rate(v[0])),
            new Column("the same burst to each in a 0.15-CPU pod, 250 → 1,000 req/s for 10 s: answered req/s, p99 ms (trials' range), "
                    + "seconds to recover", "load/pod-spike/README.md", (d, m) -> d.spike("load/pod-spike", m),
                    v -> Numbers.rate(v[0]) + ", " + Numbers.rate(v[1]) + " (" + Numbers.rate(v[2]) + "–" + Numbers.rate(v[3]) + "), "
                            + (Double.isInfinite(v[4]) ? "not within " + Numbers.plain(v[5]) + " s" : Numbers.plain(v[4]) + " s")),
            impatient("load/impatient", "impatient clients at 150 % of k/T: goodput req/s unaided → with -DpoolWait=50ms"),
            impatient("load/impatient-db", "the same on the database (pg_sleep)"),
            new Column("fan-out of 4 http calls: p50 ms", "ab/shapes/README.md",
                    (d, m) -> d.medians("ab/shapes", m, r -> is(r, "workload", "http-100ms-fanout4"), "p50_ms"), v -> Numbers.plain(v[0])),
            new Column("in a 512 MB pod: in flight when it gave (default heap), and how", "memory-run/README.md",
                    (d, m) -> d.memoryRun(m), v -> Numbers.plain(v[0]), (d, m) -> d.memoryRunFailure(m)));

    private DecisionTable() {}

    /** An impatient preset's 150 % step: goodput unaided, then with the pool's wait bounded at 50 ms. */
    private static Column impatient(String preset, String header) {
        return new Column(header, preset + "/README.md", (d, m) -> {
            Optional<double[]> unaided = d.medians(preset, m, r -> is(r, "step", "150%") && is(r, "variant", ""), "goodput_rps");
            Optional<double[]> bounded = d.medians(preset, m, r -> is(r, "step", "150%") && is(r, "variant", "poolWait=50ms"),
                    "goodput_rps");
            return unaided.isEmpty() || bounded.isEmpty() ? Optional.empty()
                    : Optional.of(new double[] {unaided.get()[0], bounded.get()[0]});
        }, v -> Numbers.rate(v[0]) + " → " + Numbers.rate(v[1]),
                // as the preset's own table marks it: a figure from trials the generator could not drive is not the server's
                (d, m) -> d.clientBound(preset, m, r -> is(r, "step", "150%") && is(r, "variant", ""))
                        ? Optional.of("unaided client-bound") : Optional.empty());
    }

    /** The Markdown table from the committed data under {@code results}. */
    public static String table(Path results) throws IOException {
        return table(new Data(results));
    }

    /** The table from {@code data} (a renderer that also draws the chart reads each CSV once). */
    static String table(Data data) throws IOException {
        StringBuilder md = new StringBuilder("| model |");
        for (Column c : COLUMNS) md.append(' ').append(c.header()).append(" |");
        md.append("\n|---|").append("---|".repeat(COLUMNS.size())).append('\n');
        for (String model : MODELS) {
            md.append("| `").append(model).append("` |");
            for (Column c : COLUMNS) {
                Optional<double[]> v = c.metric().of(data, model);
                String note = c.note().of(data, model).map(n -> ", " + n).orElse("");
                md.append(' ').append(v.map(n -> "[" + c.text().apply(n) + note + "](" + c.link() + ")").orElse("–")).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    static boolean is(Csv.Row r, String column, String value) {
        return r.text(column).equals(value);
    }

    static double median(List<Csv.Row> rows, String column) {
        double[] v = rows.stream().mapToDouble(r -> r.number(column)).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** A load cell's trials whose numbers are the server's, as {@code lab.load.SweepCell.counted}: all if every one was client-bound. */
    static List<Csv.Row> counted(List<Csv.Row> trials) {
        List<Csv.Row> clean = trials.stream().filter(r -> !r.has("client_bound")).toList();
        return clean.isEmpty() ? trials : clean;
    }

    /** The committed CSVs, each read once. */
    static final class Data {

        private final Path results;
        private final Map<String, List<Csv.Row>> files = new java.util.HashMap<>();

        Data(Path results) {
            this.results = results;
        }

        List<Csv.Row> rows(String file) throws IOException {
            List<Csv.Row> rows = files.get(file);
            if (rows == null) {
                Path p = results.resolve(file);
                rows = Files.exists(p) ? Csv.read(p) : List.of();
                files.put(file, rows);
            }
            return rows;
        }

        /**
         * The medians over the trials of one model's cell in {@code preset}'s {@code cells.csv}, or empty if it has
         * none; a load step's client-bound trials left out, as the preset's own tables count them.
         */
        Optional<double[]> medians(String preset, String model, Predicate<Csv.Row> which, String... columns) throws IOException {
            List<Csv.Row> rows = counted(rows(preset + "/cells.csv").stream().filter(r -> is(r, "scenario", model)).filter(which).toList());
            if (rows.isEmpty()) return Optional.empty();
            return Optional.of(Arrays.stream(columns).mapToDouble(c -> median(rows, c)).toArray());
        }

        /** Whether every trial of these rows was one the generator could not drive (the median is then theirs). */
        boolean clientBound(String preset, String model, Predicate<Csv.Row> which) throws IOException {
            List<Csv.Row> rows = rows(preset + "/cells.csv").stream().filter(r -> is(r, "scenario", model)).filter(which).toList();
            return !rows.isEmpty() && rows.stream().allMatch(r -> r.has("client_bound"));
        }

        /**
         * The pod preset's highest step whose p99 stayed within 2 T in every trial, as its sizing table
         * counts it ({@code lab.load.PodSizing}): its median achieved req/s; no numbers if no step did.
         */
        Optional<double[]> bestPodStep(String preset, String model, String work, String cpus) throws IOException {
            List<Csv.Row> rows = rows(preset + "/cells.csv").stream().filter(r -> is(r, "scenario", model) && is(r, "work", work)
                    && is(r, "pod_cpus", cpus)).toList();
            if (rows.isEmpty()) return Optional.empty();
            double limit = 2 * rows.get(0).number("cost_ms");
            List<Csv.Row> best = null;
            for (String step : rows.stream().map(r -> r.text("step")).distinct().toList()) {
                List<Csv.Row> trials = counted(rows.stream().filter(r -> is(r, "step", step)).toList());
                boolean within = trials.stream().allMatch(r -> r.number("p99_ms") <= limit);
                if (within && (best == null || trials.get(0).number("offered_rps") > best.get(0).number("offered_rps"))) best = trials;
            }
            return Optional.of(best == null ? new double[0] : new double[] {median(best, "achieved_rps")});
        }

        /**
         * A spike preset's spike phase for {@code model}, over every trial as the preset's own spike table counts them
         * (a spike's flag says the generator was late by tens of ms somewhere, against p99s of seconds): the medians of
         * answered req/s and the 200s' p99, the p99's least and largest, the median seconds until the timeline was as
         * good as before (infinite where a trial's run ended first: it counts as the longest), and the seconds watched.
         */
        Optional<double[]> spike(String preset, String model) throws IOException {
            List<Csv.Row> rows = rows(preset + "/spikes.csv").stream()
                    .filter(r -> is(r, "scenario", model) && is(r, "step", "spike")).toList();
            if (rows.isEmpty()) return Optional.empty();
            double[] recovery = rows.stream().mapToDouble(r -> r.number("recovery_s"))
                    .map(x -> Double.isNaN(x) ? Double.POSITIVE_INFINITY : x).sorted().toArray();
            double recovered = recovery.length % 2 == 1 ? recovery[recovery.length / 2]
                    : (recovery[recovery.length / 2 - 1] + recovery[recovery.length / 2]) / 2;
            double watched = rows(preset + "/spike-timeline.csv").stream().filter(r -> is(r, "scenario", model))
                    .mapToDouble(r -> r.number("t_s")).max().orElse(Double.NaN) + rows.get(0).number("bucket_s")
                    - rows.get(0).number("spike_end_s");
            double[] p99 = rows.stream().mapToDouble(r -> r.number("p99_ms")).sorted().toArray();
            return Optional.of(new double[] {median(rows, "achieved_rps"), median(rows, "p99_ms"), p99[0], p99[p99.length - 1],
                    recovered, watched});
        }

        /** The memory run in the 512 MB pod with the default heap: in flight when it gave. */
        Optional<double[]> memoryRun(String model) throws IOException {
            return memoryRunRow(model).map(r -> new double[] {r.number("in_flight_at_failure")});
        }

        /** What gave there ({@code connection bound}, {@code OutOfMemoryError}, ...). */
        Optional<String> memoryRunFailure(String model) throws IOException {
            return memoryRunRow(model).map(r -> r.text("failure"));
        }

        private Optional<Csv.Row> memoryRunRow(String model) throws IOException {
            return rows("memory-run/runs.csv").stream()
                    .filter(r -> is(r, "scenario", model) && is(r, "pod_mb", "512") && is(r, "heap", "default")).findFirst();
        }
    }
}
