package lab.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import lab.measure.JfrStats;
import lab.measure.Numbers;

/**
 * The Markdown table of one workload's cells in {@code results/README.md}: one row per cell, each
 * measured number the median of the cell's trials with their min–max, e.g. {@code 982 (970–990)}.
 * A new metric joins with one line in {@link #COLUMNS}.
 */
final class ResultsTable {

    /** A column: its header, its Markdown alignment, and what it shows for a cell. */
    record Column(String header, String align, Function<CellTrials, String> value) {}

    static final List<Column> COLUMNS = List.of(
            new Column("scenario", "---", t -> "`" + t.cell().scenario().name() + "`"),
            new Column("k", "---", t -> t.first().capacityText()),
            new Column("c", "--:", t -> Integer.toString(t.cell().concurrency())),
            measured("req/s", CellResult::requestsPerSecond, Numbers::rate),
            new Column("theory", "--:", t -> t.wasSkipped() ? "" : Numbers.rate(t.first().theory())),
            measured("efficiency", CellResult::efficiency, Numbers::percent),
            measured("requests", r -> r.ab().completed(), Numbers::plain),
            measured("mean ms", r -> r.ab().meanMs(), Numbers::plain),
            percentile("p50 ms", 0.50, r -> r.ab().p50Ms()),
            percentile("p99 ms", 0.99, r -> r.ab().p99Ms()),
            measured("max ms", r -> r.ab().maxMs(), Numbers::plain),
            total("failed", r -> r.ab().failed()),
            total("non-2xx", r -> r.ab().non2xx()),
            new Column("peak RSS MB", "--:", t -> t.wasSkipped() ? "" : t.spread(CellResult::peakRssMb, Numbers::rate)
                    + (t.measured().stream().anyMatch(r -> r.usage().withDescendants()) ? " (with children)" : "")),
            measured("peak threads", r -> r.usage().peakThreads(), Numbers::plain),
            measured("CPU ms/req", CellResult::cpuMsPerRequest, Numbers::plain),
            measured("GC pause ms", r -> JfrStats.of(r.jfr(), JfrStats::gcPauseTotalMs), Numbers::plain),
            measured("GC max ms", r -> JfrStats.of(r.jfr(), JfrStats::gcPauseMaxMs), Numbers::plain),
            measured("alloc MB/s", r -> JfrStats.of(r.jfr(), JfrStats::allocMbPerSecond), Numbers::rate),
            total("VT pinned", r -> JfrStats.of(r.jfr(), JfrStats::pinned)),
            measured("heap KB/req", CellResult::heapKbPerRequest, Numbers::plain),
            measured("in flight", r -> r.heap() == null ? Double.NaN : r.heap().inFlight(), Numbers::plain),
            measured("pod CPU ms/req", CellResult::podCpuMsPerRequest, Numbers::plain),   // the pod columns: -Dcpus/-Dmemory only
            measured("throttled", CellResult::throttledShare, Numbers::percent),
            measured("throttled ms", CellResult::throttledMs, Numbers::plain),
            measured("pod peak MB", CellResult::podPeakMb, Numbers::rate),
            total("OOM kills", CellResult::oomKills),
            total("wasted calls", CellResult::wastedCalls),   // http work: the downstream's calls nobody read (StatsLine.wasted)
            measured("wasted ms", CellResult::wastedMs, Numbers::rate),
            new Column("note", "---", t -> t.note() == null ? "" : t.note().replace("|", "\\|")));

    private ResultsTable() {}

    /** Median (min–max) over the measured trials; blank for a skipped cell. */
    static Column measured(String header, ToDoubleFunction<CellResult> metric, DoubleFunction<String> format) {
        return new Column(header, "--:", t -> t.wasSkipped() ? "" : t.spread(metric, format));
    }

    /**
     * A latency percentile of ab's completed requests; from too few of them it says it is their
     * largest ({@link Numbers#quantile}: {@code max of 10: 1003}), counted in the trial with the fewest.
     */
    static Column percentile(String header, double q, ToDoubleFunction<CellResult> metric) {
        return new Column(header, "--:", t -> t.wasSkipped() ? ""
                : Numbers.quantile(q, t.spread(metric, Numbers::plain), Math.round(t.min(r -> r.ab().completed()))));
    }

    /** Summed over the trials: one trial's failures are not averaged away. */
    static Column total(String header, ToDoubleFunction<CellResult> metric) {
        return new Column(header, "--:", t -> t.wasSkipped() || Double.isNaN(t.median(metric)) ? "-" : Numbers.plain(t.sum(metric)));
    }

    /**
     * The table; a column that says nothing for any of these cells (the heap columns outside the
     * memory cells, JFR's without a recording) is left out, so each table shows only what was measured.
     */
    static String markdown(List<CellTrials> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (CellTrials t : cells) rows.add(COLUMNS.stream().map(c -> c.value().apply(t)).toList());
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            int col = i;
            if (rows.stream().anyMatch(r -> !r.get(col).isEmpty() && !r.get(col).equals("-"))) shown.add(i);
        }
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", shown.stream().map(i -> COLUMNS.get(i).header()).toList())).append(" |\n");
        md.append('|').append(String.join("|", shown.stream().map(i -> COLUMNS.get(i).align()).toList())).append("|\n");
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", shown.stream().map(row::get).toList())).append(" |\n");
        }
        return md.toString();
    }
}
