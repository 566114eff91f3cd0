package lab.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.config.EnvironmentException;
import lab.config.Sizes;
import lab.launch.ServerProcess;
import lab.work.CpuWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers in real pods (cgroups written as root), and what happens where no pod can be made. */
class PodTest {

    private static final PodLimits HALF_CPU_512M = new PodLimits(Optional.of(0.5), Optional.of(512L << 20), Duration.ofMillis(100));

    /**
     * A platform-threads server (200 threads) in a 0.5-CPU, 512m pod: its JVM sizes itself by the
     * pod (1 processor, 25 % heap), and 4 clients of 20 ms CPU work get about 0.5 / 20 ms = 25 req/s.
     * Outside the pod the same load gets about 2 / 20 ms = 100 req/s on these 2 cores, so 12 to 45
     * tells the cases apart while allowing a busy machine to take up to half the pod's quota, or a
     * burst to add some. Each request burns about 20 ms of the pod's CPU: the calibration inside the
     * throttled pod, by CPU time, is the one outside.
     */
    @Test
    void aServerInAHalfCpuPodIsThrottledToItsQuotaAndSeesTheLimits() throws Exception {
        PodsHere.require();
        List<Path> dirs;
        try (ServerProcess server = ServerProcess.start(Optional.of(HALF_CPU_512M), List.of(),
                "scenario=platform-threads", "work=cpu", "cost=20ms")) {
            CgroupPod pod = (CgroupPod) server.pod().orElseThrow();   // as root: the lab's own cgroup files
            dirs = pod.dirs();
            assertTrue(pod.members().contains(server.pid()), "server " + server.pid() + " not in " + dirs);
            boolean v1 = pod.where().startsWith("cgroup v1");
            if (v1) {
                assertEquals("50000", Files.readString(dirs.getFirst().resolve("cpu.cfs_quota_us")).strip());
                assertEquals("100000", Files.readString(dirs.getFirst().resolve("cpu.cfs_period_us")).strip());
                assertEquals(Long.toString(512L << 20), Files.readString(dirs.getLast().resolve("memory.limit_in_bytes")).strip());
            } else {
                assertEquals("50000 100000", Files.readString(dirs.getFirst().resolve("cpu.max")).strip());
                assertEquals(Long.toString(512L << 20), Files.readString(dirs.getFirst().resolve("memory.max")).strip());
            }

            String banner = server.banner();
            assertTrue(banner.contains("inside:  1 processor,"), banner);
            assertTrue(banner.contains("container provider " + (v1 ? "cgroupv1" : "cgroupv2") + ", memory limit 512m"), banner);
            assertTrue(banner.contains("boundedElastic 10 threads (10 × 1 CPU)"), banner);
            assertTrue(banner.contains("virtual-thread carriers 1;"), banner);
            long heap = Sizes.parse(group(banner, "max heap (\\S+);"));
            assertTrue(heap <= 128L << 20, "max heap " + heap);

            double inside = Double.parseDouble(group(banner, "calibrated (\\d+) M rounds/s"));
            double outside = CpuWork.calibrate().roundsPerNano() * 1e3;
            assertTrue(inside > outside / 2 && inside < outside * 2, "calibrated " + inside + " M rounds/s in the pod, " + outside + " outside");

            load(server.port(), Duration.ofSeconds(1));   // warm-up: the JIT, the first throttled periods
            PodReadings before = server.readings().orElseThrow();
            long t0 = System.nanoTime();
            int served = load(server.port(), Duration.ofSeconds(4));
            double seconds = (System.nanoTime() - t0) / 1e9;
            PodReadings cell = server.readings().orElseThrow().since(before);
            double rate = served / seconds;
            double cpuPerRequestMs = cell.cpuUsed().toNanos() / 1e6 / served;
            String seen = String.format(java.util.Locale.ROOT, "%.1f req/s, %.1f ms of the pod's CPU per request, %.2f CPU used; %s",
                    rate, cpuPerRequestMs, cell.cpuUsed().toNanos() / 1e9 / seconds, cell);
            assertTrue(rate >= 12 && rate <= 45, seen + " in a 0.5-CPU pod (about 25 req/s expected, 100 unthrottled)");
            assertTrue(cpuPerRequestMs > 10 && cpuPerRequestMs < 40, seen + ": not about 20 ms per 20 ms request");
            assertTrue(cell.throttledPeriods() > 0 && cell.throttledTime().toMillis() > 0, "4 clients on 0.5 CPU but not throttled: " + cell);
            assertTrue(cell.peakMemory() > 0 && cell.peakMemory() <= 512L << 20, "peak " + cell.peakMemory());
            assertEquals(0, cell.oomKills());

            // a startup CPU boost (the load harness's, before a pod's calibration): 1 CPU for now, then its own quota again
            Path quota = dirs.getFirst().resolve(v1 ? "cpu.cfs_quota_us" : "cpu.max");
            assertTrue(server.setPodCpus(Optional.of(1.0)));
            assertEquals(v1 ? "100000" : "100000 100000", Files.readString(quota).strip());
            long b0 = System.nanoTime();
            int boostedServed = load(server.port(), Duration.ofSeconds(3));
            double boosted = boostedServed / ((System.nanoTime() - b0) / 1e9);
            assertTrue(boosted > 1.3 * rate, boosted + " req/s boosted to 1 CPU, " + rate + " at 0.5");
            assertTrue(server.setPodCpus(Optional.empty()));
            assertEquals(v1 ? "50000" : "50000 100000", Files.readString(quota).strip());
        }
        for (Path dir : dirs) assertTrue(Files.notExists(dir), dir + " left after a normal stop");
        assertEquals(List.of(), PodsHere.left(PodsHere.ownPrefix()));
    }

