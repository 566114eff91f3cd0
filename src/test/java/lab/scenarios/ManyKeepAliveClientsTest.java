package lab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lab.Servers;
import lab.TestHttp;
import lab.TestHttp.Response;
import lab.http.RunningServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code ab -k -c 1000} does, in miniature: 1,000 clients connect, then each sends three
 * HTTP/1.0 keep-alive requests on its one connection. All three answers arrive at about the same
 * moment, so about 1,000 connections are idle at once between requests. The JDK server by
 * default keeps only 200 of them and closes the rest (this test fails with
 * {@code -Dsun.net.httpserver.maxIdleConnections=200}); the lab raises the cap. Clients are
 * virtual threads on plain sockets: 1,000 of them cost 2,000 descriptors (limit: {@code ulimit -n}).
 */
class ManyKeepAliveClientsTest {

    private static final int CLIENTS = 1_000;
    private static final int REQUESTS_EACH = 3;

    @ParameterizedTest
    @ValueSource(strings = {"virtual-threads", "virtual-threads-jetty", "virtual-threads-tomcat"})
    void aThousandKeepAliveClientsGetEveryAnswer(String scenario) throws Exception {
        try (RunningServer server = Servers.start(scenario, "cost", "100ms")) {
            CountDownLatch connected = new CountDownLatch(CLIENTS);
            CountDownLatch done = new CountDownLatch(CLIENTS);
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try (TestHttp http = new TestHttp(server.port())) {
                        connected.countDown();
                        connected.await();   // every connection open before the first request
                        for (int r = 0; r < REQUESTS_EACH; r++) {
                            Response response = http.send("GET", "/", "HTTP/1.0", "Connection: Keep-Alive\r\n");
                            String connection = String.valueOf(response.header("connection")).toLowerCase(Locale.ROOT);
                            if (response.status() != 200 || !connection.equals("keep-alive")) {
                                failures.add(response.statusLine() + " connection: " + connection);
                                return;
                            }
                            answered.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    } finally {
                        connected.countDown();   // a client that could not connect must not hold the others
                        done.countDown();
                    }
                }));
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), "clients still running after 60 s");
            for (Thread t : clients) t.join();
            assertEquals(List.of(), failures.stream().distinct().limit(5).toList(),
                    failures.size() + " of " + CLIENTS + " clients failed on " + scenario);
            assertEquals(CLIENTS * REQUESTS_EACH, answered.get());
        }
    }
}
