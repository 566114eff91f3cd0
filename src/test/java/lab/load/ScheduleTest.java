package lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule both the simulation and the parser read: counts, intended times, the file. */
class ScheduleTest {

    private final Schedule s = new Schedule(List.of(
            new Schedule.Step("warm", 5, 1, false),
            new Schedule.Step("a", 3, 2, true),
            new Schedule.Step("pause", 0, 1, false),
            new Schedule.Step("b", 20, 1, true)));

    @Test
    void usersAndIntendedTimesFollowEachStepsRate() {
        assertEquals(5 + 6 + 0 + 20, s.users());
        assertEquals(5, s.seconds());
        assertEquals(0, s.stepOf(4));
        assertEquals(1, s.stepOf(5));
        assertEquals(3, s.stepOf(11));
        assertEquals(-1, s.stepOf(31));
        assertEquals(0.2, s.intendedSeconds(1), 1e-9);
        assertEquals(1.0, s.intendedSeconds(5), 1e-9);     // step a starts at 1 s
        assertEquals(1 + 1 / 3.0, s.intendedSeconds(6), 1e-9);
        assertEquals(4.0, s.intendedSeconds(11), 1e-9);    // after the 1 s pause
        assertEquals(4.05, s.intendedSeconds(12), 1e-9);
        assertEquals(Double.NaN, s.intendedSeconds(31));
        assertEquals(3.0, s.startOf(2), 1e-9);
    }

    @Test
    void roundTripsThroughItsFile(@TempDir Path dir) throws Exception {
        s.write(dir.resolve("s.csv"));
        assertEquals(s, Schedule.read(dir.resolve("s.csv")));
    }

    /** Gatling injects per whole second; a fraction of a second or of a request would desynchronise the two. */
    @Test
    void refusesFractionsOfASecond() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Step("x", 5, 0.5, true));
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Step("x", 5, 1.5, true));
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Step("x,y", 5, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Step("x", 2.5, 2, true));
    }
}
