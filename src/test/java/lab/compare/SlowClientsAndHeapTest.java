package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lab.Await;
import lab.Servers;
import lab.config.WorkKind;
import lab.http.RunningServer;
import lab.measure.Theory;
import org.junit.jupiter.api.Test;

/** The pieces of the slowloris and memory workloads, against real servers and a real jcmd. */
class SlowClientsAndHeapTest {

    @Test
    void stalledClientsAreCountedAsCutOffOnceTheServerClosesThem() throws Exception {
        try (RunningServer server = Servers.start("platform-threads", "threads", "2", "headerTimeout", "300ms");
             StalledClients stalled = StalledClients.open(server.port(), 5)) {
            assertEquals(5, stalled.count());
            assertEquals(0, stalled.cutOff(), "nobody is cut off at once");
            // 2 threads, 300 ms each wave: all 5 cut off well within 15 s
            Await.untilEquals("all 5 stalled clients cut off", Duration.ofSeconds(15), stalled::cutOff, 5);
        }
    }

    @Test
    void inFlightCountsRequestsTheServerHasReadAndNotAnswered() throws Exception {
        try (RunningServer server = Servers.start("reactive-delay")) {
            List<Socket> clients = new ArrayList<>();
            try {
                assertEquals(0, InFlight.count(server.port()));
                for (int i = 0; i < 20; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    s.getOutputStream().write("GET /?cost=5s HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    clients.add(s);
                }
                Await.untilEquals("the server holding all 20 requests", Duration.ofSeconds(10), () -> InFlight.count(server.port()), 20);
            } finally {
                for (Socket s : clients) s.close();
            }
        }
    }

    @Test
    void inFlightParsesProcNetTcp() {
        List<String> lines = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1",   // listening
                "   1: 0100007F:1F40 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 2",   // read, held
                "   2: 0100007F:1F40 0100007F:D2F2 01 00000000:0000001A 00:00000000 00000000     0        0 3",   // unread
                "   3: 0100007F:D2F0 0100007F:1F40 01 00000000:00000000 00:00000000 00000000     0        0 4");  // client side
        assertEquals(1, InFlight.count(lines, 8000));
    }

    @Test
    void liveHeapReadsJdk21AndJdk25HeapInfoAndARealJvm() throws Exception {
        assertEquals(5767, LiveHeap.usedKb("""
                30862:
                garbage-first heap   total reserved 6172672K, committed 28672K, used 5767K [0x0000000687400000, 0x0000000800000000)
                 region size 4096K, 1 young (4096K), 0 survivors (0K)
                 Metaspace       used 1071K, committed 1216K, reserved 1114112K
                """));
        assertEquals(4198 + 100, LiveHeap.usedKb("""
                 def new generation   total 78656K, used 4198K [0x00000000e0000000)
                 tenured generation   total 174784K, used 100K [0x00000000f5550000)
                 Metaspace       used 6140K, committed 6400K, reserved 1056768K
                """));
        assertTrue(LiveHeap.usedKbAfterFullGc(ProcessHandle.current().pid()) > 0, "jcmd reads this very JVM");
    }

    @Test
    void theStalledTheoryFollowsTheWavesOfHeldThreads() {
        Duration cost = Duration.ofMillis(100);
        Duration h = Duration.ofSeconds(10);
        // 200 threads, 250 stalled: none free for 10 s, then 150 (c = 10 uses 10) for the last 5 s of 15
        assertEquals(10.0 * 5 / 15 / 0.1, Theory.stalledCeiling(WorkKind.SLEEP, cost, 200, 10, 2, 250, h, 15), 1e-9);
        assertEquals(0, Theory.stalledCeiling(WorkKind.SLEEP, cost, 1, 10, 2, 250, h, 15), 1e-9);
        assertEquals(100, Theory.stalledCeiling(WorkKind.SLEEP, cost, 300, 10, 2, 250, h, 15), 1e-9);
    }
}
