package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lab.Await;
import lab.Servers;
import lab.TestHttp;
import lab.TestHttp.Response;
import lab.config.EnvironmentException;
import lab.http.RunningServer;
import lab.launch.ChildJvm;
import lab.launch.ServerProcess;
import lab.pool.WithBrokenWorkerClassPath;
import lab.pool.WorkerProcesses;
import org.junit.jupiter.api.Test;

/** The process-pool server's faults end to end: a worker killed mid-request, stopping, a server killed outright. */
class ReactiveProcessPoolTest {

    /** Generous: reaching a state takes milliseconds; only a broken server takes this long. */
    private static final Duration STATE = Duration.ofSeconds(10);

    /** A request on its way, and the worker process that has read it. */
    private record Sent(CompletableFuture<Response> response, long worker) {}

    /**
     * Sends one request to a pool whose workers are all idle, and waits until a worker has read it
     * from its stdin (its bytes read rise: an idle worker reads nothing).
     */
    private static Sent sendToAWorker(RunningServer server, List<Long> workers) throws Exception {
        List<Long> idle = new java.util.ArrayList<>();
        for (long pid : workers) idle.add(WorkerProcesses.bytesRead(pid));
        CompletableFuture<Response> response = TestHttp.sendAsync(server.port(), "/");
        long worker = Await.until("a worker of " + workers + " reading the request (bytes read while idle: " + idle + ")",
                STATE, () -> {
                    for (int i = 0; i < workers.size(); i++) {
                        if (WorkerProcesses.bytesRead(workers.get(i)) > idle.get(i)) return workers.get(i);
                    }
                    return -1L;
                }, pid -> pid > 0);
        return new Sent(response, worker);
    }

    @Test
    void aWorkerKilledMidRequestGivesA503AtOnceAndIsReplaced() throws Exception {
        List<Long> before;
        try (RunningServer server = Servers.start("reactive-process-pool", "workers", "1", "cost", "5s")) {
            before = WorkerProcesses.pidsIn(server.threading());
            long victim = before.get(0);
            assertEquals(200, TestHttp.get(server.port(), "/?cost=0").status());
            Sent sent = sendToAWorker(server, before);
            assertEquals(victim, sent.worker());   // the worker is now sleeping on it
            CompletableFuture<Response> inFlight = sent.response();

            long start = System.nanoTime();
            assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly());   // kill -9
            Response r = inFlight.get();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, r.status(), r.body());
            // Noticed at once (end of its stdout, then <= 200 ms for its exit status) takes well under
            // 2 s even on a busy 2-core machine; not noticing would leave the request waiting for its
            // 5 s cost, or for the watchdog (40 s).
            assertTrue(ms < 2_000, "the killed worker's request took " + ms + " ms to fail");
            assertEquals("server busy: this request's worker process " + victim
                    + " exited with status 137 (killed by signal 9); a replacement is starting\r\n", r.body());

            for (int i = 0; i < 3; i++) assertEquals(200, TestHttp.get(server.port(), "/?cost=10ms").status());
            List<Long> now = WorkerProcesses.workersOfThisJvm();
            assertEquals(1, now.size(), now.toString());
            assertNotEquals(victim, now.get(0));
            before = List.of(victim, now.get(0));
        }
        WorkerProcesses.assertAllEnd(before, Duration.ofSeconds(1));
        assertEquals(List.of(), WorkerProcesses.workersOfThisJvm());
    }

    @Test
    void stoppingTheServerEndsEveryWorkerEvenBusyOnes() throws Exception {
        List<Long> pids;
        CompletableFuture<Response> busy;
        try (RunningServer server = Servers.start("reactive-process-pool", "workers", "3", "cost", "10s")) {
            pids = WorkerProcesses.pidsIn(server.threading());
            assertEquals(3, pids.size());
            busy = sendToAWorker(server, pids).response();   // one worker is now busy on it
        }
        for (long pid : pids) assertFalse(WorkerProcesses.running(pid), "worker " + pid + " outlived the server");
        // the busy request ends too: its connection closes with the server (or, in a race, it gets a 503)
        Response last = busy.handle((r, e) -> r).get(5, TimeUnit.SECONDS);
        assertTrue(last == null || last.status() == 503, () -> last.status() + " " + last.body());
    }

    /** SIGKILL the server JVM: its shutdown hook never runs, yet its workers see stdin end and exit. */
    @Test
    void workersOfAKilledServerExitByThemselves() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of(), "scenario=reactive-process-pool", "workers=2", "cost=50ms")) {
            List<Long> pids = WorkerProcesses.pidsIn(server.banner());
            assertEquals(2, pids.size(), server.banner());
            assertEquals(200, TestHttp.get(server.port(), "/").status());
            for (long pid : pids) assertTrue(WorkerProcesses.running(pid));
            server.kill();
            WorkerProcesses.assertAllEnd(pids, Duration.ofSeconds(5));
        }
    }

    /** The runner's contract for a worker that cannot start: one line on stderr, status 3 (the environment's), no hang, no banner. */
    @Test
    void workersThatCannotStartAreOneLineAndStatus3() throws Exception {
        List<String> command = ChildJvm.command(WithBrokenWorkerClassPath.class, List.of(),
                List.of("scenario=reactive-process-pool", "port=0", "workers=2"));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the server neither started nor failed within 60 s");
        }
        assertEquals(EnvironmentException.EXIT_STATUS, p.exitValue());
        String stderr = err.get();
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.matches("error: process pool: worker process \\d+ exited with status 1 before it was ready: "
                + "Error: Could not find or load main class lab.pool.WorkerMain\\R"), stderr);
        assertFalse(out.get().contains("serving:"), out.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void cpuWorkRunsInTheWorkersToo() throws Exception {
        try (RunningServer server = Servers.start("reactive-process-pool", "workers", "2", "work", "cpu", "cost", "20ms")) {
            Response r = TestHttp.get(server.port(), "/");
            assertEquals(200, r.status());
            assertEquals("Howdy!\r\n", r.body());
        }
    }
}
