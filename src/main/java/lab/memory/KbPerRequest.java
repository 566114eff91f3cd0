package lab.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import lab.results.Csv;

/**
 * Live heap per in-flight request, as the ab {@code memory} preset measured it: one source, its
 * {@code results/ab/memory/cells.csv}, column {@code heap_kb_per_request}. Of a scenario's cells the
 * one with the most requests in flight counts (the nearest to a ramp's thousands), averaged over trials.
 */
final class KbPerRequest {

    static final Path CELLS = Path.of("ab", "memory", "cells.csv");

    private KbPerRequest() {}

    /** Empty if the memory preset has not run or did not measure the scenario. */
    static OptionalDouble of(Path results, String scenario) throws IOException {
        Path file = results.resolve(CELLS);
        if (!Files.isRegularFile(file)) return OptionalDouble.empty();
        long most = -1;
        double sum = 0;
        int n = 0;
        for (Csv.Row row : Csv.read(file)) {
            if (!row.text("scenario").equals(scenario) || !row.has("heap_kb_per_request")) continue;
            long inFlight = row.count("heap_in_flight", 0);
            if (inFlight > most) {
                most = inFlight;
                sum = 0;
                n = 0;
            }
            if (inFlight == most) {
                sum += row.number("heap_kb_per_request");
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
    }

    /** Max heap ÷ KB per request: the requests in flight the heap would hold if nothing else grew. */
    static long predicted(double maxHeapMb, OptionalDouble kb) {
        return kb.isEmpty() || kb.getAsDouble() <= 0 ? -1 : Math.round(maxHeapMb * 1024 / kb.getAsDouble());
    }
}
