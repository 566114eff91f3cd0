package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import lab.Servers;
import lab.TestHttp;
import lab.TestHttp.Response;
import lab.http.RunningServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request-reading bounds on Jetty and Tomcat: a request line over {@code maxRequestLine} gets 414,
 * headers over {@code maxHeaderSize} get 431, and a client that stops halfway through its headers
 * is cut off after {@code headerTimeout}, while a request whose work outlasts that timeout is not.
 */
class ProductionServersRequestBoundsTest {

    @ParameterizedTest
    @ValueSource(strings = {"virtual-threads-jetty", "virtual-threads-tomcat"})
    void anOversizedRequestLineGets414(String scenario) throws Exception {
        try (RunningServer server = Servers.start(scenario); TestHttp http = new TestHttp(server.port())) {
            Response r = http.send("GET", "/?pad=" + "a".repeat(10_000), "HTTP/1.1", "");
            assertEquals(414, r.status(), r.body());
            assertTrue(r.body().contains("over the limit of 8192"), r.body());
            assertTrue(http.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual-threads-jetty", "virtual-threads-tomcat"})
    void oversizedHeadersGet431(String scenario) throws Exception {
        try (RunningServer server = Servers.start(scenario, "maxHeaderSize", "4096");
             TestHttp http = new TestHttp(server.port())) {
            Response r = http.send("GET", "/", "HTTP/1.1", "X-Pad: " + "b".repeat(5_000) + "\r\n");
            assertEquals(431, r.status(), r.body());
            assertTrue(r.body().contains("over the limit of 4096"), r.body());
            assertTrue(http.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual-threads-jetty", "virtual-threads-tomcat"})
    void withinTheLimitsTheRequestIsServed(String scenario) throws Exception {
        try (RunningServer server = Servers.start(scenario); TestHttp http = new TestHttp(server.port())) {
            Response r = http.send("GET", "/?pad=" + "a".repeat(7_000), "HTTP/1.1", "X-Pad: " + "b".repeat(7_000) + "\r\n");
            assertEquals(200, r.status(), r.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual-threads-jetty", "virtual-threads-tomcat"})
    void aClientThatStallsMidHeaderIsCutOffAfterTheHeaderTimeout(String scenario) throws Exception {
        try (RunningServer server = Servers.start(scenario, "headerTimeout", "500ms");
             Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.setSoTimeout(10_000);
            stalled.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            InputStream in = stalled.getInputStream();
            while (in.read() != -1) {
                // a 408 before the close is fine; the close is what frees the connection
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 400 && ms < 5_000, scenario + " closed the stalled connection after " + ms + " ms");
            assertEquals(200, TestHttp.get(server.port(), "/").status());
        }
    }

    /** The header timeout is for reading the request; a handler at work for longer is not cut off. */
    @ParameterizedTest
    @ValueSource(strings = {"virtual-threads-jetty", "virtual-threads-tomcat"})
    void workLongerThanTheHeaderTimeoutIsStillAnswered(String scenario) throws Exception {
        try (RunningServer server = Servers.start(scenario, "headerTimeout", "200ms")) {
            assertEquals(200, TestHttp.get(server.port(), "/?cost=700ms").status());
        }
    }
}
