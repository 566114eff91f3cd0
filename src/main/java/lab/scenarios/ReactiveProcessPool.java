package lab.scenarios;

import lab.config.Options;
import lab.config.Shape;
import lab.http.HttpContract;
import lab.http.ReactiveHttpServer;
import lab.http.RunningServer;
import lab.pool.ProcessPool;
import lab.work.Work;

/**
 * The seed's {@code ProcessPoolExecutor}: the work runs in N worker processes (child JVMs), one
 * request each at a time; the event loop only hands the request over and subscribes to the reply.
 * In Python this is how CPU work escapes the GIL; in Java it buys isolation (a crashing worker
 * costs one request, not the server) at the price of a JVM per worker and a pipe per request.
 */
public final class ReactiveProcessPool implements Scenario {

    @Override public String name() { return "reactive-process-pool"; }
    @Override public String seedCounterpart() { return "examples.server_async2_process"; }
    @Override public String lesson() { return "work in N worker processes: throughput = min(concurrency, workers)/cost (cpu: at most cores)"; }
    @Override public int capacity(Options options) { return options.workers(); }
    @Override public boolean honoursQueueLimit() { return true; }
    @Override public Work.Form workForm() { return Work.Form.IN_WORKERS; }   // each worker has its own client
    @Override public Shape runs(Shape asked) { return asked.sequential(); }   // one worker, one thread: N calls in turn

    @Override
    public RunningServer start(Options options, Work work) {
        ProcessPool pool = ProcessPool.start(options.workers(), options.queueLimit(), work, options.shape());
        try {
            return ReactiveHttpServer.start(options,
                    cost -> pool.submit(cost).thenReturn(HttpContract.BODY),   // a worker process does the work
                    "the work runs in " + pool.describe())
                    .alsoClosing(pool);
        } catch (RuntimeException e) {   // e.g. the port is taken: end the workers too
            pool.close();
            throw e;
        }
    }
}
