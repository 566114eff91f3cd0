package lab;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A deliberately tiny HTTP client over a raw socket, so tests control exactly what goes on the
 * wire (HTTP/1.0 as ab sends it, keep-alive, odd methods) and see exactly what comes back.
 */
public final class TestHttp implements AutoCloseable {

    public record Response(String statusLine, int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public TestHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        in = new BufferedInputStream(socket.getInputStream());   // one read(2) per response, not per byte
        out = socket.getOutputStream();
    }

    /** One request on a fresh connection. */
    public static Response get(int port, String target) throws IOException {
        try (TestHttp http = new TestHttp(port)) {
            return http.send("GET", target, "HTTP/1.1", "Connection: close\r\n");
        }
    }

    /**
     * One request sent from its own new thread, so a test can have many in flight at once.
     * (Not {@code CompletableFuture.supplyAsync}: its common pool has cores - 1 threads, one on a
     * 2-core machine, and would quietly send the "concurrent" requests one after another.)
     */
    public static CompletableFuture<Response> getAsync(int port, String target) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                response.complete(get(port, target));
            } catch (IOException | RuntimeException e) {
                response.completeExceptionally(e);
            }
        });
        return response;
    }

    /** A client that leaves: sends GET {@code target} on a new connection, stays {@code stay}, then closes it unread. */
    public static void sendAndLeave(int port, String target, Duration stay) throws IOException, InterruptedException {
        try (TestHttp http = new TestHttp(port)) {
            http.write("GET", target, "HTTP/1.1", "");
            Thread.sleep(stay.toMillis());
        }
    }

    /**
     * One request written on the calling thread, its response read on a new one. When this returns
     * the request is with the server's kernel (loopback), so a test that then polls what the server
     * holds ({@code InFlight}: connections with nothing unread) cannot mistake a connection whose
     * request is not yet sent for one whose request the server has read.
     */
    public static CompletableFuture<Response> sendAsync(int port, String target) throws IOException {
        TestHttp http = new TestHttp(port);
        try {
            http.write("GET", target, "HTTP/1.1", "Connection: close\r\n");
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
        CompletableFuture<Response> response = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (http) {
                response.complete(http.readResponse());
            } catch (IOException | RuntimeException e) {
                response.completeExceptionally(e);
            }
        });
        return response;
    }

    public Response send(String method, String target, String version, String extraHeaders) throws IOException {
        write(method, target, version, extraHeaders);
        return readResponse();
    }

    private void write(String method, String target, String version, String extraHeaders) throws IOException {
        String request = method + " " + target + " " + version + "\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Response(statusLine, Integer.parseInt(statusLine.split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection (reads end of stream). */
    public boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) throw new IOException("connection closed mid-response");
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
