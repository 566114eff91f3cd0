package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lab.config.WorkKind;
import lab.measure.Numbers;
import lab.measure.ProcSampler;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;

/** A cell's trials: median and min–max on given numbers, skipped trials, and where trials disagree. */
class CellTrialsTest {

    private static final Cell CELL = new Cell(Scenarios.byName("sync").orElseThrow(),
            Workload.timed(WorkKind.SLEEP, Duration.ofMillis(100), List.of(10), 5), 10);
    private static final Cell OTHER = new Cell(CELL.scenario(), CELL.workload(), 100);

    private static CellResult measured(Cell cell, double rps, double p99, String note) {
        AbResult ab = new AbResult(rps, 100, 100, 100, p99, 200, 50, 1, 0, 0, null);
        return new CellResult(cell, 1, 10, ab, new ProcSampler.Usage(100 * 1024, 20, Duration.ofMillis(100), false), note);
    }

    private static CellTrials trials(double... rps) {
        List<TrialResult> runs = new ArrayList<>();
        for (int i = 0; i < rps.length; i++) {
            runs.add(new TrialResult(i + 1, Double.isNaN(rps[i]) ? CellResult.skipped(CELL, "server did not start")
                    : measured(CELL, rps[i], 100 + i, null)));
        }
        return new CellTrials(CELL, runs);
    }

    @Test
    void anOddCountTakesTheMiddleValue() {
        CellTrials t = trials(990, 970, 982);
        assertEquals(982, t.median(CellResult::requestsPerSecond));
        assertEquals(970, t.min(CellResult::requestsPerSecond));
        assertEquals(990, t.max(CellResult::requestsPerSecond));
        assertEquals("982 (970–990)", t.spread(CellResult::requestsPerSecond, Numbers::rate));
        assertEquals("101 (100–102)", t.spread(r -> r.ab().p99Ms(), Numbers::plain));
        assertEquals(3, t.sum(r -> r.ab().failed()));   // counts are summed, not averaged away
        assertEquals("200", t.spread(r -> r.ab().maxMs(), Numbers::plain));   // the same in every trial: no range
        assertFalse(t.disagrees());
        assertNull(t.note());
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        CellTrials t = trials(10, 40, 20, 30);
        assertEquals(25, t.median(CellResult::requestsPerSecond));
        assertEquals("25 (10–40)", t.spread(CellResult::requestsPerSecond, Numbers::rate));
    }

    @Test
    void aSkippedTrialTakesNoPartAndOneValueShowsNoRange() {
        CellTrials t = trials(100, Double.NaN, 104);
        assertEquals(2, t.measured().size());
        assertEquals(102, t.median(CellResult::requestsPerSecond));
        assertEquals("trial 2: skipped: server did not start", t.note());
        CellTrials one = trials(Double.NaN, 50);
        assertEquals("50", one.spread(CellResult::requestsPerSecond, Numbers::rate));
        assertTrue(Double.isNaN(one.rateSpread()));
        CellTrials none = trials(Double.NaN, Double.NaN);
        assertTrue(none.wasSkipped());
        assertEquals("-", none.spread(CellResult::requestsPerSecond, Numbers::rate));
        assertTrue(Double.isNaN(none.median(CellResult::requestsPerSecond)));
        assertEquals("skipped: server did not start", none.note());
    }

    @Test
    void trialsMoreThanTenPerCentApartAreNamed() {
        CellTrials t = trials(100, 89, 95);   // spread 11 / 95
        assertTrue(t.disagrees());
        assertEquals("trials disagree: req/s spread 11.6% of the median", t.note());
        assertFalse(trials(100, 91, 95).disagrees());   // 9 / 95
        String summary = ReadmeSection.agreement(List.of(t, trials(100, 91, 95)));
        assertTrue(summary.contains("in 1 of 2 cells: `sync` sleep 100ms c=10 (11.6%)"), summary);
        assertTrue(ReadmeSection.agreement(List.of(trials(100, 91, 95))).contains("The trials agreed"));
        assertEquals("", ReadmeSection.agreement(List.of(trials(100))));
    }

    @Test
    void resultsGroupByCellInRunOrderWithTrialsInOrder() {
        List<TrialResult> run = List.of(
                new TrialResult(1, measured(CELL, 10, 1, null)), new TrialResult(1, measured(OTHER, 90, 1, "cut off")),
                new TrialResult(2, measured(CELL, 12, 1, null)), new TrialResult(2, measured(OTHER, 95, 1, null)));
        List<CellTrials> cells = CellTrials.of(run);
        assertEquals(List.of(CELL, OTHER), cells.stream().map(CellTrials::cell).toList());
        assertEquals(List.of(1, 2), cells.get(1).runs().stream().map(TrialResult::trial).toList());
        assertEquals("trial 1: cut off", cells.get(1).note());
        String table = ResultsTable.markdown(cells);
        assertTrue(table.contains("| `sync` | 1 | 10 | 11 (10–12) | 10 |"), table);
        assertTrue(table.startsWith("| scenario | k | c | req/s |"), table);
        // Nothing measured them here (no heap reading, no flight recording): those columns are left out.
        assertFalse(table.contains("heap KB/req") || table.contains("VT pinned") || table.contains("GC pause"), table);
        assertFalse(table.contains("throttled") || table.contains("OOM kills"), table);   // no pod
        assertTrue(table.contains("| note |"), table);
    }

    /** A server in a pod: the cell's share of the cgroup's counters, per request, in the table and the CSV. */
    @Test
    void aPodsReadingsBecomeColumns() throws Exception {
        lab.pod.PodReadings pod = new lab.pod.PodReadings(Duration.ofMillis(1000), 50, 10, Duration.ofMillis(400), 300L << 20, 0);
        CellResult r = measured(CELL, 10, 1, null).withPod(pod);   // 50 completed
        assertEquals(20.0, r.podCpuMsPerRequest(), 1e-9);
        assertEquals(0.2, r.throttledShare(), 1e-9);
        String table = ResultsTable.markdown(CellTrials.of(List.of(new TrialResult(1, r))));
        assertTrue(table.contains("| pod CPU ms/req | throttled | throttled ms | pod peak MB | OOM kills |"), table);
        assertTrue(table.contains("| 20 | 20% | 400 | 300 | 0 |"), table);
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("cells", ".csv");
        try {
            CellsCsv.write(csv, "test", List.of(new TrialResult(1, r)));
            String row = java.nio.file.Files.readAllLines(csv).get(1);
            assertTrue(row.endsWith(",20,50,10,0.2,400,300,0,,,"), row);   // per request; periods, throttled, share, ms, MB, kills; no downstream
        } finally {
            java.nio.file.Files.delete(csv);
        }
    }
}
