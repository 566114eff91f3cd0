package lab.load;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Client and server apart on one machine: the server on core 0, the generator on the others
 * ({@code taskset}, util-linux). With fewer than 2 cores, no taskset, or {@code -Dload.pin=false},
 * nothing is pinned and the tables say they share the cores.
 */
public record Pinning(boolean on, int cores) {

    public static Pinning decide(boolean wanted, int cores) {
        return new Pinning(wanted && cores >= 2 && tasksetWorks(), cores);
    }

    /** The generator's command prefix. */
    public List<String> client() {
        return on ? List.of("taskset", "-c", cores == 2 ? "1" : "1-" + (cores - 1)) : List.of();
    }

    public int clientCores() {
        return on ? cores - 1 : cores;
    }

    public int serverCores() {
        return on ? 1 : cores;
    }

    /**
     * The CPU a server JVM has here: it sizes its pools for every processor it sees at its start (it is
     * pinned only after, {@link #pinServer}) and gets one core once pinned. A plan that counted one
     * processor gave {@code reactive-elastic} a k of 10 where its server ran 20 threads.
     */
    public lab.measure.Theory.Cpu serverCpu() {
        return on ? new lab.measure.Theory.Cpu(cores, 1) : lab.measure.Theory.Cpu.cores(cores);
    }

    /**
     * Pins a running server and all its threads to core 0. After its start, not before: the JVM
     * sizes its pools (event loops, boundedElastic, workers) for the machine's cores, as in the ab
     * comparison, so k is the same in both; threads and processes it starts later inherit the pin.
     */
    public void pinServer(long pid) throws IOException, InterruptedException {
        if (!on) return;
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", "0", Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("taskset could not pin the server (pid " + pid + ")");
    }

    /** For every table header. */
    public String describe() {
        return on ? String.format(Locale.ROOT, "server pinned to core 0, generator to %s (taskset)",
                cores == 2 ? "core 1" : "cores 1–" + (cores - 1))
                : String.format(Locale.ROOT, "not pinned: server and generator share %d cores", cores);
    }

    private static boolean tasksetWorks() {
        try {
            Process p = new ProcessBuilder("taskset", "-p", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
