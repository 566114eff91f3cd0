package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.launch.ChildJvm;
import org.junit.jupiter.api.Test;

/** The runner end to end, in a child JVM: what a user sees on a mistake, and the exit status. */
class MainTest {

    record Run(int exit, String out, String err) {}

    static Run runMain(String... args) throws IOException, InterruptedException {
        List<String> command = ChildJvm.command(Main.class, List.of(), List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("lab.Main did not exit: " + String.join(" ", args));
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void unknownScenarioIsOneLineAndStatus2() throws Exception {
        Run run = runMain("scenario=turbo");
        assertEquals(2, run.exit());
        assertEquals("error: unknown scenario 'turbo'; choose one of: ", run.err().lines().findFirst().orElseThrow()
                .substring(0, "error: unknown scenario 'turbo'; choose one of: ".length()));
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void badDeadlinesAreOneLineAndStatus2() throws Exception {
        for (String[] bad : new String[][] {
                {"deadline=-1s", "error: deadline: '-1s' is not a duration (use e.g. 250ms, 1s, 1.5s)"},
                {"deadline=soon", "error: deadline: 'soon' is not a duration (use e.g. 250ms, 1s, 1.5s)"},
                {"deadline=0", "error: deadline 0 is out of range (over 0, at most maxCost)"},
                {"deadline=11s", "error: deadline 11s is over maxCost 10s (raise -DmaxCost=, or shorten -Ddeadline=)"}}) {
            Run run = runMain("scenario=sync", bad[0]);
            assertEquals(2, run.exit(), bad[0]);
            assertEquals(bad[1], run.err().strip(), bad[0]);
        }
    }

    /** -Dstats counts departures only where the stack notices them (Reactor Netty); elsewhere it is refused, not ignored. */
    @Test
    void statsOnAStackThatCannotCountDeparturesIsOneLineAndStatus2() throws Exception {
        for (String[] s : new String[][] {
                {"sync", "the JDK HttpServer"}, {"virtual-threads-jetty", "Jetty"}, {"virtual-threads-tomcat", "Tomcat"}}) {
            Run run = runMain("scenario=" + s[0], "stats=true");
            assertEquals(2, run.exit(), s[0] + ": " + run.err());
            assertEquals("error: stats: only the Reactor Netty servers (reactive-*) count departed clients; " + s[1]
                    + " does not notice a client that left", run.err().strip(), s[0]);
        }
    }

    /** -DwatchClients where the stack cannot see the connection while the request runs: refused, not ignored. */
    @Test
    void watchClientsOnAStackThatCannotIsOneLineAndStatus2() throws Exception {
        for (String[] s : new String[][] {
                {"sync", "the JDK HttpServer", "it exposes no socket, and its request body's -1 is the body's end, not the connection's"},
                {"platform-threads", "the JDK HttpServer", "it exposes no socket, and its request body's -1 is the body's end, not the connection's"}}) {
            Run run = runMain("scenario=" + s[0], "watchClients=true");
            assertEquals(2, run.exit(), s[0] + ": " + run.err());
            assertEquals("error: watchClients: " + s[1] + " cannot notice a client that left: " + s[2] + " (docs/deadlines.md)",
                    run.err().strip(), s[0]);
        }
    }

    @Test
    void badCostAndBadPortAreOneLineAndStatus2() throws Exception {
        Run cost = runMain("scenario=sync", "cost=fast");
        assertEquals(2, cost.exit());
        assertEquals("error: cost: 'fast' is not a duration (use e.g. 250ms, 1s, 1.5s)", cost.err().strip());
        Run port = runMain("scenario=sync", "port=-1");
        assertEquals(2, port.exit());
        assertEquals("error: port -1 is out of range (0 to 65535)", port.err().strip());
    }

    @Test
    void badShapeIsOneLineAndStatus2() throws Exception {
        Run shape = runMain("scenario=virtual-threads", "shape=fanout:17");
        assertEquals(2, shape.exit());
        assertEquals("error: shape 'fanout:17' is not single, chain:N or fanout:N (N from 1 to 16)", shape.err().strip());
        Run cpu = runMain("scenario=virtual-threads", "work=cpu", "shape=chain:2");
        assertEquals(2, cpu.exit());
        assertEquals(1, cpu.err().lines().count(), cpu.err());
        assertTrue(cpu.err().startsWith("error: shape chain:2 needs calls to compose, and cpu work makes none"), cpu.err());
    }

    @Test
    void portInUseIsOneLineAndTheEnvironmentsStatus3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run run = runMain("scenario=reactive-delay", "port=" + taken.getLocalPort());
            assertEquals(lab.config.EnvironmentException.EXIT_STATUS, run.exit());
            assertTrue(run.err().strip().startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use"), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
    }

    @Test
    void withoutAScenarioItListsThemAll() throws Exception {
        Run run = runMain();
        assertEquals(0, run.exit(), run.err());
        for (String name : lab.scenarios.Scenarios.names()) {
            assertTrue(run.out().contains("  " + name + " "), name + " missing from:\n" + run.out());
        }
        assertTrue(run.out().contains("mvn -q compile exec:java -Dscenario=NAME"));
        assertTrue(Path.of("pom.xml").toFile().exists());
    }
}
