package lab.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A spike run over time: per bucket of intended send times, the p99 latency of the 200s (from the
 * intended send time), and how many requests got a 503 or failed otherwise. Time 0 is the spike's
 * start. The recovery time is how long after the spike ends the buckets stay worse than before it.
 */
public record Timeline(double bucketSeconds, List<Bucket> buckets, double spikeStart, double spikeEnd, double recovery) {

    /** Seconds watched after the spike's end. */
    public double tailSeconds() {
        return buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1).t() + bucketSeconds - spikeEnd;
    }

    /** {@code 3.5 s}, or {@code not within 10 s}. */
    public String recoveryText() {
        return Double.isNaN(recovery) ? "not within " + lab.measure.Numbers.plain(tailSeconds()) + " s"
                : lab.measure.Numbers.plain(recovery) + " s";
    }

    /** {@code t}: the bucket's start, seconds from the spike's start. */
    public record Bucket(double t, long sent, double p99, long unavailable, long errors) {}

    public static final double BUCKET_SECONDS = 0.5;

    /** Steps of the spike schedule, as {@link LoadPlan#spike} builds it. */
    static final int BEFORE = 1;
    static final int SPIKE = 2;

    public static Timeline of(Records records) {
        Schedule s = records.schedule();
        double zero = s.startOf(SPIKE);
        double spikeEnd = s.steps().get(SPIKE).seconds();
        double from = s.startOf(BEFORE) - zero;
        int n = (int) Math.ceil((s.seconds() - s.startOf(BEFORE)) / BUCKET_SECONDS);
        List<List<Records.Placed>> byBucket = new ArrayList<>();
        for (int i = 0; i < n; i++) byBucket.add(new ArrayList<>());
        for (Records.Placed p : records.placed()) {
            double t = p.intendedUs() / 1e6 - zero;
            int i = (int) Math.floor((t - from) / BUCKET_SECONDS);
            if (i >= 0 && i < n) byBucket.get(i).add(p);
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Records.Placed> b = byBucket.get(i);
            List<Double> ok = b.stream().filter(p -> p.request().status() == 200).map(Records.Placed::latencyMs).toList();
            long unavailable = b.stream().filter(p -> p.request().status() == 503).count();
            buckets.add(new Bucket(from + i * BUCKET_SECONDS, b.size(), StepStats.percentile(ok, 0.99), unavailable,
                    b.size() - ok.size() - unavailable));
        }
        double baseline = StepStats.of(records, BEFORE).p99();
        return new Timeline(BUCKET_SECONDS, buckets, 0, spikeEnd, recovery(buckets, spikeEnd, baseline));
    }

    /**
     * Seconds after the spike's end until the buckets are as good as before it: no 503s, no errors,
     * p99 within max(2 × the p99 before, that + 50 ms). 0 if the first bucket after it is already
     * fine; NaN if the last bucket is still worse (not recovered within the run).
     */
    static double recovery(List<Bucket> buckets, double spikeEnd, double baseline) {
        double limit = Double.isNaN(baseline) ? Double.POSITIVE_INFINITY : Math.max(2 * baseline, baseline + 50);
        double lastBad = Double.NEGATIVE_INFINITY;
        boolean any = false;
        Bucket last = null;
        for (Bucket b : buckets) {
            if (b.t() < spikeEnd - 1e-9) continue;
            any = true;
            last = b;
            boolean bad = b.unavailable() > 0 || b.errors() > 0 || (!Double.isNaN(b.p99()) && b.p99() > limit);
            if (bad) lastBad = b.t();
        }
        if (!any) return Double.NaN;
        if (lastBad == last.t()) return Double.NaN;
        return lastBad == Double.NEGATIVE_INFINITY ? 0 : lastBad + BUCKET_SECONDS - spikeEnd;
    }
}
