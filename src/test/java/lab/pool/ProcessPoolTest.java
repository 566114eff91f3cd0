package lab.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import lab.Await;
import lab.config.EnvironmentException;
import lab.http.Overloaded;
import lab.launch.ChildJvm;
import lab.work.CpuWork;
import lab.work.SleepWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pool's faults, through its test seam: workers that break (with {@link MisbehavingWorker}),
 * workers that cannot start, and closing. Whatever happens, no worker process outlives its pool.
 */
class ProcessPoolTest {

    private static final Duration GIVE_UP = Duration.ofSeconds(20);
    /**
     * The seam's watchdog: a request not answered 2 s past its cost is presumed hung. Far above what
     * noticing a broken worker at once takes, even on a busy 2-core machine (milliseconds; a JVM
     * that exits: a few hundred), so the two ways of failing cannot be mistaken for each other.
     */
    private static final Duration WATCHDOG = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @AfterEach
    void noWorkerOutlivesItsPool() throws Exception {
        WorkerProcesses.assertAllEnd(WorkerProcesses.workersOfThisJvm(), Duration.ofSeconds(5));
    }

    /** A pool of MisbehavingWorkers in {@code mode}; a silent one is killed {@link #WATCHDOG} past its request's cost. */
    private ProcessPool misbehaving(String mode, int workers) {
        List<String> command = ChildJvm.command(MisbehavingWorker.class, List.of(),
                List.of(mode, dir.resolve("claimed").toString()));
        return ProcessPool.start(() -> command, workers, 10, Duration.ofSeconds(20), cost -> cost.plus(WATCHDOG));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "endless-line", "wrong-id", "close-output", "exit", "silent"})
    void aBrokenWorkerFailsItsRequestFastIsEndedAndReplaced(String mode) throws Exception {
        List<Long> pids;
        try (ProcessPool pool = misbehaving(mode, 1)) {
            long broken = pool.pids().get(0);
            long start = System.nanoTime();
            Overloaded e = assertThrows(Overloaded.class, () -> pool.submit(Duration.ofMillis(50)).block(GIVE_UP));
            long ms = millisSince(start);
            // noticed at once: before the watchdog (2.05 s); the silent one by the watchdog, then killed
            if (mode.equals("silent")) {
                assertTrue(ms >= 2_000 && ms < 6_000, mode + ": failing took " + ms + " ms");
            } else {
                assertTrue(ms < 2_000, mode + ": failing took " + ms + " ms, as long as the watchdog");
            }
            assertTrue(e.getMessage().startsWith("this request's worker process " + broken + " "), e.getMessage());
            assertTrue(e.getMessage().endsWith("; a replacement is starting"), e.getMessage());
            assertFalse(WorkerProcesses.running(broken), mode + ": the broken worker must be ended, not orphaned");

            pool.submit(Duration.ofMillis(50)).block(GIVE_UP);   // the replacement serves
            assertNotEquals(broken, pool.pids().get(0));
            pids = pool.pids();
        }
        WorkerProcesses.assertAllEnd(pids, Duration.ofSeconds(1));
    }

    @Test
    void theFailureSaysWhatTheWorkerDid() throws Exception {
        String rest = "; a replacement is starting";
        assertFailure("garbage", "answered '??garbage' to 'run 1'; killed it" + rest);
        assertFailure("endless-line", "answered garbage (line longer than 64 bytes: '????");
        assertFailure("wrong-id", "answered 'done 2' to 'run 1'; killed it" + rest);
        assertFailure("close-output", "closed its output; killed it" + rest);
        assertFailure("exit", "exited with status 1" + rest);
        assertFailure("silent", "did not answer within " + lab.config.Durations.format(WATCHDOG.plusMillis(50)) + "; killed it" + rest);
    }

    /** The first request to a worker in {@code mode} fails with "this request's worker process PID " + {@code expected}... */
    private void assertFailure(String mode, String expected) throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(dir.resolve("claimed"));   // so this pool's first worker breaks
        try (ProcessPool pool = misbehaving(mode, 1)) {
            String prefix = "this request's worker process " + pool.pids().get(0) + " ";
            String message = assertThrows(Overloaded.class, () -> pool.submit(Duration.ofMillis(50)).block(GIVE_UP)).getMessage();
            assertTrue(message.startsWith(prefix + expected), mode + ": " + message);
        }
    }

    @Test
    void theOtherWorkersServeOnWhileOneIsReplaced() throws Exception {
        try (ProcessPool pool = misbehaving("exit", 2)) {
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (int i = 0; i < 6; i++) batch.add(pool.submit(Duration.ofMillis(100)).toFuture());
            int failed = 0;
            for (CompletableFuture<Void> r : batch) {
                try {
                    r.get();
                } catch (ExecutionException e) {
                    assertInstanceOf(Overloaded.class, e.getCause());
                    failed++;
                }
            }
            assertEquals(1, failed, "exactly the broken worker's request fails");
        }
    }

    /** A worker dies and its replacement cannot start (say, target/ was cleaned): 503s saying why, not a hang. */
    @Test
    void whenNoReplacementCanStartRequestsAreRefusedNotLeftWaiting() throws Exception {
        List<String> breaksOnce = ChildJvm.command(MisbehavingWorker.class, List.of(),
                List.of("exit", dir.resolve("claimed").toString()));
        List<String> cannotLoad = List.of(ChildJvm.javaBinary(), "-cp", dir.resolve("nothing-here").toString(),
                WorkerMain.class.getName(), "sleep");
        AtomicInteger launches = new AtomicInteger();
        try (ProcessPool pool = ProcessPool.start(() -> launches.getAndIncrement() == 0 ? breaksOnce : cannotLoad,
                1, 10, Duration.ofSeconds(20), cost -> cost.plusMillis(500))) {
            assertThrows(Overloaded.class, () -> pool.submit(Duration.ofMillis(50)).block(GIVE_UP));   // the worker exits

            long start = System.nanoTime();   // queued while the replacement fails to start
            Overloaded waiting = assertThrows(Overloaded.class, () -> pool.submit(Duration.ofMillis(50)).block(GIVE_UP));
            assertTrue(millisSince(start) < 5_000, "took " + millisSince(start) + " ms");
            assertTrue(waiting.getMessage().startsWith("no worker process is running: worker process "), waiting.getMessage());
            assertTrue(waiting.getMessage().contains("Could not find or load main class"), waiting.getMessage());

            start = System.nanoTime();        // and from then on at once
            Overloaded next = assertThrows(Overloaded.class, () -> pool.submit(Duration.ofMillis(50)).block(GIVE_UP));
            assertTrue(millisSince(start) < 500, "took " + millisSince(start) + " ms");
            assertTrue(next.getMessage().startsWith("no worker process is running: "), next.getMessage());
        }
    }

    @Test
    void aWorkerThatCannotLoadIsAOneLineErrorNotAHang() {
        List<String> command = List.of(ChildJvm.javaBinary(), "-cp", dir.resolve("nothing-here").toString(),
                WorkerMain.class.getName(), "sleep");
        long start = System.nanoTime();
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> ProcessPool.start(() -> command, 2, 10, Duration.ofSeconds(20), cost -> cost));
        assertTrue(millisSince(start) < 10_000, "took " + millisSince(start) + " ms");
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().matches("process pool: worker process \\d+ exited with status 1 before it was ready: "
                + "Error: Could not find or load main class lab.pool.WorkerMain"), e.getMessage());
    }

    @Test
    void aWorkerThatCrashesOnStartShowsItsFirstErrorLine() {
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> misbehaving("crash", 2));
        assertTrue(e.getMessage().endsWith("exited with status 1 before it was ready: boom: this worker cannot start"),
                e.getMessage());
    }

    @Test
    void aWorkerThatNeverSaysReadyTimesOut() {
        List<String> command = ChildJvm.command(MisbehavingWorker.class, List.of(), List.of("no-ready", "-"));
        long start = System.nanoTime();
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> ProcessPool.start(() -> command, 1, 10, Duration.ofSeconds(2), cost -> cost));
        assertTrue(millisSince(start) < 8_000, "took " + millisSince(start) + " ms");
        assertTrue(e.getMessage().contains("did not say ready within 2s"), e.getMessage());
    }

    @Test
    void aWorkerThatSaysSomethingElseIsRefused() {
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> misbehaving("bad-ready", 1));
        assertTrue(e.getMessage().contains("said 'hello' instead of ready"), e.getMessage());
    }

    @Test
    void closeEndsEveryWorkerAndFailsWhatIsInFlightOrWaiting() throws Exception {
        ProcessPool pool = ProcessPool.start(2, 10, new SleepWork());
        List<Long> pids = pool.pids();
        assertEquals(2, pids.stream().distinct().count(), pids.toString());
        assertTrue(WorkerProcesses.workersOfThisJvm().containsAll(pids), "the orphan check must see live workers");
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        List<Long> idle = new ArrayList<>();
        for (long pid : pids) idle.add(WorkerProcesses.bytesRead(pid));
        for (int i = 0; i < 3; i++) requests.add(pool.submit(Duration.ofSeconds(10)).toFuture());   // 2 run, 1 waits
        for (int i = 0; i < pids.size(); i++) {   // each worker has read its request from stdin: it is busy
            long pid = pids.get(i);
            long before = idle.get(i);
            Await.until("worker " + pid + " reading a request (bytes read while idle: " + before + ")",
                    Duration.ofSeconds(10), () -> WorkerProcesses.bytesRead(pid), n -> n > before);
        }
        long start = System.nanoTime();
        pool.close();
        assertTrue(millisSince(start) < 5_000, "close took " + millisSince(start) + " ms");
        for (long pid : pids) assertFalse(WorkerProcesses.running(pid), "worker " + pid + " outlived close()");
        for (CompletableFuture<Void> r : requests) {
            ExecutionException e = assertThrows(ExecutionException.class, r::get);
            assertInstanceOf(Overloaded.class, e.getCause());
        }
        Overloaded late = assertThrows(Overloaded.class, () -> pool.submit(Duration.ZERO).block(GIVE_UP));
        assertEquals("the server is stopping", late.getMessage());
    }

    @Test
    void aFullPoolRefusesAtOnce() {
        try (ProcessPool pool = ProcessPool.start(1, 1, new SleepWork())) {
            CompletableFuture<Void> running = pool.submit(Duration.ofMillis(500)).toFuture();
            CompletableFuture<Void> waiting = pool.submit(Duration.ofMillis(10)).toFuture();
            Overloaded e = assertThrows(Overloaded.class, () -> pool.submit(Duration.ZERO).block(GIVE_UP));
            assertEquals("1 running and 1 waiting already (-DqueueLimit=)", e.getMessage());
            running.join();
            waiting.join();
            pool.submit(Duration.ZERO).block(GIVE_UP);   // room again
        }
    }

    @Test
    void cpuWorkersGetTheServersCalibratedSpeed() {
        CpuWork work = CpuWork.withSpeed(0.123);
        try (ProcessPool pool = ProcessPool.start(2, 10, work)) {
            for (long pid : pool.pids()) {
                List<String> args = WorkerProcesses.arguments(pid);
                assertEquals(List.of("lab.pool.WorkerMain", "cpu", "0.123"), args.subList(args.size() - 3, args.size()));
            }
            pool.submit(Duration.ofMillis(20)).block(GIVE_UP);
        }
    }
}
