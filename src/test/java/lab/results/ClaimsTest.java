package lab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers quoted in the hand-written findings, checked against the data they cite.
 * {@code results/claims.csv} lists them, one a row: the README that quotes the number (the
 * {@code quoted} text must appear in it as written, line breaks as in the file), the number, the
 * CSV it comes from, a row filter ({@code column=value;...}) and the column. The median of the
 * matching rows (the trials of one cell), rounded to the quoted number's decimals, must equal it.
 * It covers the rows listed, not every number in the text: a finding added with a number should
 * add its row.
 */
class ClaimsTest {

    private static final Path RESULTS = Path.of("results");

    @Test
    void everyListedClaimAppearsInItsReadmeAndMatchesItsCell() throws IOException {
        List<Csv.Row> claims = Csv.read(RESULTS.resolve("claims.csv"));
        assertTrue(claims.size() >= 10, "claims: " + claims.size());
        assertEquals(List.of(), problems(RESULTS, claims));
    }

    @Test
    void aClaimTheDataDoNotGiveIsReported(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("README.md"), "served 98 req/s and 39.0 req/s\n");
        Files.writeString(tmp.resolve("cells.csv"), "scenario,trial,rps\na,1,39.04\na,2,38.96\na,3,40.2\nb,1,97.1\n");
        Map<String, String> good = Map.of("file", "README.md", "quoted", "39.0 req/s", "value", "39.0", "csv", "cells.csv",
                "filter", "scenario=a", "column", "rps");
        assertEquals(List.of(), problems(tmp, List.of(new Csv.Row(good, 2))));
        Map<String, String> wrong = new java.util.HashMap<>(good);
        wrong.put("filter", "scenario=b");
        assertEquals(1, problems(tmp, List.of(new Csv.Row(wrong, 3))).size());
        Map<String, String> absent = new java.util.HashMap<>(good);
        absent.put("quoted", "97–98 req/s");
        assertEquals(1, problems(tmp, List.of(new Csv.Row(absent, 4))).size());
    }

    static List<String> problems(Path results, List<Csv.Row> claims) throws IOException {
        List<String> out = new ArrayList<>();
        for (Csv.Row c : claims) {
            String where = "claims.csv line " + c.line() + " (" + c.text("file") + ": " + c.text("quoted") + ")";
            String text = Files.readString(results.resolve(c.text("file")), StandardCharsets.UTF_8);
            if (!text.contains(c.text("quoted"))) out.add(where + ": not in the README");
            List<Double> values = new ArrayList<>();
            for (Csv.Row r : Csv.read(results.resolve(c.text("csv")))) {
                boolean match = true;
                for (String kv : c.text("filter").split(";")) {
                    String[] p = kv.split("=", 2);
                    match &= r.text(p[0]).equals(p[1]);
                }
                if (match && r.has(c.text("column"))) values.add(Double.parseDouble(r.text(c.text("column"))));
            }
            if (values.isEmpty()) {
                out.add(where + ": no row of " + c.text("csv") + " matches " + c.text("filter"));
                continue;
            }
            values.sort(null);
            double median = values.size() % 2 == 1 ? values.get(values.size() / 2)
                    : (values.get(values.size() / 2 - 1) + values.get(values.size() / 2)) / 2;
            BigDecimal quoted = new BigDecimal(c.text("value"));
            BigDecimal data = BigDecimal.valueOf(median).setScale(Math.max(0, quoted.scale()), RoundingMode.HALF_UP);
            if (data.compareTo(quoted) != 0) out.add(where + ": the data give " + data + " (median of " + values + ")");
        }
        return out;
    }
}
