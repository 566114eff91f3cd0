package lab.compare;

import java.util.Locale;
import lab.measure.JfrStats;
import lab.measure.Numbers;
import lab.measure.ProcSampler;
import lab.measure.Theory;
import lab.pod.PodReadings;

/**
 * One cell's outcome: ab's numbers, the server's resource use, and Little's-law theory; {@code heap}
 * is the live-heap reading of workloads that ask for one (else null), {@code jfr} what the server's
 * flight recorder saw (null until the server has stopped and its recording is read, or if it could
 * not be). A skipped cell (the scenario refused the options) has no ab result and no usage, only its note.
 * {@code pod} is what the server's pod (-Dcpus/-Dmemory) counted during the cell, null without one.
 * {@code wasted} is the downstream's work nobody read during the cell (http work; null elsewhere).
 */
public record CellResult(Cell cell, int capacity, double theory, AbResult ab, ProcSampler.Usage usage, String note,
                         HeapPerRequest heap, JfrStats jfr, PodReadings pod, lab.work.http.StatsLine.Wasted wasted) {

    public CellResult(Cell cell, int capacity, double theory, AbResult ab, ProcSampler.Usage usage, String note,
                      HeapPerRequest heap, JfrStats jfr, PodReadings pod) {
        this(cell, capacity, theory, ab, usage, note, heap, jfr, pod, null);
    }

    public CellResult(Cell cell, int capacity, double theory, AbResult ab, ProcSampler.Usage usage, String note,
                      HeapPerRequest heap, JfrStats jfr) {
        this(cell, capacity, theory, ab, usage, note, heap, jfr, null);
    }

    public CellResult(Cell cell, int capacity, double theory, AbResult ab, ProcSampler.Usage usage, String note,
                      HeapPerRequest heap) {
        this(cell, capacity, theory, ab, usage, note, heap, null);
    }

    public CellResult(Cell cell, int capacity, double theory, AbResult ab, ProcSampler.Usage usage, String note) {
        this(cell, capacity, theory, ab, usage, note, null);
    }

    public CellResult withJfr(JfrStats stats) {
        return new CellResult(cell, capacity, theory, ab, usage, note, heap, stats, pod, wasted);
    }

    public CellResult withWasted(lab.work.http.StatsLine.Wasted w) {
        return new CellResult(cell, capacity, theory, ab, usage, note, heap, jfr, pod, w);
    }

    /** Downstream calls nobody read in the cell, whole or cut short; NaN where none was counted. */
    public double wastedCalls() {
        return wasted == null ? Double.NaN : wasted.calls();
    }

    public double wastedMs() {
        return wasted == null ? Double.NaN : wasted.ms();
    }

    public CellResult withPod(PodReadings readings) {
        return new CellResult(cell, capacity, theory, ab, usage, note, heap, jfr, readings, wasted);
    }

    /** CPU ms the pod's cgroup counted per completed request (the server and all it started in the pod). */
    public double podCpuMsPerRequest() {
        return pod == null || ab == null || ab.completed() == 0 ? Double.NaN : pod.cpuUsed().toNanos() / 1e6 / ab.completed();
    }

    /** Share of the cell's CFS periods in which the quota ran out; NaN without a pod or a CPU limit. */
    public double throttledShare() {
        return pod == null || pod.periods() == 0 ? Double.NaN : pod.throttledShare();
    }

    public double throttledMs() {
        return pod == null ? Double.NaN : pod.throttledTime().toNanos() / 1e6;
    }

    /** The pod's peak memory so far, MB; NaN where the kernel keeps none. */
    public double podPeakMb() {
        return pod == null || pod.peakMemory() < 0 ? Double.NaN : pod.peakMemory() / (1024.0 * 1024.0);
    }

    public double oomKills() {
        return pod == null ? Double.NaN : pod.oomKills();
    }

    public static CellResult skipped(Cell cell, String reason) {
        return new CellResult(cell, cell.capacity(), Double.NaN, null, null, "skipped: " + reason);
    }

    public boolean wasSkipped() {
        return ab == null;
    }

    public double requestsPerSecond() {
        return ab == null ? Double.NaN : ab.requestsPerSecond();
    }

    public double efficiency() {
        return Theory.efficiency(requestsPerSecond(), theory);
    }

    /** CPU ms the server (and its descendants) spent per completed request. */
    public double cpuMsPerRequest() {
        return usage == null || ab.completed() == 0 ? Double.NaN : usage.cpu().toNanos() / 1e6 / ab.completed();
    }

    public double peakRssMb() {
        return usage == null ? Double.NaN : usage.peakRssKb() / 1024.0;
    }

    /** Live heap KB per in-flight request, NaN when not measured. */
    public double heapKbPerRequest() {
        return heap == null ? Double.NaN : heap.kbPerRequest();
    }

    public String capacityText() {
        return capacity == Theory.UNBOUNDED ? "unbounded" : Integer.toString(capacity);
    }

    /** {@code [7/30] reactive-delay  sleep 100ms  c=100   982 req/s  (theory 1000, 98%)  p99 104 ms}. */
    public String progressLine(int index, int total) {
        String head = String.format(Locale.ROOT, "[%d/%d] %-18s %-13s c=%-5d", index, total,
                cell.scenario().name(), cell.workload().describe(), cell.concurrency());
        if (wasSkipped()) return head + " " + note;
        String theoryText = Double.isNaN(theory) ? "(no theory at cost 0)"
                : String.format(Locale.ROOT, "(theory %s, %s)", Numbers.rate(theory), Numbers.percent(efficiency()));
        String line = String.format(Locale.ROOT, "%s %7s req/s  %s  p99 %s ms", head, Numbers.rate(requestsPerSecond()),
                theoryText, Numbers.plain(ab.p99Ms()));
        if (ab.failed() > 0 || ab.non2xx() > 0) line += "  failed " + ab.failed() + ", non-2xx " + ab.non2xx();
        if (heap != null && !Double.isNaN(heapKbPerRequest())) {
            line += String.format(Locale.ROOT, "  heap %s KB/req (%d in flight)", Numbers.plain(heapKbPerRequest()), heap.inFlight());
        }
        return note == null ? line : line + "  [" + note + "]";
    }
}
