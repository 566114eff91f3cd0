package lab.load;

import java.util.List;

/**
 * One measured step of one trial, from the request records: what was offered and sent, what came
 * back (throughput = 200s answered within the step's window), the latency percentiles of the 200s
 * measured from the intended send time, 503s and other failures apart, and how late the generator
 * was (its p99 lag and its actual send rate tell a client that fell behind).
 */
public record StepStats(String label, double offered, long requests, double sentPerSecond, double achieved,
                        double p50, double p90, double p99, double p999, double max, long ok, long unavailable,
                        long errors, double lagP99) {

    public static StepStats of(Records records, int stepIndex) {
        Schedule s = records.schedule();
        Schedule.Step step = s.steps().get(stepIndex);
        long from = Math.round(s.startOf(stepIndex) * 1e6);
        long to = from + Math.round(step.seconds() * 1e6);
        List<Records.Placed> mine = records.step(stepIndex);
        double[] latencies = mine.stream().filter(p -> p.request().status() == 200).mapToDouble(Records.Placed::latencyMs).sorted().toArray();
        double[] lags = mine.stream().mapToDouble(Records.Placed::lagMs).sorted().toArray();
        long sent = mine.stream().filter(p -> p.startUs() >= from && p.startUs() < to).count();
        long answered = records.placed().stream()
                .filter(p -> p.request().status() == 200 && p.endUs() >= from && p.endUs() < to).count();
        long unavailable = mine.stream().filter(p -> p.request().status() == 503).count();
        long errors = mine.size() - latencies.length - unavailable;
        return new StepStats(step.label(), step.rate(), mine.size(), sent / step.seconds(), answered / step.seconds(),
                percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                percentile(latencies, 0.999), latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1],
                latencies.length, unavailable, errors + (Math.round(step.users()) - mine.size()), percentile(lags, 0.99));
    }

    /** Nearest rank: the smallest value with at least {@code q} of the sample at or below it; NaN for none. */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double percentile(List<Double> values, double q) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), q);
    }
}
