package lab.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import lab.load.Schedule;

/**
 * The open model, in Gatling: users arrive on the {@link Schedule} (one request each, at a constant
 * rate per step, whatever the server does), over shared keep-alive connections. Besides Gatling's
 * own report, every request is recorded — its place in the arrival order, when its user started,
 * when its answer (or error) came, the status — so the harness can measure from the intended send
 * time and draw timelines without reading Gatling's binary log. Run by {@code lab.load.GatlingRun}
 * with {@code -Dlab.load.schedule= -Dlab.load.url= -Dlab.load.records=}.
 */
public final class OpenModelSimulation extends Simulation {

    private final Schedule schedule = readSchedule();
    private final Path records = Path.of(System.getProperty("lab.load.records"));
    private final AtomicLong arrivals = new AtomicLong();
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private volatile long baseNanos;

    private final ScenarioBuilder users = scenario("open model")
            .exec(this::arrive)
            // Gatling's report names each request after its step, so its tables line up with the harness's.
            .exec(http("#{step}").get(System.getProperty("lab.load.url"))
                    .check(status().saveAs("status"), status().is(200)))
            .exec(this::record);

    {
        List<OpenInjectionStep> injection = new ArrayList<>();
        for (Schedule.Step s : schedule.steps()) {
            Duration d = Duration.ofMillis(Math.round(s.seconds() * 1000));
            // n users spread evenly over the step: a constant rate, with exactly the count the schedule expects
            injection.add(s.users() == 0 ? nothingFor(d) : rampUsers((int) s.users()).during(d));
        }
        setUp(users.injectOpen(injection)).protocols(http.shareConnections().disableWarmUp()
                .disableCaching().header("User-Agent", "concurrency-lab-load"));
    }

    @Override
    public void before() {
        baseNanos = System.nanoTime();
    }

    private Session arrive(Session session) {
        long n = arrivals.getAndIncrement();
        // The harness starts its per-step /proc samples from this line (wall clock, ms).
        if (n == 0) System.out.println("lab-load: first arrival " + System.currentTimeMillis());
        int step = schedule.stepOf(n);
        String label = step < 0 ? "extra" : schedule.steps().get(step).label();
        return session.set("n", n).set("step", label).set("t0", System.nanoTime());
    }

    private Session record(Session session) {
        long end = System.nanoTime();
        int status = session.contains("status") ? session.getInt("status") : 0;   // 0: no answer (connection error, timeout)
        lines.add(session.getLong("n") + "," + (session.getLong("t0") - baseNanos) / 1000 + ","
                + (end - baseNanos) / 1000 + "," + status);
        return session;
    }

    @Override
    public void after() {
        try (BufferedWriter w = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            w.write("# n,start_us,end_us,status (us from the base; base " + baseNanos + ")\n");
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schedule readSchedule() {
        try {
            return Schedule.read(Path.of(System.getProperty("lab.load.schedule")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
