package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogAxesTest {

    @Test
    void everyRangeGetsLabels() {
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0), LogAxes.ticks(1, 1000), "decades where there are enough");
        assertEquals(List.of(100.0, 200.0, 500.0, 1000.0, 2000.0), LogAxes.ticks(90, 3100), "1, 2, 5 within two decades");
        assertEquals(List.of(105.0, 110.0, 115.0, 120.0, 125.0, 130.0), LogAxes.ticks(101, 131),
                "a range within one decade's first step: round numbers (the chart that had no label)");
        assertEquals(List.of(0.2, 0.3, 0.4, 0.5), LogAxes.ticks(0.15, 0.55), "1–9 × the decade, no float noise");
        assertEquals(List.of(), LogAxes.ticks(0, 10), "no log axis reaches 0");
    }
}
