package lab.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import lab.launch.ServerProcess;
import org.junit.jupiter.api.Test;

/** The classifier on a real failure: Tomcat (about 120 KB a request) in a 24 MB heap gives within a couple of thousand requests. */
class FailureLiveTest {

    @Test
    void aSmallHeapGivesAndTheClassifierSaysHow() throws Exception {
        ServerProcess server = ServerProcess.start(List.of("-Xmx24m"), "scenario=virtual-threads-tomcat", "maxCost=60s");
        try (Ramp ramp = new Ramp(server.port(), Duration.ofSeconds(60))) {
            Failure failure = null;
            String probe = "200";
            for (int step = 0; step < 15 && failure == null; step++) {
                ramp.add(300, Duration.ofSeconds(1));
                String now = Probe.once(server.port());
                probe = now.equals("timeout") && probe.startsWith("timeout") ? "timeout" : now.equals("timeout") ? "timeout?" : now;
                boolean oome = server.log().stream().anyMatch(l -> l.contains("OutOfMemoryError"));
                failure = Failure.of(new Failure.Signs(server.exitStatus().isPresent(), 0, oome, ramp.poll(), probe, 0));
            }
            assertTrue(failure == Failure.OUT_OF_MEMORY_ERROR || failure == Failure.PROBE_TIMEOUT,
                    "a 24 MB heap under 4,500 Tomcat requests: " + failure + "; clients got " + ramp.poll().clientsGot());
        } finally {
            // A server out of heap may not stop on SIGTERM (the memory run records it): SIGKILL after 5 s, and none left.
            assertTrue(server.stop(Duration.ofSeconds(5)).survivors().isEmpty());
        }
    }
}
