package lab.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.config.Sizes;
import lab.launch.ServerProcess;
import lab.pod.PodLimits;
import lab.pod.PodReadings;
import lab.results.Harness;

/**
 * {@code mvn verify -Pmemory} (issue #18's memory run): every unbounded scenario in a pod of each
 * memory limit (no CPU limit), with each heap setting, its sleep requests of a long cost ramped up
 * in flight, a step a second, until something gives or the cap; then {@code results/memory-run/runs.csv}
 * and the table of its README. Each run stops itself within {@code memory.runTime}; the pods are
 * the lab's own, removed on exit, Ctrl-C and SIGTERM.
 */
public final class MemoryRun {

    static final Path DIR = Path.of("memory-run");
    private static final Pattern MAX_HEAP = Pattern.compile("max heap (\\S+?);");
    private static final Pattern MAX_CONNECTIONS = Pattern.compile("connections: at most (\\d+) open");

    private MemoryRun() {}

    public static void main(String[] args) {
        Harness.main("the memory run", () -> {
            MemorySettings settings = MemorySettings.from(System.getProperties());
            Path dir = settings.out().resolve(DIR);
            Files.createDirectories(dir);
            List<MemoryRunResult> runs = new ArrayList<>();
            int total = settings.scenarios().size() * settings.pods().size() * settings.heaps().size(), n = 0;
            for (String scenario : settings.scenarios()) {
                for (long pod : settings.pods()) {
                    for (String heap : settings.heaps()) {
                        System.out.printf("memory run %d/%d: %s, pod %s, heap %s%n", ++n, total, scenario, Sizes.format(pod), MemorySettings.heapName(heap));
                        runs.add(one(settings, scenario, pod, heap));
                        RunsCsv.write(dir.resolve(RunsCsv.FILE), runs);   // a run cut short keeps what it measured
                    }
                }
            }
            MemoryRender.render(settings.out());
            System.out.println("memory run: " + dir.resolve(RunsCsv.FILE) + " and " + dir.resolve("README.md"));
        });
    }

    /** One run: start the server in its pod, ramp, classify, probe, release, probe, stop. */
    static MemoryRunResult one(MemorySettings s, String scenario, long podBytes, String heap) throws IOException, InterruptedException {
        PodLimits limits = new PodLimits(Optional.empty(), Optional.of(podBytes), Duration.ofMillis(100));
        long began = System.nanoTime();
        ServerProcess server = ServerProcess.start(Optional.of(limits), MemorySettings.jvmFlags(heap),
                "scenario=" + scenario, "maxCost=" + s.cost().toSeconds() + "s", "cost=" + s.cost().toSeconds() + "s");
        try {
            double maxHeapMb = bannerNumber(server.banner(), MAX_HEAP).map(v -> Sizes.parse(v) / (double) (1 << 20)).orElse(Double.NaN);
            int maxConnections = bannerNumber(server.banner(), MAX_CONNECTIONS).map(Integer::parseInt).orElse(0);
            OptionalDouble kb = KbPerRequest.of(s.out(), scenario);
            AtomicReference<String> probe = new AtomicReference<>("200");
            Thread prober = Thread.ofVirtual().start(() -> {
                String last = "200";
                while (!Thread.currentThread().isInterrupted()) {
                    String now = Probe.once(server.port());
                    // Two timeouts in a row, not one: a single slow answer on a loaded machine is no thrash.
                    probe.set(now.equals("timeout") && !last.equals("timeout") ? "slow" : now);
                    last = now;
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Failure failure = null;
            Ramp.Tally tally;
            long oomKills = 0;
            try (Ramp ramp = new Ramp(server.port(), s.cost())) {
                long end = System.nanoTime() + s.runTime().toNanos();
                long heldSince = 0;
                while (true) {
                    long stepStart = System.nanoTime();
                    tally = ramp.poll();
                    if (tally.sent() + tally.notAccepted() < s.cap()) ramp.add(Math.min(s.step(), s.cap() - tally.sent() - tally.notAccepted()), Duration.ofSeconds(1));
                    tally = ramp.poll();
                    oomKills = server.readings().map(PodReadings::oomKills).orElse(0L);
                    boolean oome = server.log().stream().anyMatch(l -> l.contains("OutOfMemoryError"));
                    failure = Failure.of(new Failure.Signs(server.exitStatus().isPresent(), oomKills, oome, tally, probe.get(), maxConnections));
                    System.out.printf("   %6d in flight, %s; probe %s%s%n", tally.inFlight(), tally.clientsGot(), probe.get(),
                            failure == null ? "" : " -> " + failure.label);
                    if (failure != null) break;
                    if (tally.sent() + tally.notAccepted() >= s.cap()) {
                        if (heldSince == 0) heldSince = System.nanoTime();
                        else if (System.nanoTime() - heldSince > 3_000_000_000L) {   // held the cap for 3 s: nothing gave
                            failure = Failure.NONE;
                            break;
                        }
                    }
                    if (System.nanoTime() > end) {
                        failure = Failure.NONE;
                        break;
                    }
                    long left = 1_000_000_000L - (System.nanoTime() - stepStart);
                    if (left > 0) Thread.sleep(left / 1_000_000);
                }
                prober.interrupt();
                String afterFailure = server.exitStatus().isPresent() ? "exited" : Probe.once(server.port());
                ramp.release();
                Thread.sleep(1000);
                String afterRelease = server.exitStatus().isPresent() ? "exited" : Probe.once(server.port());
                PodReadings readings = server.readings().orElse(PodReadings.NONE);
                oomKills = Math.max(oomKills, readings.oomKills());
                if (failure == Failure.NONE || failure == Failure.PROBE_TIMEOUT) {   // a late kill or error explains it better
                    Failure late = Failure.of(new Failure.Signs(server.exitStatus().isPresent(), oomKills,
                            server.log().stream().anyMatch(l -> l.contains("OutOfMemoryError")), tally, "200", maxConnections));
                    if (late != null && late != Failure.CLIENTS_REFUSED && late != Failure.CONNECTION_BOUND) failure = late;
                }
                String exit = server.exitStatus().isPresent() ? Integer.toString(server.exitStatus().getAsInt()) : "running";
                return new MemoryRunResult(scenario, (int) (podBytes >> 20), MemorySettings.heapName(heap), maxHeapMb,
                        kb.orElse(Double.NaN), KbPerRequest.predicted(maxHeapMb, kb), tally.inFlight(), failure, tally.clientsGot(),
                        tally.firstAnswer(), oomKills, exit, readings.peakMemory() < 0 ? Double.NaN : readings.peakMemory() / (double) (1 << 20),
                        afterFailure, afterRelease, Failure.afterwards(server.exitStatus().isPresent(), afterFailure, afterRelease),
                        (System.nanoTime() - began) / 1e9);
            } finally {
                prober.interrupt();
            }
        } finally {
            server.stop(Duration.ofSeconds(5));   // a dead or hung server is ended too, and its pod removed
        }
    }

    private static Optional<String> bannerNumber(String banner, Pattern p) {
        Matcher m = p.matcher(banner);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
