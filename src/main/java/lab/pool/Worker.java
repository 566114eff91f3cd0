package lab.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.config.Durations;

/**
 * A worker process of the {@link ProcessPool} (a child JVM running {@link WorkerMain}) that said
 * ready, and its pipes: how one is started ({@link #launch}) and how it runs one request, with a
 * watchdog for a hung one. Whatever goes wrong kills it and becomes a {@link WorkerFailure}.
 */
final class Worker {
    private final ProcessPool pool;
    final Process process;
    final long pid;
    final InputStream replies;
    final OutputStream requests;
    volatile boolean hung;

    Worker(ProcessPool pool, Process process) {
        this.pool = pool;
        this.process = process;
        this.pid = process.pid();
        this.replies = process.getInputStream();
        this.requests = process.getOutputStream();
    }

    /** Starts a worker process and waits (on the calling slot thread) for its {@code ready} line. */
    static Worker launch(ProcessPool pool) throws WorkerFailure {
        Process p;
        synchronized (pool) {   // close() ends every process registered here, so none is started after it
            if (pool.closed) throw new WorkerFailure("the pool is closed");
            try {
                p = new ProcessBuilder(pool.command.get()).start();
            } catch (IOException e) {
                throw new WorkerFailure("cannot start a worker process: " + e.getMessage());
            }
            pool.processes.add(p);
        }
        StderrRelay stderr = new StderrRelay(p);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = pool.timer.schedule(() -> {
                timedOut.set(true);
                p.destroyForcibly();
            }, pool.readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {   // close() has stopped the timer
            p.destroyForcibly();
            pool.end(p);
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
            return new Worker(pool, p);
        }
        try {
            p.waitFor(200, TimeUnit.MILLISECONDS);   // a failed JVM's exit status comes right after its EOF
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = timedOut.get() ? "did not say ready within " + Durations.format(pool.readyTimeout)
                : line == null ? (p.isAlive() ? "closed its output" : ProcessPool.exitDescription(p)) + " before it was ready"
                : "said '" + Wire.printable(line) + "' instead of ready";
        if (p.isAlive()) p.destroyForcibly();   // not if it exited: destroying closes its stderr under the relay
        pool.end(p);
        String detail = stderr.firstLine();
        throw new WorkerFailure("worker process " + p.pid() + " " + why + (detail.isEmpty() ? "" : ": " + detail));
    }

    /** Sends the task and blocks (on its slot thread) for the reply with the task's id. */
    void run(Task task) throws WorkerFailure {
        Duration limit = pool.hungAfter.apply(task.cost);
        ScheduledFuture<?> watchdog;
        try {
            watchdog = pool.timer.schedule(() -> {
                hung = true;
                process.destroyForcibly();
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {   // close() has stopped the timer
            throw failure("was not sent the request: the pool is closed");
        }
        String reply;
        try {
            try {
                requests.write(Wire.run(task.id, task.cost, task.left()));
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
                : process.isAlive() ? "closed its output; killed it" : ProcessPool.exitDescription(process);
        if (process.isAlive()) process.destroyForcibly();   // a dead one keeps its stderr: its last words get relayed
        pool.end(process);
        return new WorkerFailure(how);
    }
}
