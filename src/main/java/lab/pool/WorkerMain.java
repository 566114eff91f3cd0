package lab.pool;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.config.EnvironmentException;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.Shape;
import lab.setup.WorkSetup;
import lab.shape.OneAfterAnother;
import lab.work.CpuWork;
import lab.work.Deadline;
import lab.work.SleepWork;
import lab.work.Work;

/**
 * A worker process of the pool ({@code java -cp … lab.pool.WorkerMain sleep|cpu ROUNDS_PER_NS},
 * or {@code options work=http|db key=value…} for work that calls a service the server started):
 * the seed's {@code ProcessPoolExecutor} worker. It says {@code ready}, then runs one request at a
 * time: reads {@code run ID NANOS} on stdin, does the work, answers {@code done ID} on stdout
 * (see {@link Wire}). When stdin ends (the server closed it, or the server died) it exits.
 * Sleep and cpu need nothing but the JDK and {@code lab.work}; http and db build their own client
 * pool (the shared downstream or database was started once, by the server).
 */
public final class WorkerMain {

    private static final String SHAPE = "shape=";

    private WorkerMain() {}

    public static void main(String[] args) {
        Work work;
        try {
            work = work(args);
        } catch (IllegalArgumentException | OptionException | EnvironmentException e) {   // e.g. the database refused: one line, not a trace
            System.err.println("worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(serve(new BufferedInputStream(System.in), new FileOutputStream(FileDescriptor.out), work));
    }

    /**
     * The arguments that make a worker do {@code work} (the server's side of {@link #work}), each
     * request as {@code shape}'s calls: {@code shape=chain:N} first unless single.
     */
    public static List<String> args(Work work, Shape shape) {
        List<String> args = new ArrayList<>();
        if (!shape.isSingle()) args.add(SHAPE + shape);
        args.addAll(args(work));
        return args;
    }

    /** The arguments that make a worker do {@code work}, one call per request. */
    public static List<String> args(Work work) {
        return switch (work.kind()) {
            case SLEEP -> List.of("sleep");
            case CPU -> List.of("cpu", Double.toString(((CpuWork) work).roundsPerNano()));
            case HTTP, DB -> {
                List<String> args = new ArrayList<>(List.of("options"));
                work.workerOptions().forEach((k, v) -> args.add(k + "=" + v));
                yield args;
            }
        };
    }

    /** {@code sleep}, or {@code cpu} with the server's calibrated speed, so every worker burns the same amount. */
    static Work work(String[] args) {
        if (args.length >= 1 && args[0].startsWith(SHAPE)) {   // one request, one thread: the calls in turn
            Shape shape = Shape.parse(args[0].substring(SHAPE.length()))
                    .orElseThrow(() -> new IllegalArgumentException("bad shape: " + args[0]));
            return OneAfterAnother.of(shape, work(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && args[0].equals("options")) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("not key=value: " + args[i]);
                values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
            return WorkSetup.start(Options.of(values).validate(), Work.Form.BLOCKING);
        }
        if (args.length == 1 && args[0].equals("sleep")) return new SleepWork();
        if (args.length == 2 && args[0].equals("cpu")) {
            CpuWork cpu = CpuWork.withSpeed(Double.parseDouble(args[1]));
            for (int i = 0; i < 50; i++) cpu.perform(java.time.Duration.ofMillis(1));   // let the JIT compile the loop
            return cpu;
        }
        throw new IllegalArgumentException("usage: WorkerMain sleep | WorkerMain cpu ROUNDS_PER_NS | WorkerMain options work=http|db KEY=VALUE...");
    }

    /** The worker's loop; returns its exit status: 0 when stdin ends, 3 on a bad request or a broken pipe. */
    static int serve(InputStream requests, OutputStream replies, Work work) {
        try {
            replies.write(Wire.ready());
            replies.flush();
            for (String line = Wire.readLine(requests); line != null; line = Wire.readLine(requests)) {
                Wire.Run run = Wire.parseRun(line);
                try {
                    // the request's deadline bounds the work's clients here too (the JDK client's timeout, pgjdbc's query timeout)
                    Deadline.within(run.deadline(), () -> work.perform(run.cost()));
                } catch (Deadline.DeadlinePassed e) {
                    // the server has answered 504 already; "done" frees this worker for the next request
                }
                replies.write(Wire.done(run.id()));
                replies.flush();
            }
            return 0;   // stdin closed: the server is gone or done with us
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("worker " + ProcessHandle.current().pid() + ": " + e.getMessage());
            return 3;
        }
    }
}
