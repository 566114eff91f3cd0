package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser of the generator's per-request records, on samples recorded from a real smoke run
 * (sync and virtual-threads at sleep 100 ms, generator pinned to its own core), and on
 * constructed records where the expected numbers are known exactly.
 */
class RecordsTest {

    static Records sample(String name) throws Exception {
        Path dir = Path.of(RecordsTest.class.getResource("/lab/load/" + name + "-schedule.csv").toURI()).getParent();
        return Records.read(dir.resolve(name + "-records.csv"), Schedule.read(dir.resolve(name + "-schedule.csv")));
    }

    @Test
    void syncBelowItsKneeAnswersEveryRequestInAboutTheCost() throws Exception {
        Records r = sample("sync-sweep");
        assertEquals(0, r.missing());
        StepStats half = StepStats.of(r, 1);   // 50 % = 5 req/s against k/T = 10
        assertEquals("50%", half.label());
        assertEquals(5, half.requests());
        assertEquals(0, half.errors() + half.unavailable());
        assertTrue(half.p50() >= 100 && half.p50() < 300, "p50 " + half.p50());   // 100 ms sleep, no queue
        assertNull(ClientBound.reason(half, 1, 0.1, 1));
    }

    /** Past the knee the queue grows: latency from the intended send time rises, throughput stays at k/T. */
    @Test
    void syncPastItsKneeQueuesAndItsThroughputStaysAtTheKnee() throws Exception {
        StepStats over = StepStats.of(sample("sync-sweep"), 4);   // 150 % = 15 req/s
        assertEquals(15, over.requests());
        assertEquals(15, over.ok());
        assertTrue(over.achieved() <= 11, "achieved " + over.achieved());    // one at a time: 10 req/s
        assertTrue(over.p99() > 500, "p99 " + over.p99());                   // its warm-up's backlog plus its own
        assertTrue(over.p50() <= over.p90() && over.p90() <= over.p99() && over.p99() <= over.max());
        assertTrue(over.lagP99() < ClientBound.LAG_MS, "the generator kept the schedule: lag " + over.lagP99());
    }

    @Test
    void latencyCountsFromTheIntendedSendNotFromTheActualOne() throws Exception {
        for (Records.Placed p : sample("vt-spike").placed()) {
            assertTrue(p.lagMs() >= 0, "the offset makes every lag ≥ 0");
            assertTrue(p.latencyMs() >= (p.endUs() - p.startUs()) / 1000.0 - 1e-9);
        }
    }

    /** A generator that sends late: lag grows by 10 ms a request; latency from intended includes it. */
    @Test
    void aLateGeneratorIsClientBound() {
        Schedule s = new Schedule(List.of(new Schedule.Step("x", 10, 2, true)));
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            long start = n * 100_000L + n * 10_000L;                   // due every 100 ms, sent 10 ms later each time
            lines.add(n + "," + start + "," + (start + 5_000) + ",200");   // answered in 5 ms
        }
        StepStats st = StepStats.of(Records.parse(lines, s), 0);
        assertEquals(5 + 190, st.max(), 1e-9);                          // the last: 190 ms late + 5 ms
        String why = ClientBound.reason(st, 2, 0.2, 1);
        assertTrue(why != null && why.contains("late"), why);
    }

    @Test
    void countsFiveOhThreesApartFromErrorsAndMissingRequests() {
        Schedule s = new Schedule(List.of(new Schedule.Step("x", 5, 1, true)));
        List<String> lines = List.of("# header", "0,0,1000,200", "1,200000,201000,503", "2,400000,401000,0", "3,600000,601000,500");
        StepStats st = StepStats.of(Records.parse(lines, s), 0);
        assertEquals(1, st.ok());
        assertEquals(1, st.unavailable());
        assertEquals(3, st.errors());   // no answer, a 500, and user 4 never recorded
        assertEquals(1.0, st.p99(), 1e-9);
    }

    @Test
    void aGeneratorThatSendsTooFewOrSaturatesItsCoresIsClientBound() {
        StepStats fine = new StepStats("x", 100, 300, 99, 99, 1, 1, 1, 1, 1, 300, 0, 0, 2);
        assertNull(ClientBound.reason(fine, 3, 0.5, 1));
        StepStats few = new StepStats("x", 100, 300, 80, 80, 1, 1, 1, 1, 1, 240, 0, 0, 2);
        assertTrue(ClientBound.reason(few, 3, 0.5, 1).contains("sent 80 of 100"));
        assertTrue(ClientBound.reason(fine, 3, 0.95, 1).contains("generator CPU"));
    }

    @Test
    void theSpikeTimelineShowsTheQueueAndItsRecovery() throws Exception {
        Timeline sync = Timeline.of(sample("sync-spike"));   // 5 → 20 → 5 req/s against k/T = 10
        double before = sync.buckets().get(0).p99();
        double worst = sync.buckets().stream().mapToDouble(Timeline.Bucket::p99).filter(d -> !Double.isNaN(d)).max().orElseThrow();
        assertTrue(worst > 5 * before, "before " + before + ", worst " + worst);
        assertTrue(Double.isNaN(sync.recovery()), "a queue of 20 at 5 req/s net drain does not clear in 2 s");
        assertEquals("not within 2 s", sync.recoveryText());
    }

    @Test
    void recoveryIsTheEndOfTheLastBadBucketAfterTheSpike() {
        List<Timeline.Bucket> b = List.of(new Timeline.Bucket(-0.5, 5, 100, 0, 0), new Timeline.Bucket(0, 5, 900, 2, 0),
                new Timeline.Bucket(0.5, 5, 900, 0, 0), new Timeline.Bucket(1.0, 5, 300, 0, 0),
                new Timeline.Bucket(1.5, 5, 110, 0, 0), new Timeline.Bucket(2.0, 5, 120, 0, 0));
        assertEquals(1.0, Timeline.recovery(b, 0.5, 100), 1e-9);   // bad at 0.5 and 1.0 (over 2 × 100), fine from 1.5
        assertEquals(0, Timeline.recovery(b.subList(3, 6).stream().map(x -> new Timeline.Bucket(x.t(), 5, 100, 0, 0)).toList(), 1.0, 100), 1e-9);
        assertTrue(Double.isNaN(Timeline.recovery(b.subList(0, 3), 0.5, 100)));
    }
}
