package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only the text between a preset's markers is regenerated. */
class ReadmeSectionTest {

    @Test
    void replacesOnlyBetweenTheMarkers() {
        String text = "# Results\nhand-written\n<!-- ab:seed:begin -->\nold\n<!-- ab:seed:end -->\nfindings\n"
                + "<!-- ab:default:begin -->\nother\n<!-- ab:default:end -->\n";
        String spliced = ReadmeSection.splice(text, "seed", "new table\n");
        assertEquals("# Results\nhand-written\n<!-- ab:seed:begin -->\nnew table\n<!-- ab:seed:end -->\nfindings\n"
                + "<!-- ab:default:begin -->\nother\n<!-- ab:default:end -->\n", spliced);
    }

    @Test
    void appendsAMissingBlock() {
        assertEquals("# Results\n\n## Preset `smoke`\n\n<!-- ab:smoke:begin -->\nt\n<!-- ab:smoke:end -->\n",
                ReadmeSection.splice("# Results\n", "smoke", "t"));
    }

    /** A begin marker whose end was edited away: refuse, rather than splice over the text after it. */
    @Test
    void aBeginWithoutItsEndIsRefused() {
        String text = "# Results\n<!-- ab:seed:begin -->\nold\nhand-written findings\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadmeSection.splice(text, "seed", "new"));
        assertTrue(e.getMessage().contains("<!-- ab:seed:end -->"), e.getMessage());
    }
}
