package lab.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harnesses' CSV files ({@code cells.csv}, {@code spikes.csv}, ...): a header line, then one
 * row per line, RFC 4180 quoting where a field holds a comma, a quote or a line break. Written and
 * read by hand: a CSV library would bring two more jars for these few lines.
 */
public final class Csv {

    private Csv() {}

    /** One row read back: its fields by column name; a column the file lacks (an older run's) reads as blank. */
    public record Row(Map<String, String> fields, int line) {

        public String text(String column) {
            return fields.getOrDefault(column, "");
        }

        public boolean has(String column) {
            return !text(column).isEmpty();
        }

        /** The number, or NaN where the field is blank. */
        public double number(String column) {
            String v = text(column);
            try {
                return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + line + ": " + column + " is not a number: '" + v + "'");
            }
        }

        /** The whole number, or {@code absent} where the field is blank. */
        public long count(String column, long absent) {
            double v = number(column);
            return Double.isNaN(v) ? absent : Math.round(v);
        }
    }

    /** Writes {@code columns} and {@code rows} (each already formatted, quoted here where needed). */
    public static void write(Path file, List<String> columns, List<List<String>> rows) throws IOException {
        StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(file + ": a row of " + row.size() + " fields for " + columns.size() + " columns");
            }
            out.append(String.join(",", row.stream().map(Csv::quote).toList())).append('\n');
        }
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }

    public static String quote(String text) {
        if (!text.contains(",") && !text.contains("\"") && !text.contains("\n")) return text;
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** The rows of {@code file}, by its header's column names. */
    public static List<Row> read(Path file) throws IOException {
        List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
        if (records.isEmpty()) throw new IOException(file + " is empty: no header line");
        List<String> header = records.get(0);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> f = records.get(i);
            if (f.size() != header.size()) {
                throw new IOException(file + " line " + (i + 1) + ": " + f.size() + " fields, the header has " + header.size());
            }
            Map<String, String> byName = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) byName.put(header.get(c), f.get(c));
            rows.add(new Row(Collections.unmodifiableMap(byName), i + 1));
        }
        return rows;
    }

    /** RFC 4180 records; a blank line is no record. */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (any || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(List.copyOf(fields));
                }
                fields.clear();
                field.setLength(0);
                any = false;
            } else {
                field.append(ch);
                any = true;
            }
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            records.add(List.copyOf(fields));
        }
        return records;
    }
}
