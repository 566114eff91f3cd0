package lab.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lab.TestHttp;
import lab.launch.ServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The open-file limit as a bound: a server in a child JVM with a small limit ({@code prlimit}), whose
 * default -DmaxConnections is that limit minus its reserve, is flooded with twice the limit in
 * connections before its first request, then released. Past the bound clients get the canned 503
 * (the JDK server: a close), the server answers a normal request within seconds afterwards (it once
 * never served again: a class first needed with no descriptor free could not be loaded), and its
 * log stays short (it once wrote 1.4 million lines).
 */
class ConnectionFloodTest {

    private static final int LIMIT = 1_024;

    @ParameterizedTest
    @CsvSource({"reactive-delay, 503", "virtual-threads-jetty, 503", "virtual-threads-tomcat, 503", "virtual-threads, closed"})
    void aFloodPastTheOpenFileLimitIsRefusedAndTheServerServesAfterIt(String scenario, String refusal) throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of("prlimit", "--nofile=" + LIMIT + ":" + LIMIT), List.of(),
                "scenario=" + scenario, "cost=5s")) {
            int max = LIMIT - 256;   // Options.fileReserve: at least 256
            assertTrue(server.banner().contains("connections: at most " + max + " open"), server.banner());
            List<Socket> flood = new ArrayList<>();
            int refused = 0;
            try {
                for (int i = 0; i < 2 * LIMIT; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: lab\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    flood.add(s);
                }
                for (Socket s : flood.subList(max + 64, flood.size())) {   // well past the bound (the first ones may still open)
                    s.setSoTimeout(10_000);
                    if (refusal.equals(answer(s.getInputStream()))) refused++;
                }
            } finally {
                for (Socket s : flood) s.close();
            }
            assertTrue(refused > LIMIT / 2, refused + " of the connections past the bound got " + refusal);
            long start = System.nanoTime();
            assertEquals(200, awaitServed(server.port()), "a normal request after the flood");
            assertTrue((System.nanoTime() - start) / 1e9 < 10, "served within 10 s of the flood's end");
            Thread.sleep(200);
            assertTrue(server.logLines() < 100, server.logLines() + " log lines: " + server.log().subList(0, Math.min(10, server.log().size())));
        }
    }

    /** "503", another status, or "closed". */
    private static String answer(InputStream in) {
        try {
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.US_ASCII);
            return line.startsWith("HTTP/1.1 ") ? line.substring(9, 12) : "closed";
        } catch (IOException e) {
            return "closed";
        }
    }

    /**
     * The first answer that is not a refusal: until the flood's accepted connections are closed (on
     * Jetty, once their 5 s requests end) the bound still holds and refuses.
     */
    private static int awaitServed(int port) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                int status = TestHttp.get(port, "/?cost=0").status();
                if (status != 503 || System.nanoTime() > deadline) return status;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
            }
            Thread.sleep(100);
        }
    }
}
