package lab.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.config.Durations;

/** Runs ApacheBench for one cell against 127.0.0.1 and keeps its report. */
public final class Ab {

    /** The one-line hint when ab is missing. */
    public static final String INSTALL_HINT = "ab (ApacheBench) not found; install it: apt-get install apache2-utils";

    private final String binary;

    public Ab(String binary) {
        this.binary = binary;
    }

    /** ab's version line ({@code ab -V}), or empty if it does not run. */
    public Optional<String> version() {
        try {
            Process p = new ProcessBuilder(binary, "-V").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return Optional.empty();
            return out.lines().findFirst().map(l -> l.replace("This is ", "").replaceAll(" <\\$Revision.*", "").strip());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * {@code ab [-k] -c C (-t T) -n N -s S -r URL?cost=…}. {@code -s} ends a cell whose server went
     * quiet instead of hanging; {@code -r} counts socket errors as failures instead of aborting.
     * {@code -n} after {@code -t}: ab's -t would otherwise cap the run at 50,000 requests.
     */
    public List<String> command(Workload w, int concurrency, int port, long socketTimeoutSeconds) {
        List<String> cmd = new ArrayList<>(List.of(binary));
        if (w.keepAlive()) cmd.add("-k");
        cmd.addAll(List.of("-c", Integer.toString(concurrency)));
        if (w.seconds() > 0) cmd.addAll(List.of("-t", Integer.toString(w.seconds())));
        cmd.addAll(List.of("-n", Integer.toString(Math.max(w.requests(), concurrency)),
                "-s", Long.toString(socketTimeoutSeconds), "-r",
                "http://127.0.0.1:" + port + "/?cost=" + Durations.format(w.cost())));
        return cmd;
    }

    /** Quiet time after which ab ends a cell: a few request costs, at least 10 s. */
    public static long socketTimeoutSeconds(Workload w) {
        long quiet = Math.max(10, 3 * Math.max(1, w.cost().toSeconds()));
        // behind stalled clients a server may answer nothing for a whole header timeout (10 s): ab must not give up first
        return w.stalledClients() > 0 ? Math.max(quiet, w.seconds() + 10) : quiet;
    }

    /** Runs ab, writes its report (stdout and stderr) to {@code raw}, and parses it. */
    public AbResult run(Workload w, int concurrency, int port, Path raw) throws IOException, InterruptedException {
        return run(w, concurrency, port, socketTimeoutSeconds(w), raw);
    }

    public AbResult run(Workload w, int concurrency, int port, long socketTimeoutSeconds, Path raw)
            throws IOException, InterruptedException {
        List<String> cmd = command(w, concurrency, port, socketTimeoutSeconds);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(raw.toFile()).start();
        p.getOutputStream().close();
        long bound = (w.seconds() > 0 ? w.seconds() : (long) w.requests() * Math.max(1, w.cost().toSeconds()))
                + 2 * socketTimeoutSeconds + 30;   // ab bounds itself; this only guards against a wedged ab
        if (!p.waitFor(bound, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            Files.writeString(raw, "\n[compare] ab killed after " + bound + " s\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        String report = "# " + String.join(" ", cmd) + "\n" + Files.readString(raw, StandardCharsets.UTF_8);
        Files.writeString(raw, report, StandardCharsets.UTF_8);
        return AbParser.parse(report);
    }
}
