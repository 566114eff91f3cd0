package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.IntStream;
import lab.scenarios.Scenarios;
import org.junit.jupiter.api.Test;

/** A chart of every scenario (the load sweep's achieved rate, say) gives each its own colour. */
class PaletteTest {

    @Test
    void everyScenarioGetsAColourOfItsOwn() {
        int scenarios = Scenarios.all().size();
        assertEquals(scenarios, IntStream.range(0, scenarios).mapToObj(Palette::paint).distinct().count(),
                "a colour for each of the " + scenarios + " scenarios");
        assertFalse(Palette.repeats(scenarios - 1));
    }
}
