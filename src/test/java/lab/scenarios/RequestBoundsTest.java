package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.Await;
import lab.Servers;
import lab.TestHttp;
import lab.compare.InFlight;
import lab.http.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request-reading bounds (-DheaderTimeout, -DmaxRequestLine, -DmaxHeaderSize) on every
 * scenario's real server: new scenarios join through {@link Scenarios#all()}.
 */
class RequestBoundsTest {

    static Stream<String> scenarios() {
        return Scenarios.names().stream();
    }

    /**
     * Over the default limits (8 KB) by enough to be clear of how each stack counts CRLFs and
     * separators, and under 16 KB: past line + headers (16 KB) Tomcat refuses a head itself, with 400.
     */
    private static final int OVER = 10_000;

    @ParameterizedTest
    @MethodSource("scenarios")
    void refusesOversizedLinesAndHeadersCutsOffAStalledHeadButNotASlowHandler(String scenario) throws Exception {
        // the size bounds at the default header timeout: a 300 ms deadline, on a cold server under the
        // shared machine's load, cut off the first head before it was decoded (a reset after ~500 ms, no 414)
        try (RunningServer server = Servers.start(scenario)) {
            int port = server.port();
            assertEquals(414, TestHttp.get(port, "/" + "a".repeat(OVER)).status());
            assertEquals(404, TestHttp.get(port, "/" + "a".repeat(7_000)).status(), "a long but legal line is read");
            try (TestHttp http = new TestHttp(port)) {
                String headers = ("X-Pad: " + "b".repeat(1_000) + "\r\n").repeat(OVER / 1_000) + "Connection: close\r\n";
                assertEquals(431, http.send("GET", "/", "HTTP/1.1", headers).status());
            }
            try (TestHttp http = new TestHttp(port)) {
                String headers = ("X-Pad: " + "b".repeat(1_000) + "\r\n").repeat(6) + "Connection: close\r\n";
                assertEquals(200, http.send("GET", "/", "HTTP/1.1", headers).status(), "6 KB of headers are read");
            }
        }
        try (RunningServer server = Servers.start(scenario, "headerTimeout", "300ms")) {
            int port = server.port();
            // a handler that takes longer than headerTimeout is not cut off: the clock stops once the head is in
            CompletableFuture<TestHttp.Response> slow = TestHttp.getAsync(port, "/?cost=1s");
            try (Socket stalled = stall(port)) {
                assertTrue(closedWithin(stalled, 10_000), "a half-sent head is cut off");
            }
            assertEquals(200, slow.get(30, TimeUnit.SECONDS).status());
        }
    }

    /**
     * A head refused while its body is still arriving: the server answers and closes with the body
     * unread. Closed at once, the kernel answers the unread bytes with a reset, and the client loses
     * the answer it had not read yet ("connection reset", or an answer cut off). Each stack must
     * linger: send the answer, half-close, drop what arrives (a bounded time and amount), then close.
     * A body of 32 KiB is in the server's socket when it refuses the head, every time.
     */
    @ParameterizedTest
    @MethodSource("scenarios")
    void aRefusedHeadIsAnsweredWhileItsBodyIsStillUnread(String scenario) throws Exception {
        try (RunningServer server = Servers.start(scenario)) {
            int port = server.port();
            String body = "c".repeat(32 * 1_024);
            String length = "Content-Length: " + body.length() + "\r\n";
            assertEquals(414, sendWithBody(port, "/" + "a".repeat(OVER), length, body), "line too long");
            String headers = ("X-Pad: " + "b".repeat(1_000) + "\r\n").repeat(OVER / 1_000) + length;
            assertEquals(431, sendWithBody(port, "/", headers, body), "headers too large");
        }
    }

    /** The whole request written before the answer is read, as a client that does not watch for an early answer does. */
    private static int sendWithBody(int port, String target, String headers, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 "), "an answer, not: " + answer);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    /**
     * The slow-client hole of a thread per connection: 12 clients that send half a head hold all 4
     * threads; the header timeout frees them, and a normal request is then served.
     */
    @Test
    void stalledClientsAreCutOffAndFreeThePlatformThreads() throws Exception {
        try (RunningServer server = Servers.start("platform-threads", "threads", "4", "headerTimeout", "500ms")) {
            int port = server.port();
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) stalled.add(stall(port));
                // the four threads have each read a half head (unread bytes wait in the kernel otherwise)
                Await.until("the server's 4 threads each reading a stalled head", Duration.ofSeconds(10),
                        () -> InFlight.count(port), n -> n >= 4);
                long start = System.nanoTime();
                assertEquals(200, TestHttp.get(port, "/").status());
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                // it had to wait for cut-offs: proof the stalled heads held the threads
                assertTrue(waitedMs >= 300, "served after " + waitedMs + " ms, before any stalled head was cut off");
                for (Socket s : stalled) assertTrue(closedWithin(s, 15_000), "every stalled client is cut off");
            } finally {
                for (Socket s : stalled) s.close();
            }
        }
    }

    /** A connection that sends half a request head, then nothing. */
    static Socket stall(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** True if the server closed the connection (end of stream or reset, after any answer) within the time. */
    static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        try {
            while (in.read() != -1) { /* a 408 first is fine */ }
            return true;
        } catch (SocketException e) {
            return true;   // connection reset: closed too
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }
}
