package lab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void singleChainAndFanoutFromOneToSixteen() {
        assertEquals(Shape.SINGLE, Options.of(Map.of()).validate().shape());
        assertEquals(Shape.chain(3), Options.of(Map.of("shape", "chain:3")).validate().shape());
        assertEquals(Shape.fanout(16), Options.of(Map.of("shape", "FANOUT:16")).validate().shape());
        assertEquals(Shape.chain(1), Shape.parse("chain:1").orElseThrow());
        assertEquals("fanout:4", Shape.fanout(4).toString());
        assertEquals(4, Shape.fanout(4).atOnce());
        assertEquals(1, Shape.chain(4).atOnce());
        assertEquals(Shape.chain(4), Shape.fanout(4).sequential());
    }

    @Test
    void anythingElseIsOneLineNamingTheForms() {
        for (String bad : new String[] {"chain:0", "fanout:17", "chain", "fanout:", "star:3", "chain:-1", "chain:3x", "single:2", ""}) {
            assertEquals(Optional.empty(), Shape.parse(bad), bad);
            if (bad.isEmpty()) continue;
            OptionException e = assertThrows(OptionException.class, () -> Options.of(Map.of("shape", bad)).validate(), bad);
            assertEquals("shape '" + bad + "' is not single, chain:N or fanout:N (N from 1 to 16)", e.getMessage());
        }
    }

    @Test
    void cpuWorkRefusesAShapeWithItsReason() {
        OptionException e = assertThrows(OptionException.class,
                () -> Options.of(Map.of("work", "cpu", "shape", "fanout:2")).validate());
        assertTrue(e.getMessage().startsWith("shape fanout:2 needs calls to compose, and cpu work makes none"), e.getMessage());
        assertEquals(Shape.SINGLE, Options.of(Map.of("work", "cpu", "shape", "single")).validate().shape());
    }
}
