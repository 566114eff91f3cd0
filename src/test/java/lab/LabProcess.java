package lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.launch.ChildJvm;

/** A scenario server in a child JVM (port 0), for behaviour that needs JVM-wide settings; SIGTERM stops it. */
public final class LabProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving: http://[^:]+:(\\d+)/");

    private final Process process;
    private final int port;
    private final String banner;

    private LabProcess(Process process, int port, String banner) {
        this.process = process;
        this.port = port;
        this.banner = banner;
    }

    public static LabProcess start(List<String> jvmFlags, String... args) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("port=0"));
        arguments.addAll(List.of(args));
        List<String> command = ChildJvm.command(Main.class, jvmFlags, arguments);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder banner = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            banner.append(line).append('\n');
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));   // keep draining its output
                return new LabProcess(p, Integer.parseInt(m.group(1)), banner.toString());
            }
        }
        p.destroyForcibly();
        throw new IOException("server exited before it was ready:\n" + banner);
    }

    public int port() {
        return port;
    }

    public String banner() {
        return banner;
    }

    /** SIGKILL: the server gets no chance to clean up (its shutdown hook does not run). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("server survived SIGKILL for 10 s");
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;   // killed already
        process.destroy();   // SIGTERM: the runner's shutdown hook stops the server
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("server did not stop on SIGTERM within 10 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
