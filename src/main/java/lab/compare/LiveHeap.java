package lab.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's live heap, read from outside: {@code jcmd PID GC.run} (a full GC: what survives is
 * live), then {@code jcmd PID GC.heap_info}. jcmd is taken from the JDK that runs this JVM (the
 * servers are launched with the same one), not from PATH.
 */
final class LiveHeap {

    /**
     * A heap's total line: {@code garbage-first heap   total reserved 6172672K, committed 28672K, used 5767K [...}
     * (JDK 25), {@code garbage-first heap   total 262144K, used 10763K [...} (JDK 21).
     */
    private static final Pattern USED = Pattern.compile("\\btotal\\b.*?\\bused (\\d+)K");

    private LiveHeap() {}

    static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    /** Full GC, then the heap's used KB. */
    static long usedKbAfterFullGc(long pid) throws IOException, InterruptedException {
        gc(pid);
        return usedKb(pid);
    }

    /** {@code System.gc()} in the server: a full collection (unless the server runs with -XX:+ExplicitGCInvokesConcurrent). */
    static void gc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
    }

    static long usedKb(long pid) throws IOException, InterruptedException {
        return usedKb(run(pid, "GC.heap_info"));
    }

    /** Sum of the heap spaces' "used" (G1 has one line; Serial and Parallel one per generation); not Metaspace. */
    static long usedKb(String heapInfo) {
        long kb = 0;
        boolean found = false;
        for (String line : heapInfo.lines().toList()) {
            Matcher m = USED.matcher(line);
            if (m.find() && !line.strip().startsWith("Metaspace") && !line.strip().startsWith("class space")) {
                kb += Long.parseLong(m.group(1));
                found = true;
            }
        }
        if (!found) throw new IllegalArgumentException("no heap usage in jcmd's GC.heap_info: " + heapInfo.strip());
        return kb;
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = jcmd();
        if (!Files.isExecutable(jcmd)) throw new IOException("no jcmd at " + jcmd + " (a JRE without jcmd?)");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish within 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException("jcmd " + command + " failed: " + text.strip());
        return text;
    }
}
