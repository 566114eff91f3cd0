package lab.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import lab.config.Durations;
import lab.config.OptionException;
import lab.http.Overloaded;
import lab.launch.ChildJvm;
import lab.work.Work;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

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

    private final Supplier<List<String>> command;
    private final Duration readyTimeout;
    private final Function<Duration, Duration> hungAfter;
    private final Semaphore permits;
    private final String busyReason;
    private final int queueLimit;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger live = new AtomicInteger();   // slots that have a worker now
    private volatile String launchFailure;                    // why the last replacement failed; null once one starts
    private final ScheduledThreadPoolExecutor timer;
    private final List<Slot> slots = new ArrayList<>();
    private final Set<Process> processes = new HashSet<>();   // every started worker not yet ended; guarded by this
    private volatile boolean closed;                          // written under this

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
        for (int i = 1; i <= workers; i++) slots.add(new Slot(i));
    }

    /**
     * Starts {@code workers} worker JVMs doing {@code work} (CPU work at the speed this JVM calibrated)
     * and waits until each says ready.
     * @throws OptionException with one line if a worker cannot start
     */
    public static ProcessPool start(int workers, int queueLimit, Work work) {
        List<String> command = ChildJvm.command(WorkerMain.class, WORKER_FLAGS, WorkerMain.args(work));
        // A request whose reply has not come after this is presumed hung: twice its cost (times the
        // slowdown of more CPU-bound workers than cores), plus half a minute.
        int cores = Runtime.getRuntime().availableProcessors();
        long slowdown = work.kind() == lab.config.WorkKind.CPU ? Math.max(1, (workers + cores - 1) / cores) : 1;
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
            throw new OptionException("process pool: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            pool.close();
            throw new OptionException("worker processes did not start within " + Durations.format(readyTimeout));
        } catch (InterruptedException e) {
            pool.close();
            Thread.currentThread().interrupt();
            throw new OptionException("interrupted while starting worker processes");
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
                Task task = new Task(ids.incrementAndGet(), cost, sink);
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

    private String noWorkers() {
        return "no worker process is running: " + launchFailure;
    }

    /** One worker at a time: its process, and the thread that feeds it requests and reads its replies. */
    private final class Slot implements Runnable {
        final Thread thread;
        final CompletableFuture<Void> started = new CompletableFuture<>();
        volatile Worker worker;

        Slot(int index) {
            thread = Thread.ofPlatform().name("pool-slot-" + index).daemon().unstarted(this);
        }

        @Override
        public void run() {
            try {
                gain(launch());
                started.complete(null);
            } catch (WorkerFailure e) {
                started.completeExceptionally(e);
                return;
            }
            // A live worker first, then a request: a slot never holds a request while it relaunches.
            while (!closed && workerReady()) {
                Task task;
                try {
                    task = queue.poll(500, TimeUnit.MILLISECONDS);   // wakes now and then to notice an idle worker's death
                } catch (InterruptedException e) {
                    break;
                }
                if (task == null || !task.take()) continue;          // nothing waiting, or cancelled while it waited
                Worker w = worker;
                try {
                    w.run(task);
                    task.succeed();
                } catch (WorkerFailure f) {
                    lose();
                    String why = "worker process " + w.pid + " " + f.getMessage();
                    task.fail("this request's " + why + (closed ? "" : "; a replacement is starting"));
                    if (!closed) System.err.println("pool: request " + task.id + ": " + why + "; starting a replacement");
                }
            }
            Worker w = worker;
            if (w != null) end(w.process);
        }

        private void gain(Worker w) {
            worker = w;
            live.incrementAndGet();
        }

        private void lose() {
            if (worker != null) {
                worker = null;
                live.decrementAndGet();
            }
        }

        /** True once this slot has a live worker: the current one, or a replacement; false if the pool closed first. */
        private boolean workerReady() {
            Worker w = worker;
            if (w != null && w.process.isAlive()) return true;
            if (w != null) {
                lose();
                if (!closed) System.err.println("pool: idle worker process " + w.pid + " " + exitDescription(w.process) + "; starting a replacement");
                end(w.process);
            }
            while (!closed) {
                try {
                    gain(launch());
                    launchFailure = null;
                    System.err.println("pool: worker process " + worker.pid + " started in its place");
                    return true;
                } catch (WorkerFailure e) {
                    if (closed) return false;
                    launchFailure = e.getMessage();
                    if (live.get() == 0) {   // no worker anywhere: what waits would wait for nothing
                        for (Task t = queue.poll(); t != null; t = queue.poll()) t.fail(noWorkers());
                    }
                    System.err.println("pool: " + e.getMessage() + "; retrying in 1 s");
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException ie) {
                        return false;
                    }
                }
            }
            return false;
        }
    }

    /** Starts a worker process and waits (on the calling slot thread) for its {@code ready} line. */
    private Worker launch() throws WorkerFailure {
        Process p;
        synchronized (this) {   // close() ends every process registered here, so none is started after it
            if (closed) throw new WorkerFailure("the pool is closed");
            try {
                p = new ProcessBuilder(command.get()).start();
            } catch (IOException e) {
                throw new WorkerFailure("cannot start a worker process: " + e.getMessage());
            }
            processes.add(p);
        }
        StderrRelay stderr = new StderrRelay(p);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                timedOut.set(true);
                p.destroyForcibly();
            }, readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {   // close() has stopped the timer
            p.destroyForcibly();
            end(p);
            throw new WorkerFailure("the pool is closed");
        }
        String line;
        try {
            line = Wire.readLine(p.getInputStream());
        } catch (IOException e) {
            line = "<" + e.getMessage() + ">";
        } finally {
            deadline.cancel(false);
        }
        if (Wire.READY.equals(line)) {
            stderr.workerIsReady();
            return new Worker(p);
        }
        try {
            p.waitFor(200, TimeUnit.MILLISECONDS);   // a failed JVM's exit status comes right after its EOF
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = timedOut.get() ? "did not say ready within " + Durations.format(readyTimeout)
                : line == null ? (p.isAlive() ? "closed its output" : exitDescription(p)) + " before it was ready"
                : "said '" + Wire.printable(line) + "' instead of ready";
        if (p.isAlive()) p.destroyForcibly();   // not if it exited: destroying closes its stderr under the relay
        end(p);
        String detail = stderr.firstLine();
        throw new WorkerFailure("worker process " + p.pid() + " " + why + (detail.isEmpty() ? "" : ": " + detail));
    }

    /** Ends a worker process for good: SIGKILL if it has not exited within 2 s, and waits for it. */
    private void end(Process p) {
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

    private static String exitDescription(Process p) {
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

    /** A live worker process that said ready, and its pipes. */
    private final class Worker {
        final Process process;
        final long pid;
        final InputStream replies;
        final OutputStream requests;
        volatile boolean hung;

        Worker(Process process) {
            this.process = process;
            this.pid = process.pid();
            this.replies = process.getInputStream();
            this.requests = process.getOutputStream();
        }

        /** Sends the task and blocks (on its slot thread) for the reply with the task's id. */
        void run(Task task) throws WorkerFailure {
            Duration limit = hungAfter.apply(task.cost);
            ScheduledFuture<?> watchdog;
            try {
                watchdog = timer.schedule(() -> {
                    hung = true;
                    process.destroyForcibly();
                }, limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {   // close() has stopped the timer
                throw failure("was not sent the request: the pool is closed");
            }
            String reply;
            try {
                try {
                    requests.write(Wire.run(task.id, task.cost));
                    requests.flush();
                } catch (IOException e) {
                    throw failure("took no request (" + e.getMessage() + ")");
                }
                try {
                    reply = Wire.readLine(replies);
                } catch (IOException e) {
                    throw failure("answered garbage (" + e.getMessage() + ")");
                }
            } finally {
                watchdog.cancel(false);
            }
            if (reply == null) {
                throw failure(hung ? "did not answer within " + Durations.format(limit) + "; killed it" : null);
            }
            if (!Wire.isDone(reply, task.id)) {
                throw failure("answered '" + Wire.printable(reply) + "' to 'run " + task.id + "'");
            }
        }

        /** Kills this worker (if it still runs) and says what it did ({@code what}, or null for end of stream). */
        private WorkerFailure failure(String what) {
            if (what == null || hung) {   // it died, or the watchdog is killing it: let its exit land first
                try {
                    process.waitFor(200, TimeUnit.MILLISECONDS);   // a dead worker's exit status comes right after its EOF
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String how = what != null ? what + (process.isAlive() ? "; killed it" : "")
                    : process.isAlive() ? "closed its output; killed it" : exitDescription(process);
            if (process.isAlive()) process.destroyForcibly();   // a dead one keeps its stderr: its last words get relayed
            end(process);
            return new WorkerFailure(how);
        }
    }

    /** One request: its id on the wire, its cost, and the Mono waiting for it. */
    private final class Task {
        final long id;
        final Duration cost;
        final MonoSink<Void> sink;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile boolean cancelled;

        Task(long id, Duration cost, MonoSink<Void> sink) {
            this.id = id;
            this.cost = cost;
            this.sink = sink;
        }

        /** A slot takes this task: false if its client went away meanwhile. */
        boolean take() {
            if (!cancelled) return true;
            finish();
            return false;
        }

        void cancel() {
            cancelled = true;
            if (queue.remove(this)) finish();
        }

        void succeed() {
            if (finish()) sink.success();
        }

        void fail(String reason) {
            if (finish()) sink.error(new Overloaded(reason));
        }

        /** Frees this task's place in the pool, once. */
        private boolean finish() {
            if (!finished.compareAndSet(false, true)) return false;
            permits.release();
            return true;
        }
    }

    /**
     * Reads a worker's stderr on its own thread (a full pipe would stall the worker). Before the
     * worker is ready the lines are kept, for a start failure's message; after, they are relayed.
     */
    private static final class StderrRelay {
        private final long pid;
        private final List<String> early = new ArrayList<>();
        private final Thread thread;
        private boolean ready;   // guarded by this

        StderrRelay(Process p) {
            this.pid = p.pid();
            this.thread = Thread.ofPlatform().name("pool-stderr-" + pid).daemon().start(() -> relay(p));
        }

        private void relay(Process p) {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    synchronized (this) {
                        if (ready) System.err.println("worker " + pid + ": " + line);
                        else if (early.size() < 20) early.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the pipe closed with the process
            }
        }

        synchronized void workerIsReady() {
            ready = true;
            for (String line : early) System.err.println("worker " + pid + ": " + line);
            early.clear();
        }

        /** The first non-blank line the worker printed before it failed to start, or "". */
        String firstLine() {
            try {
                thread.join(1_000);   // the process has ended: its stderr is at end of stream
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                return early.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            }
        }
    }

    /** A worker that could not start, or stopped doing its job: a one-line reason. */
    static final class WorkerFailure extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerFailure(String message) {
            super(message, null, false, false);
        }
    }
}
