package lab.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One place in the {@link ProcessPool}: a worker process at a time, and the platform thread that
 * feeds it requests from the pool's queue and reads its replies; it starts a replacement when its
 * worker dies. Only slot threads ever wait on a pipe.
 */
final class Slot implements Runnable {
    private final ProcessPool pool;
    final Thread thread;
    final CompletableFuture<Void> started = new CompletableFuture<>();
    volatile Worker worker;

    Slot(ProcessPool pool, int index) {
        this.pool = pool;
        thread = Thread.ofPlatform().name("pool-slot-" + index).daemon().unstarted(this);
    }

    @Override
    public void run() {
        try {
            gain(Worker.launch(pool));
            started.complete(null);
        } catch (WorkerFailure e) {
            started.completeExceptionally(e);
            return;
        }
        // A live worker first, then a request: a slot never holds a request while it relaunches.
        while (!pool.closed && workerReady()) {
            Task task;
            try {
                task = pool.queue.poll(500, TimeUnit.MILLISECONDS);   // wakes now and then to notice an idle worker's death
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
                task.fail("this request's " + why + (pool.closed ? "" : "; a replacement is starting"));
                if (!pool.closed) System.err.println("pool: request " + task.id + ": " + why + "; starting a replacement");
            }
        }
        Worker w = worker;
        if (w != null) pool.end(w.process);
    }

    private void gain(Worker w) {
        worker = w;
        pool.live.incrementAndGet();
    }

    private void lose() {
        if (worker != null) {
            worker = null;
            pool.live.decrementAndGet();
        }
    }

    /** True once this slot has a live worker: the current one, or a replacement; false if the pool closed first. */
    private boolean workerReady() {
        Worker w = worker;
        if (w != null && w.process.isAlive()) return true;
        if (w != null) {
            lose();
            if (!pool.closed) System.err.println("pool: idle worker process " + w.pid + " " + ProcessPool.exitDescription(w.process) + "; starting a replacement");
            pool.end(w.process);
        }
        while (!pool.closed) {
            try {
                gain(Worker.launch(pool));
                pool.launchFailure = null;
                System.err.println("pool: worker process " + worker.pid + " started in its place");
                return true;
            } catch (WorkerFailure e) {
                if (pool.closed) return false;
                pool.launchFailure = e.getMessage();
                if (pool.live.get() == 0) {   // no worker anywhere: what waits would wait for nothing
                    for (Task t = pool.queue.poll(); t != null; t = pool.queue.poll()) t.fail(pool.noWorkers());
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
