package lab.work.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import lab.SharedServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatsLineTest {

    @RegisterExtension
    static final SharedServices.PerClass SERVICES = new SharedServices.PerClass();

    @Test
    void aLineWithTheDatabaseFields() {
        StatsLine before = StatsLine.parse("served 10 departed 2 departedMs 900 dbWasted 1 dbWastedMs 300\r\n");
        StatsLine after = StatsLine.parse("served 15 departed 5 departedMs 2400 dbWasted 4 dbWastedMs 1300");
        assertEquals(new StatsLine(5, 3, 1500, OptionalLong.of(3), OptionalLong.of(1000)), after.minus(before));
    }

    @Test
    void anOlderLineHasNoDatabaseFieldsAndTheDifferenceIsBlank() {
        StatsLine old = StatsLine.parse("served 1 departed 0 departedMs 0");
        assertTrue(old.dbWasted().isEmpty());
        StatsLine now = StatsLine.parse("served 2 departed 0 departedMs 0 dbWasted 0 dbWastedMs 0");
        assertTrue(now.minus(old).dbWastedMs().isEmpty());
    }

    @Test
    void badLinesSayWhat() {
        for (String bad : new String[] {"", "served x departed 0 departedMs 0", "served 1 departed", "hello world"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsLine.parse(bad));
            assertTrue(e.getMessage().startsWith("not a /stats line"), e.getMessage());
        }
    }

    /** The lab's own downstream, live: its line parses, with the database fields. */
    @Test
    void theDownstreamsLineParses() throws Exception {
        StatsLine s = StatsLine.read(SERVICES.get().downstream().stats());
        assertTrue(s.served() >= 0 && s.dbWasted().isPresent(), s.toString());
    }
}
