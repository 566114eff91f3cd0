package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.stream.Stream;
import lab.Servers;
import lab.TestHttp.Response;
import lab.TestHttp;
import lab.config.EnvironmentException;
import lab.http.RunningServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every scenario's server answers, whatever its concurrency model. */
class ScenarioContractTest {

    static Stream<String> scenarios() {
        return Scenarios.names().stream();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void answersHowdyWithExactHeaders(String scenario) throws IOException {
        try (RunningServer server = Servers.start(scenario)) {
            Response r = TestHttp.get(server.port(), "/");
            assertEquals(200, r.status());
            assertEquals("Howdy!\r\n", r.body());
            // Tomcat normalises it to text/plain;charset=UTF-8: the same media type (RFC 9110 allows either)
            assertEquals("text/plain;charset=UTF-8", r.header("Content-Type").replace("; ", ";"));
            assertEquals("8", r.header("Content-Length"));
            assertTrue(server.threading().length() > 0);
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void refusesOtherPathsMethodsAndBadCosts(String scenario) throws IOException {
        try (RunningServer server = Servers.start(scenario)) {
            int port = server.port();
            assertEquals(404, TestHttp.get(port, "/favicon.ico").status());
            Response bad = TestHttp.get(port, "/?cost=soon");
            assertEquals(400, bad.status());
            assertTrue(bad.body().startsWith("bad cost: 'soon' is not a duration"), bad.body());
            Response over = TestHttp.get(port, "/?cost=11s");
            assertEquals(400, over.status());
            assertTrue(over.body().contains("over the cap of 10s"), over.body());
            assertEquals(200, TestHttp.get(port, "/?cost=5ms").status());
            try (TestHttp http = new TestHttp(port)) {
                Response post = http.send("POST", "/", "HTTP/1.1", "Content-Length: 0\r\nConnection: close\r\n");
                assertEquals(405, post.status());
                assertEquals("GET", post.header("Allow"));
            }
        }
    }

    /** ab speaks HTTP/1.0 without keep-alive: one response, then the server closes. */
    @ParameterizedTest
    @MethodSource("scenarios")
    void servesHttp10AndClosesTheConnection(String scenario) throws IOException {
        try (RunningServer server = Servers.start(scenario); TestHttp http = new TestHttp(server.port())) {
            Response r = http.send("GET", "/", "HTTP/1.0", "");
            assertEquals(200, r.status());
            assertTrue(r.statusLine().startsWith("HTTP/1."), r.statusLine());
            assertEquals("Howdy!\r\n", r.body());
            assertTrue(http.closedByServer(), "HTTP/1.0 connection without keep-alive should be closed");
        }
    }

    /** ab -k speaks HTTP/1.0 with "Connection: Keep-Alive": it reuses the connection only if the answer says keep-alive. */
    @ParameterizedTest
    @MethodSource("scenarios")
    void keepsHttp10KeepAliveConnectionsAlive(String scenario) throws IOException {
        try (RunningServer server = Servers.start(scenario); TestHttp http = new TestHttp(server.port())) {
            for (int i = 0; i < 3; i++) {
                Response r = http.send("GET", "/", "HTTP/1.0", "Connection: Keep-Alive\r\n");
                assertEquals("Howdy!\r\n", r.body());
                assertEquals("keep-alive", r.header("connection").toLowerCase(java.util.Locale.ROOT), scenario);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void keepsHttp11ConnectionsAlive(String scenario) throws IOException {
        try (RunningServer server = Servers.start(scenario); TestHttp http = new TestHttp(server.port())) {
            // past Tomcat's default maxKeepAliveRequests (100): every stack keeps a connection as long as its client does
            for (int i = 0; i < 150; i++) {
                Response r = http.send("GET", "/", "HTTP/1.1", "");
                assertEquals("Howdy!\r\n", r.body());
            }
        }
    }

    /**
     * A free port under Linux's ephemeral range (32768 up here): a port 0 gave could be any outgoing
     * connection's local port the moment the server let it go, and a CI run once failed the rebind so.
     */
    private static int belowTheEphemeralRange() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket probe = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void stoppingFreesThePortAndABusyPortIsAOneLineError(String scenario) throws IOException {
        int port = belowTheEphemeralRange();
        try (RunningServer first = Servers.start(scenario, "port", Integer.toString(port))) {
            assertEquals(port, first.port());
            EnvironmentException busy = assertThrows(EnvironmentException.class,
                    () -> Servers.start(scenario, "port", Integer.toString(first.port())).close());
            assertTrue(busy.getMessage().contains("address already in use"), busy.getMessage());
        }
        try (RunningServer again = Servers.start(scenario, "port", Integer.toString(port))) {
            assertEquals(port, again.port());
            assertEquals(200, TestHttp.get(port, "/").status());
        }
        try (ServerSocket probe = new ServerSocket(port)) {
            assertEquals(port, probe.getLocalPort());   // free again after the second stop
        }
    }
}
