package lab.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import lab.results.Harness;
import lab.results.MarkedBlock;

/**
 * The memory run's table, in {@code results/memory-run/README.md} between its markers, from
 * {@code runs.csv} alone: {@link MemoryRun} draws it after a run, {@code -Prender} again from the
 * committed CSV (nothing to do where no run was committed).
 */
public final class MemoryRender {

    static final String BEGIN = "<!-- memory-run:table:begin -->";
    static final String END = "<!-- memory-run:table:end -->";

    private MemoryRender() {}

    public static void main(String[] args) {
        Harness.step("the memory-run render", () -> {
            Path results = Path.of(System.getProperty("render.out", "results"));
            if (Files.isRegularFile(results.resolve(MemoryRun.DIR).resolve(RunsCsv.FILE))) render(results);
        });
    }

    static void render(Path results) throws IOException {
        Path dir = results.resolve(MemoryRun.DIR);
        List<MemoryRunResult> runs = RunsCsv.read(dir.resolve(RunsCsv.FILE));
        Path readme = dir.resolve("README.md");
        String text = Files.exists(readme) ? Files.readString(readme) : "# Memory run\n\nIssue #18: requests of long cost ramped up in flight inside 256 MB and 512 MB pods until something gives. How it runs: [docs/pods.md](../../docs/pods.md#the-memory-run).\n";
        Files.writeString(readme, MarkedBlock.replaceOrAppend(text, BEGIN, END, table(runs), "## The runs"));
        System.out.println("render: " + dir + ": its table in " + readme);
    }

    static String table(List<MemoryRunResult> runs) {
        StringBuilder t = new StringBuilder("<!-- generated from runs.csv by lab.memory.MemoryRender; mvn verify -Prender redraws it -->\n");
        t.append("| scenario | pod | heap | max heap | KB/request (ab memory) | predicted in flight | in flight at failure | of prediction | in flight per GB | what gave | clients got | OOM kills | exit | pod peak | afterwards |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (MemoryRunResult r : runs) {
            t.append(String.format(Locale.ROOT, "| %s | %dm | %s | %sm | %s | %s | %,d | %s | %,d | %s | %s | %d | %s | %sm | %s |\n",
                    r.scenario(), r.podMb(), r.heap(), RunsCsv.num(r.maxHeapMb()), RunsCsv.num(r.kbPerRequest()),
                    r.predictedInFlight() < 0 ? "—" : String.format(Locale.ROOT, "%,d", r.predictedInFlight()),
                    r.inFlightAtFailure(), Double.isNaN(r.ofPrediction()) ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * r.ofPrediction()),
                    r.inFlightPerGb(), r.failure().label, r.clientsGot(), r.oomKills(), r.exitStatus(),
                    RunsCsv.num(r.peakMemoryMb()), r.afterwards()));
        }
        return t.toString();
    }
}
