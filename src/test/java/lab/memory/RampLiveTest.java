package lab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.Await;
import lab.launch.ServerProcess;
import lab.pod.PodLimits;
import lab.pod.PodsHere;
import org.junit.jupiter.api.Test;

/** The ramp's clients against a real server in a real 256m pod (default heap): they reach the target, hold it, and let go. */
class RampLiveTest {

    @Test
    void aRampReachesAFewHundredInFlightHoldsThemAndReleasesThem() throws Exception {
        PodsHere.require();
        PodLimits pod = new PodLimits(Optional.empty(), Optional.of(256L << 20), Duration.ofMillis(100));
        try (ServerProcess server = ServerProcess.start(Optional.of(pod), List.of(), "scenario=reactive-delay", "maxCost=60s")) {
            Ramp.Tally tally;
            try (Ramp ramp = new Ramp(server.port(), Duration.ofSeconds(60))) {
                for (int step = 0; step < 3; step++) ramp.add(100, Duration.ofSeconds(5));
                Thread.sleep(500);
                tally = ramp.poll();
                assertEquals(300, tally.sent(), tally.clientsGot());
                assertEquals(300, tally.inFlight(), "each request costs 60 s: none answered yet; " + tally.clientsGot());
                assertEquals("nothing", tally.clientsGot());
                // A fresh JVM's first request may be slow on a loaded machine: generous, but it must come while the ramp holds.
                Await.untilEquals("a free request beside them is answered", Duration.ofSeconds(15), () -> Probe.once(server.port()), "200");
                assertEquals(300, ramp.poll().inFlight(), "still held");
                assertTrue(Failure.of(new Failure.Signs(false, 0, false, tally, "200", 18_000)) == null);
            }
            // Released: Reactor Netty sees its callers leave (the lab's departed-client stats), and still serves.
            Await.untilEquals("the server serves after the release", Duration.ofSeconds(10), () -> Probe.once(server.port()), "200");
        }
    }
}