    /** The JVM's own account of the pod it started in, as issue #18 checked it by hand. */
    @Test
    void aJvmStartedInThePodReportsItsLimits() throws Exception {
        PodsHere.require();
        String shown;
        String provider;
        try (Pod pod = Pods.create(HALF_CPU_512M)) {
            provider = pod.where().startsWith("cgroup v1") ? "cgroupv1" : "cgroupv2";
            Process p = new ProcessBuilder(pod.wrap(List.of(lab.launch.ChildJvm.javaBinary(), "-XshowSettings:system",
                    "-XX:+PrintFlagsFinal", "-version"))).redirectErrorStream(true).start();
            pod.started(p);
            shown = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), shown);
        }
        for (String fact : List.of("Provider: " + provider, "Effective CPU Count: 1", "CPU Period: 100000us", "CPU Quota: 50000us",
                "Memory Limit: 512.00M")) {
            assertTrue(shown.contains(fact), fact + " not in:\n" + shown);
        }
        assertTrue(shown.matches("(?s).*size_t MaxHeapSize\\s+= 134217728 .*"), "MaxHeapSize 128 MB (25 %): " + shown);
        assertEquals(List.of(), PodsHere.left(PodsHere.ownPrefix()));
    }

    @Test
    void aServerThatFailsToStartLeavesNoPod() {
        PodsHere.require();
        IOException failed = assertThrows(IOException.class, () -> ServerProcess.start(Optional.of(HALF_CPU_512M), List.of(),
                "scenario=reactive-delay", "cost=soon"));
        assertTrue(failed.getMessage().contains("is not a duration"), failed.getMessage());
        assertEquals(List.of(), PodsHere.left(PodsHere.ownPrefix()));
        assertEquals(List.of(), Pods.open());
    }

    /** Where the cgroup files cannot be written (here: immutable, since root ignores permissions), one line says so. */
    @Test
    void anUnwritableCgroupRootIsOneClearLine(@TempDir Path root) throws Exception {
        for (String c : List.of("cpu", "memory")) Files.createDirectory(root.resolve(c));
        assumeImmutable(root.resolve("cpu"), true);
        try {
            System.setProperty(Pods.ROOT_PROPERTY, root.toString());
            String message = assertThrows(EnvironmentException.class, () -> Pods.create(HALF_CPU_512M)).getMessage();
            assertTrue(message.startsWith("cannot make the pod's cgroup " + root.resolve("cpu")), message);
            assertTrue(message.contains("operation not permitted") && message.contains("need root"), message);
            assertEquals(1, message.lines().count());
            assertEquals(List.of(), Pods.open());
        } finally {
            System.clearProperty(Pods.ROOT_PROPERTY);
            assumeImmutable(root.resolve("cpu"), false);
        }
    }

    @Test
    void aRootWithoutControllersSaysWhatIsMissing(@TempDir Path root) {
        System.setProperty(Pods.ROOT_PROPERTY, root.toString());
        try {
            String message = assertThrows(EnvironmentException.class, () -> Pods.create(HALF_CPU_512M)).getMessage();
            assertEquals("cannot make a pod here: " + root + " has neither cgroup v1 cpu and memory controllers"
                    + " nor a cgroup v2 hierarchy with cpu and memory (see docs/pods.md)", message);
        } finally {
            System.clearProperty(Pods.ROOT_PROPERTY);
        }
    }

    /** systemd-run cannot run here (systemd is not PID 1): its command line is what is checked. */
    @Test
    void systemdRunGetsTheQuotaThePeriodAndTheMemory() {
        assertEquals(List.of("systemd-run", "--user", "--scope", "--quiet", "--collect", "--unit=lab-pod-1-1",
                        "-p", "CPUQuota=50%", "-p", "CPUQuotaPeriodSec=100ms", "-p", "MemoryMax=536870912", "-p", "MemorySwapMax=0",
                        "--", "java", "-version"),
                SystemdScope.command("lab-pod-1-1", HALF_CPU_512M, List.of("java", "-version")));
        assertEquals(List.of("systemd-run", "--user", "--scope", "--quiet", "--collect", "--unit=u", "-p", "CPUQuota=12.5%",
                        "-p", "CPUQuotaPeriodSec=20ms", "--", "x"),
                SystemdScope.command("u", new PodLimits(Optional.of(0.125), Optional.empty(), Duration.ofMillis(20)), List.of("x")));
        assertEquals("150%", SystemdScope.percent(1.5));
    }

    @Test
    void cgroupV2CpuMaxIsQuotaAndPeriod() {
        assertEquals("50000 100000", CgroupV2.cpuMax(HALF_CPU_512M));
        assertEquals("max 100000", CgroupV2.cpuMax(new PodLimits(Optional.empty(), Optional.of(1L << 30), Duration.ofMillis(100))));
    }

    /** 4 clients in a loop for {@code duration}; the number of 200s. */
    private static int load(int port, Duration duration) throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(30)).build();
            for (int i = 0; i < 4; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) ok.incrementAndGet();
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            for (Thread t : clients) t.join();
        }
        return ok.get();
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in:\n" + text);
        return m.group(1);
    }

    private static void assumeImmutable(Path dir, boolean on) throws Exception {
        Process p = new ProcessBuilder("chattr", on ? "+i" : "-i", dir.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor() == 0;
        if (on) org.junit.jupiter.api.Assumptions.assumeTrue(done, "chattr +i is not available here: " + new String(p.getInputStream().readAllBytes()));
    }
}
