package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @Test
    void aQuotedFieldComesBackAsWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.csv");
        String note = "client-bound: sent 15 of 20 req/s, \"late\"\nby 63 ms";
        Csv.write(file, List.of("a", "note", "n"), List.of(List.of("x", note, "1.5"), List.of("y", "", "")));
        List<Csv.Row> rows = Csv.read(file);
        assertEquals(2, rows.size());
        assertEquals(note, rows.get(0).text("note"));
        assertEquals(1.5, rows.get(0).number("n"));
        assertTrue(Double.isNaN(rows.get(1).number("n")));
        assertEquals("", rows.get(1).text("a column an older run lacks"));
    }

    @Test
    void aRowOfTheWrongWidthNamesItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "a,b\n1,2\n3\n");
        IOException e = assertThrows(IOException.class, () -> Csv.read(file));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }
}
