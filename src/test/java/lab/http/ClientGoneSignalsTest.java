package lab.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.coyote.ActionCode;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * What each blocking stack tells a handler whose client closes the connection while it works
 * (docs/deadlines.md, "A client who leaves"): the signals -DwatchClients uses, and the ones it
 * cannot. Bare servers, a GET whose client closes once the handler has started.
 */
class ClientGoneSignalsTest {

    static {
        // The JDK server reads its idle-connection cap once per JVM, at its first start. A bare server
        // started here before any lab server would leave the cap at the JDK's 200 for every later test
        // in this JVM (ManyKeepAliveClientsTest then lost 431 of 1,000 clients): the lab's settings first.
        try {
            Class.forName(BlockingHttpServer.class.getName(), true, ClientGoneSignalsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Jetty: no failure listener call, demand says only the body's EOF; a one-byte fill on the endpoint sees -1. */
    @Test
    void jettyTellsOnlyAnEndpointRead() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Long> eofAfterClose = new CompletableFuture<>();
        AtomicBoolean failureListener = new AtomicBoolean();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                request.addFailureListener(x -> failureListener.set(true));
                Content.Chunk chunk = request.read();
                assertTrue(chunk != null && chunk.isLast() && !Content.Chunk.isFailure(chunk), "a GET's body: EOF at once, " + chunk);
                EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
                started.countDown();
                readOne(endPoint, n -> eofAfterClose.complete(n == -1 ? System.nanoTime() : Long.MIN_VALUE));
                Thread.sleep(1_500);
                response.write(true, null, callback);
                return true;
            }
        });
        server.start();
        try {
            long closedAt = getAndCloseOnceStarted(connector.getLocalPort(), started);
            long at = eofAfterClose.get(3, TimeUnit.SECONDS);
            assertTrue(at != Long.MIN_VALUE, "the endpoint read got a byte or failed, not -1");
            long nanos = at - closedAt;   // the close comes just before closedAt is read: a little negative is the same moment
            assertTrue(nanos > -50_000_000L && nanos < 1_000_000_000L, "the endpoint read saw -1 " + nanos / 1_000_000 + " ms after the close");
            Thread.sleep(500);
            assertFalse(failureListener.get(), "Jetty calls the failure listener for a remote close now: -DwatchClients may use it");
        } finally {
            server.stop();
        }
    }

    private static void readOne(EndPoint endPoint, Consumer<Integer> result) {
        endPoint.tryFillInterested(Callback.from(() -> {
            try {
                int n = endPoint.fill(BufferUtil.allocate(1));
                if (n == 0) readOne(endPoint, result);
                else result.accept(n);
            } catch (Exception e) {
                result.accept(-2);
            }
        }, x -> { }));
    }

    /** Tomcat: coyote's AVAILABLE (with a read) is 0 while the client is there and positive once it closed; IS_IO_ALLOWED stays true. */
    @Test
    void tomcatTellsThroughCoyoteAvailable() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<int[]> seen = new CompletableFuture<>();   // available before, available after, io allowed after
        Path base = Files.createTempDirectory("lab-tomcat-signals-");
        var tomcat = new org.apache.catalina.startup.Tomcat();
        tomcat.setBaseDir(base.toString());
        var connector = new org.apache.catalina.connector.Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        var context = tomcat.addContext("", base.toString());
        org.apache.catalina.startup.Tomcat.addServlet(context, "x", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                try {
                    var field = org.apache.catalina.connector.RequestFacade.class.getDeclaredField("request");
                    field.setAccessible(true);
                    var coyote = ((org.apache.catalina.connector.Request) field.get(req)).getCoyoteRequest();
                    coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
                    int before = coyote.getAvailable();
                    started.countDown();
                    Thread.sleep(1_000);   // the client closes 300 ms in
                    coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
                    AtomicBoolean io = new AtomicBoolean();
                    coyote.action(ActionCode.IS_IO_ALLOWED, io);
                    seen.complete(new int[] {before, coyote.getAvailable(), io.get() ? 1 : 0});
                } catch (Exception e) {
                    seen.completeExceptionally(e);
                }
            }
        });
        context.addServletMappingDecoded("/*", "x");
        tomcat.start();
        try {
            getAndCloseOnceStarted(connector.getLocalPort(), started);
            int[] s = seen.get(5, TimeUnit.SECONDS);
            assertEquals(0, s[0], "available while the client is there");
            assertTrue(s[1] > 0, "available after the client closed: " + s[1]);
            assertEquals(1, s[2], "IS_IO_ALLOWED after the close (it turns false only once a write fails)");
        } finally {
            tomcat.stop();
            tomcat.destroy();
            lab.results.Harness.deleteRecursively(base);
        }
    }

    /** The JDK server: the body of a GET is at its end (-1) at once, client there or not; no socket to ask. */
    @Test
    void theJdkServerTellsNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                int before = exchange.getRequestBody().read();
                started.countDown();
                Thread.sleep(1_000);
                seen.complete(new int[] {before, exchange.getRequestBody().read()});
            } catch (Exception e) {
                seen.completeExceptionally(e);
            } finally {
                exchange.close();
            }
        });
        server.start();
        try {
            getAndCloseOnceStarted(server.getAddress().getPort(), started);
            int[] s = seen.get(5, TimeUnit.SECONDS);
            assertEquals(-1, s[0], "the body's end while the client is there");
            assertEquals(-1, s[1], "the same after it closed");
        } finally {
            server.stop(0);
        }
    }

    /** GET / on a new connection, closed 300 ms after the handler started; returns System.nanoTime() just after the close. */
    private static long getAndCloseOnceStarted(int port, CountDownLatch started) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(started.await(10, TimeUnit.SECONDS), "the handler did not start");
            Thread.sleep(300);
        }
        return System.nanoTime();
    }
}
