package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
