package lab.load;

import java.util.List;
import java.util.function.ToDoubleFunction;
import lab.measure.Spread;

/**
 * One sweep cell over its trials: a scenario under a workload at one offered rate, each number
 * as the median with min–max. Trials the generator bound are kept apart from the server's result:
 * the spread is over the others, when there are any.
 */
public record SweepCell(LoadPlan.Target target, String label, double offered, List<StepResult> trials) {

    /** The trials whose numbers are the server's (all of them if every trial was client-bound: then the row is marked). */
    public List<StepResult> counted() {
        List<StepResult> clean = trials.stream().filter(r -> r.clientBound() == null).toList();
        return clean.isEmpty() ? trials : clean;
    }

    public long clientBoundTrials() {
        return trials.stream().filter(r -> r.clientBound() != null).count();
    }

    public boolean clientBound() {
        return clientBoundTrials() == trials.size();
    }

    public Spread spread(ToDoubleFunction<StepResult> value) {
        return Spread.of(counted().stream().map(value::applyAsDouble).toList());
    }

    /** Groups results in plan order into cells (same target and step label). */
    public static List<SweepCell> of(List<StepResult> results) {
        java.util.Map<String, SweepCell> cells = new java.util.LinkedHashMap<>();
        for (StepResult r : results) {
            String key = r.target().key() + "|" + r.stats().label();
            SweepCell c = cells.computeIfAbsent(key, k -> new SweepCell(r.target(), r.stats().label(), r.stats().offered(), new java.util.ArrayList<>()));
            c.trials().add(r);
        }
        return List.copyOf(cells.values());
    }

    /** The first trial's note on why the generator bound it, if any. */
    public String note() {
        long bound = clientBoundTrials();
        if (bound == 0) return "";
        String why = trials.stream().map(StepResult::clientBound).filter(java.util.Objects::nonNull).findFirst().orElse("");
        return bound == trials.size() ? why + (trials.size() > 1 ? " (every trial)" : "")
                : why + " (" + bound + " of " + trials.size() + " trials; not counted)";
    }
}
