package lab.compare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import lab.config.OptionException;
import lab.results.Environment;
import lab.scenarios.Scenario;
import lab.scenarios.Scenarios;

/**
 * {@code -Dcompare.rerun=true}: measure only the scenarios {@code -Dcompare.scenarios} names again and
 * put them in place of theirs in the committed run of the preset, keeping every other scenario's rows
 * and raw ab output as they were. A stale scenario is then fixed in minutes, not with the whole
 * preset's half hour. The run's {@code environment.json} stays the committed run's and says what was
 * rerun, when and at which commit ({@link Environment#RERUN}), so the generated header names both commits.
 */
final class Rerun {

    private final Path runDir;
    private final Set<String> names;
    private final List<TrialResult> kept;
    private final Environment committed;

    private Rerun(Path runDir, Set<String> names, List<TrialResult> kept, Environment committed) {
        this.runDir = runDir;
        this.names = names;
        this.kept = kept;
        this.committed = committed;
    }

    /**
     * Checks a rerun can be merged into {@code runDir} before anything is measured.
     * @throws OptionException one line: no scenario named, no committed run, or another number of trials
     */
    static Rerun of(Path runDir, Preset preset, List<Scenario> scenarios, boolean named, int trials) throws IOException {
        if (!named) throw new OptionException(Settings.RERUN + ": name the scenarios to measure again with -D" + Settings.SCENARIOS + "=");
        Path csv = runDir.resolve("cells.csv");
        if (!Files.isRegularFile(csv) || !Files.isRegularFile(runDir.resolve(Compare.RAW_ZIP))) {
            throw new OptionException(Settings.RERUN + ": no committed run of '" + preset.name() + "' in " + runDir + " to put them in");
        }
        List<TrialResult> old = CellsCsv.read(csv, preset);
        int oldTrials = old.stream().mapToInt(TrialResult::trial).max().orElse(0);
        if (oldTrials != trials) {
            throw new OptionException(Settings.RERUN + ": the committed run of '" + preset.name() + "' has " + oldTrials
                    + " trial(s); rerun with -D" + Trials.PROPERTY + "=" + oldTrials);
        }
        Set<String> names = scenarios.stream().map(Scenario::name).collect(Collectors.toUnmodifiableSet());
        List<TrialResult> kept = old.stream().filter(r -> !names.contains(r.result().cell().scenario().name())).toList();
        return new Rerun(runDir, names, kept, Environment.read(runDir));
    }

    /** The committed rows of the other scenarios and the fresh ones, in a run's order: by trial, then scenario. */
    List<TrialResult> merged(List<TrialResult> fresh) {
        List<Scenario> order = Scenarios.all();
        List<TrialResult> all = new ArrayList<>(kept);
        all.addAll(fresh);
        all.sort(Comparator.comparingInt(TrialResult::trial)
                .thenComparingInt(r -> order.indexOf(r.result().cell().scenario())));   // stable: a scenario's cells keep their order
        return all;
    }

    /** Copies the committed raw ab files of the scenarios not rerun into {@code rawDir}, beside the fresh ones. */
    void keepRaw(Path rawDir) throws IOException {
        try (InputStream in = Files.newInputStream(runDir.resolve(Compare.RAW_ZIP)); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory() || rerun(e.getName())) continue;
                Path to = rawDir.resolve(e.getName()).normalize();
                if (!to.startsWith(rawDir)) throw new IOException(Compare.RAW_ZIP + ": entry outside its folder: " + e.getName());
                Files.createDirectories(to.getParent());
                Files.copy(zip, to);
            }
        }
    }

    /** Whether a raw file ({@code trial-1/virtual-threads_sleep-100ms_c10.txt}) is one of a rerun scenario's. */
    private boolean rerun(String entry) {
        String file = entry.substring(entry.lastIndexOf('/') + 1);
        return names.stream().anyMatch(n -> file.startsWith(n + "_"));
    }

    /** The committed manifest, and what was measured again: scenarios, day, commit, command, time. */
    Environment environment(Environment fresh) {
        String commit = fresh.facts().getOrDefault("git commit", "unknown");
        String what = String.join(", ", names.stream().sorted().toList()) + " measured again on " + fresh.day() + " at commit "
                + (commit.length() >= 7 ? commit.substring(0, 7) : commit)
                + (fresh.facts().getOrDefault("git tree", "").startsWith("dirty") ? " (dirty tree)" : "")
                + fresh.took(", ") + " (" + fresh.facts().getOrDefault("command", "unknown") + ")";
        String before = committed.facts().get(Environment.RERUN);
        return committed.with(Environment.RERUN, before == null ? what : before + "; " + what);
    }
}
