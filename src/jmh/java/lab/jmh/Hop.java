package lab.jmh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lab.config.Options;
import lab.http.HttpContract;
import lab.pool.ProcessPool;
import lab.work.Work;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where a scenario runs a request's work step, and how the caller (the event loop, the JDK
 * server's dispatcher) gets the answer back: the hop, without the HTTP around it. Each constant
 * opens a {@link Trip} for one trial; {@link HopBenchmark} takes them all as its {@code @Param}.
 * One more hop is one more constant here.
 */
public enum Hop {

    /** sync, reactive-blocking: the caller runs the step itself. The baseline: no hop at all. */
    INLINE {
        @Override Trip open(Work work) {
            return cost -> step(work, cost);
        }
    },
    /** reactive-delay: no step, a timer. Schedules on parallel()'s timer, whose thread emits the answer. */
    MONO_DELAY {
        @Override Trip open(Work work) {
            return cost -> Mono.delay(cost).thenReturn(HttpContract.BODY).block();
        }
    },
    /** reactive-elastic: queue hand-off to a boundedElastic worker (a cached platform thread). */
    BOUNDED_ELASTIC {
        @Override Trip open(Work work) {
            return subscribeOn(work, Schedulers.boundedElastic());
        }
    },
    /** reactive-parallel: queue hand-off to one of the per-core parallel() workers. */
    PARALLEL {
        @Override Trip open(Work work) {
            return subscribeOn(work, Schedulers.parallel());
        }
    },
    /** virtual-threads (and reactive-virtual, minus Reactor's wrapper): a new virtual thread per step. */
    VIRTUAL_THREAD {
        @Override Trip open(Work work) {
            return onExecutor(work, Executors.newVirtualThreadPerTaskExecutor());
        }
    },
    /** platform-threads: a fixed pool of platform threads, sized as the scenario's (-Dthreads). */
    PLATFORM_POOL {
        @Override Trip open(Work work) {
            return onExecutor(work, Executors.newFixedThreadPool(Options.of(Map.of()).threads()));
        }
    },
    /**
     * reactive-process-pool: a line down a pipe to a worker JVM, its reply line back, read by the
     * worker's slot thread, which completes the Mono. One worker, so every call pays the whole trip.
     */
    PROCESS_POOL {
        @Override Trip open(Work work) {
            ProcessPool pool = ProcessPool.start(1, 0, work);
            return new Trip() {
                @Override public String go(Duration cost) {
                    return pool.submit(cost).thenReturn(HttpContract.BODY).block();
                }

                @Override public void close() {
                    pool.close();
                }
            };
        }
    };

    /** One opened hop: sends a step of {@code cost} over and waits for its answer; close frees its threads. */
    @FunctionalInterface
    public interface Trip extends AutoCloseable {
        String go(Duration cost) throws Exception;

        @Override
        default void close() {}
    }

    abstract Trip open(Work work);

    /** The handler's work step: do the work, answer the body. */
    static String step(Work work, Duration cost) {
        work.perform(cost);
        return HttpContract.BODY;
    }

    /** As the reactive scenarios write it: {@code Mono.fromCallable(step).subscribeOn(s)}, then wait. */
    private static Trip subscribeOn(Work work, Scheduler scheduler) {
        return cost -> Mono.fromCallable(() -> step(work, cost)).subscribeOn(scheduler).block();
    }

    /** As the JDK stack does it: one task on the executor (here the caller waits on its future). */
    private static Trip onExecutor(Work work, ExecutorService executor) {
        return new Trip() {
            @Override public String go(Duration cost) throws Exception {
                return executor.submit(() -> step(work, cost)).get();
            }

            @Override public void close() {
                executor.close();
            }
        };
    }
}
