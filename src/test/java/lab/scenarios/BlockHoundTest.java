package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import lab.Servers;
import lab.SharedServices;
import lab.TestHttp;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.WorkKind;
import lab.http.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.blockhound.BlockHound;

/**
 * Proof, not claim, of where each server blocks. BlockHound instruments the JDK's blocking methods
 * ({@code Thread.sleep}, socket reads, parking, ...) and reports every call made on a thread that
 * promises never to block: Reactor Netty's event loops and Reactor's {@code parallel()} workers
 * (both implement Reactor's {@code NonBlocking}, which the integrations of reactor-core and Netty,
 * loaded from the class path, tell BlockHound about).
 *
 * <p>Every scenario, with every work kind it accepts, serves a few concurrent requests. Only the two
 * whose lesson is the misuse may be caught, and must be: {@code reactive-blocking} sleeps on its event
 * loop, {@code reactive-parallel} sleeps on {@code parallel()}. CPU work is no blocking call, so it is
 * caught nowhere (BlockHound sees waits, not hogging). Everything else, the process pool's hand-off
 * included (its pipe reads run on its own slot threads), must be clean. A new scenario or work kind
 * joins by itself; scenarios on blocking stacks have no non-blocking thread to misuse and pass trivially.
 *
 * <p>The agent changes the JDK for the rest of the JVM's life, so these tests run in their own Surefire
 * execution with the JVM flags BlockHound needs (pom.xml, execution {@code blockhound}); alone:
 * {@code mvn test-compile surefire:test@blockhound}.
 */
class BlockHoundTest {

    /** A blocking call BlockHound saw on a non-blocking thread. */
    record Detection(String thread, String method) {}

    private static final Queue<Detection> DETECTED = new ConcurrentLinkedQueue<>();

    /** The misuses that are the lesson: scenario, and the prefix of the threads it wrongly blocks. */
    private static final Map<String, String> BLOCKS_ON_PURPOSE = Map.of(
            "reactive-blocking", "lab-loop-",   // ReactiveHttpServer's event loops
            "reactive-parallel", "parallel-");  // Schedulers.parallel()

    private static final int REQUESTS = 4;

    /** The real PostgreSQL and downstream that the http and db cases call. */
    private static SharedServices services;

    @BeforeAll
    static void install() {
        // `mvn test -Dtest=BlockHoundTest` runs it in the default execution too, whose JVM lacks the flags.
        Assumptions.assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:+AllowRedefinitionToAddDeleteMethods"), "not the blockhound execution's JVM");
        // Record instead of BlockHound's default (throw BlockingOperationError in the offending thread):
        // the server then answers normally and the test reads what was caught, where.
        BlockHound.install(builder -> builder.blockingMethodCallback(method ->
                DETECTED.add(new Detection(Thread.currentThread().getName(), method.toString()))));
        services = SharedServices.start();
    }

    @AfterAll
    static void stopServices() {
        if (services != null) services.close();
    }

    @BeforeEach
    void forget() {
        DETECTED.clear();
    }

    static Stream<Arguments> scenariosAndWork() {
        List<Arguments> cases = new ArrayList<>();
        for (Scenario s : Scenarios.all()) {
            for (WorkKind kind : WorkKind.values()) {
                for (String shape : List.of("single", "fanout:3")) {   // a fan-out must not block an event loop either
                    try {
                        s.check(Options.of(Map.of("work", kind.label(), "shape", shape)).validate());
                        cases.add(Arguments.of(s.name(), kind, shape));
                    } catch (OptionException refused) {
                        // e.g. reactive-delay has no CPU form, cpu work no shape: nothing to serve, nothing to prove
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("scenariosAndWork")
    void onlyTheMisusesBlockANonBlockingThread(String scenario, WorkKind kind, String shape) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("work", kind.label(), "cost", "20ms", "workers", "1", "shape", shape));
        services.pointAt(options);
        String[] keyValues = options.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
        try (RunningServer server = Servers.start(scenario, keyValues)) {
            List<CompletableFuture<TestHttp.Response>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) answers.add(TestHttp.getAsync(server.port(), "/"));
            for (CompletableFuture<TestHttp.Response> a : answers) assertEquals(200, a.get().status());
        }
        List<Detection> seen = List.copyOf(DETECTED);
        String expectedThreads = BLOCKS_ON_PURPOSE.get(scenario);
        boolean waits = kind != WorkKind.CPU;   // every work kind but cpu waits by blocking its thread
        if (expectedThreads == null || !waits) {
            assertTrue(seen.isEmpty(), scenario + " with " + kind.label() + " work blocked a non-blocking thread: " + seen);
            return;
        }
        assertFalse(seen.isEmpty(), scenario + " with " + kind.label() + " work blocks " + expectedThreads
                + "* threads, and BlockHound did not catch it");
        for (Detection d : seen) {
            assertTrue(d.thread().startsWith(expectedThreads), "caught on an unexpected thread: " + d);
            if (kind == WorkKind.SLEEP) assertTrue(d.method().contains("sleep"), "caught something else than the sleep: " + d);
        }
    }
}
