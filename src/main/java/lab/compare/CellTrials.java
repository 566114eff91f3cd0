package lab.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import lab.measure.Spread;

/**
 * One cell over all its trials: what the tables and charts show. Every number is read through
 * {@link #median}, {@link #min} and {@link #max} of a {@code CellResult} getter, so a new per-cell
 * metric joins the tables and charts with one line each, e.g.
 * {@code t.spread(CellResult::peakRssMb, Numbers::plain)}. Skipped trials (the server did not
 * start) and unknown values (NaN) take no part; a cell with no measured trial is skipped.
 */
public record CellTrials(Cell cell, List<TrialResult> runs) {

    /** How far apart the trials' req/s may be, as a share of their median, before the cell is flagged. */
    public static final double DISAGREEMENT = 0.10;

    /** Groups a run's results by cell, in the order the cells first ran; trials in trial order. */
    public static List<CellTrials> of(List<TrialResult> results) {
        Map<Cell, List<TrialResult>> byCell = new LinkedHashMap<>();
        for (TrialResult r : results) byCell.computeIfAbsent(r.result().cell(), k -> new ArrayList<>()).add(r);
        List<CellTrials> cells = new ArrayList<>();
        byCell.forEach((cell, rs) -> cells.add(new CellTrials(cell, rs.stream()
                .sorted(Comparator.comparingInt(TrialResult::trial)).toList())));
        return cells;
    }

    /** The trials that were measured (not skipped). */
    public List<CellResult> measured() {
        return runs.stream().map(TrialResult::result).filter(r -> !r.wasSkipped()).toList();
    }

    public boolean wasSkipped() {
        return measured().isEmpty();
    }

    /** Any trial: capacity and theory are the cell's, the same in every trial. */
    public CellResult first() {
        return measured().isEmpty() ? runs.get(0).result() : measured().get(0);
    }

    /** The measured trials' values of {@code metric}: median, min, max (unknown values left out). */
    public Spread spreadOf(ToDoubleFunction<CellResult> metric) {
        return Spread.of(values(metric));
    }

    public double median(ToDoubleFunction<CellResult> metric) {
        return spreadOf(metric).median();
    }

    public double min(ToDoubleFunction<CellResult> metric) {
        return spreadOf(metric).min();
    }

    public double max(ToDoubleFunction<CellResult> metric) {
        return spreadOf(metric).max();
    }

    /** Sum over the measured trials (failures, non-2xx: a count that one trial had is not averaged away). */
    public double sum(ToDoubleFunction<CellResult> metric) {
        return Arrays.stream(values(metric)).sum();
    }

    /**
     * {@code 982 (970–990)}: the median and the trials' min–max; the median alone when the trials
     * print the same (or there is one); {@code -} when unknown.
     */
    public String spread(ToDoubleFunction<CellResult> metric, DoubleFunction<String> format) {
        return spreadOf(metric).format(format);
    }

    /** (max − min) / median of req/s, or NaN with fewer than two measured trials. */
    public double rateSpread() {
        ToDoubleFunction<CellResult> rps = CellResult::requestsPerSecond;
        if (values(rps).length < 2) return Double.NaN;
        double median = median(rps);
        return median > 0 ? (max(rps) - min(rps)) / median : Double.NaN;
    }

    /** True if the trials' req/s spread more than {@link #DISAGREEMENT} of their median. */
    public boolean disagrees() {
        double s = rateSpread();
        return !Double.isNaN(s) && s > DISAGREEMENT;
    }

    /**
     * Every trial's note, once each: a note all trials share stands alone, one that only some
     * had names them ({@code trial 2: ...}); plus the disagreement flag.
     */
    public String note() {
        List<String> parts = new ArrayList<>();
        if (disagrees()) {
            parts.add("trials disagree: req/s spread " + spreadText() + " of the median");
        }
        Set<String> notes = new LinkedHashSet<>();
        for (TrialResult r : runs) if (r.result().note() != null) notes.add(r.result().note());
        for (String n : notes) {
            List<Integer> which = runs.stream().filter(r -> n.equals(r.result().note())).map(TrialResult::trial).toList();
            parts.add(which.size() == runs.size() ? n
                    : (which.size() == 1 ? "trial " : "trials ") + String.join(", ", which.stream().map(String::valueOf).toList()) + ": " + n);
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** The req/s spread as a percentage with one decimal: {@code 10.1%} (just over the limit shows as such). */
    public String spreadText() {
        double s = rateSpread();
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f%%", s * 100);
    }

    private double[] values(ToDoubleFunction<CellResult> metric) {
        return measured().stream().mapToDouble(metric).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }
}
