package lab.pool;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import lab.config.Durations;
import lab.config.EnvironmentException;
import lab.config.Shape;
import lab.http.Overloaded;
import lab.launch.ChildJvm;
import lab.work.Work;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code ProcessPoolExecutor}: N worker processes (child JVMs running {@link WorkerMain}),
 * each running one request at a time, and a bounded queue of requests waiting for one.
 *
 * <p>{@link #submit} never blocks its caller (an event loop): it takes a permit or fails fast with
 * {@link Overloaded}, and queues the request. Each worker has a dedicated <em>slot thread</em> in
 * this JVM that takes the next request from the queue, writes it to the worker's stdin, blocks
 * reading the worker's stdout for the reply with the same id, and completes the request's
 * {@code Mono}. So only slot threads ever wait on a pipe.
 *
 * <p>A worker that dies, closes its stdout, answers garbage or hangs fails its request (503, via
 * {@link Overloaded}), is killed, and its slot starts a replacement. {@link #close} ends every worker;
 * a worker whose server is killed outright sees its stdin end and exits by itself.
 *
 * <p>The parts, one file each: {@link Slot} (a worker's place and its thread), {@link Worker} (a live
 * worker process: its start, one request, its failure), {@link Task} (one request),
 * {@link StderrRelay} (a worker's stderr) and {@link WorkerFailure}.
 */
public final class ProcessPool implements AutoCloseable {

    /** How long a new worker may take to say {@code ready}. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Workers are small (a serial collector, a small heap), and every JVM message is kept off stdout,
     * the protocol: VM output and unified logging (even one inherited from JAVA_TOOL_OPTIONS) go to stderr.
     */
    static final List<String> WORKER_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:+DisplayVMOutputToStderr",
            "-Xlog:disable", "-Xlog:all=warning:stderr");

    final Supplier<List<String>> command;
    final Duration readyTimeout;
    final Function<Duration, Duration> hungAfter;
    final Semaphore permits;
    private final String busyReason;
    private final int queueLimit;
    /**
     * Lock-free for the event loops that add and remove (a cancelled request): a LinkedBlockingQueue's
     * add takes its consumers' lock to signal them, and an event loop parked there while a slot thread
     * held it (BlockHoundTest caught it once, in CI). Only the slot threads wait here, in poll.
     */
    final BlockingQueue<Task> queue = new LinkedTransferQueue<>();
    private final AtomicLong ids = new AtomicLong();
    final AtomicInteger live = new AtomicInteger();   // slots that have a worker now
    volatile String launchFailure;                    // why the last replacement failed; null once one starts
    final ScheduledThreadPoolExecutor timer;
    private final List<Slot> slots = new ArrayList<>();
    final Set<Process> processes = new HashSet<>();   // every started worker not yet ended; guarded by this
    volatile boolean closed;                                  // written under this

    private ProcessPool(Supplier<List<String>> command, int workers, int queueLimit, Duration readyTimeout,
                        Function<Duration, Duration> hungAfter) {
        this.command = command;
        this.readyTimeout = readyTimeout;
        this.hungAfter = hungAfter;
        this.queueLimit = queueLimit;
        this.permits = new Semaphore(workers + queueLimit);
        this.busyReason = workers + " running and " + queueLimit + " waiting already (-DqueueLimit=)";
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("pool-timer").daemon().factory());
        this.timer.setRemoveOnCancelPolicy(true);
        for (int i = 1; i <= workers; i++) slots.add(new Slot(this, i));
    }

    /**
     * Starts {@code workers} worker JVMs doing {@code work} (CPU work at the speed this JVM calibrated)
     * and waits until each says ready.
     * @throws EnvironmentException with one line if a worker cannot start
     */
    public static ProcessPool start(int workers, int queueLimit, Work work) {
        return start(workers, queueLimit, work, Shape.SINGLE);
    }

    /** As above; each worker makes {@code shape}'s calls one after another for each request ({@link WorkerMain}). */
    public static ProcessPool start(int workers, int queueLimit, Work work, Shape shape) {
        List<String> command = ChildJvm.command(WorkerMain.class, WORKER_FLAGS, WorkerMain.args(work, shape));
        // A request whose reply has not come after this is presumed hung: twice its cost (times the
        // slowdown of more CPU-bound workers than cores, and its calls in turn), plus half a minute.
        int cores = Runtime.getRuntime().availableProcessors();
        long slowdown = (work.kind() == lab.config.WorkKind.CPU ? Math.max(1, (workers + cores - 1) / cores) : 1) * shape.calls();
        return start(() -> command, workers, queueLimit, READY_TIMEOUT,
                cost -> cost.multipliedBy(2 * slowdown).plusSeconds(30));
    }

    /** The test seam: workers run {@code command} (e.g. a misbehaving worker), with the given timeouts. */
    static ProcessPool start(Supplier<List<String>> command, int workers, int queueLimit, Duration readyTimeout,
                             Function<Duration, Duration> hungAfter) {
        ProcessPool pool = new ProcessPool(command, workers, queueLimit, readyTimeout, hungAfter);
        for (Slot slot : pool.slots) slot.thread.start();    // each starts its worker: all JVMs boot at once
        try {
            for (Slot slot : pool.slots) slot.started.get(readyTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return pool;
        } catch (ExecutionException e) {
            pool.close();
            throw new EnvironmentException("process pool: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            pool.close();
            throw new EnvironmentException("worker processes did not start within " + Durations.format(readyTimeout));
        } catch (InterruptedException e) {
            pool.close();
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while starting worker processes");
        }
    }

    /**
     * Runs one request of this cost on a worker process: completes when its reply comes, fails with
     * {@link Overloaded} at once if the pool is full, or later if its worker fails. Never blocks.
     */
    public Mono<Void> submit(Duration cost) {
        return Mono.create(sink -> {
            if (closed) {
                sink.error(new Overloaded("the server is stopping"));
            } else if (live.get() == 0 && launchFailure != null) {   // nothing could serve it: no queueing for nobody
                sink.error(new Overloaded(noWorkers()));
            } else if (!permits.tryAcquire()) {
                sink.error(new Overloaded(busyReason));
            } else {
                // the request's deadline (ReactiveHttpServer subscribes under it), for the worker to bound its work by
                Task task = new Task(this, ids.incrementAndGet(), cost, sink, lab.work.Deadline.remaining());
                sink.onCancel(task::cancel);
                queue.add(task);
                if (closed && queue.remove(task)) task.fail("the server is stopping");   // raced with close()
            }
        });
    }

    /** The PIDs of the current workers, in slot order (a replaced worker's slot shows its successor). */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Slot slot : slots) {
            Worker w = slot.worker;
            if (w != null) pids.add(w.pid);
        }
        return pids;
    }

    /** For the banner. */
    public String describe() {
        return slots.size() + " worker process(es), one request each at a time (pids "
                + String.join(", ", pids().stream().map(String::valueOf).toList()) + "); then up to "
                + queueLimit + " wait (-DqueueLimit)";
    }

    /** Fails waiting requests, ends every worker (stdin closed, SIGTERM, then SIGKILL), and waits for them. */
    @Override
    public void close() {
        List<Process> running;
        synchronized (this) {
            if (closed) return;
            closed = true;
            running = new ArrayList<>(processes);
        }
        for (Slot slot : slots) slot.thread.interrupt();
        for (Task t = queue.poll(); t != null; t = queue.poll()) t.fail("the server is stopping");
        for (Process p : running) {
            closeQuietly(p.getOutputStream());   // an idle worker exits on end of stdin...
            p.destroy();                         // ...a busy one on SIGTERM
        }
        for (Process p : running) end(p);
        for (Slot slot : slots) {
            try {
                slot.thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdownNow();
    }

    String noWorkers() {
        return "no worker process is running: " + launchFailure;
    }

    /** Ends a worker process for good: SIGKILL if it has not exited within 2 s, and waits for it. */
    void end(Process p) {
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            processes.remove(p);
        }
    }

    static String exitDescription(Process p) {
        if (p.isAlive()) return "is still running";
        int status = p.exitValue();
        return "exited with status " + status + (status > 128 ? " (killed by signal " + (status - 128) + ")" : "");
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the worker is gone already
        }
    }
}
