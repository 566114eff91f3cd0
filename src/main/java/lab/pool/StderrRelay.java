package lab.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a worker's stderr on its own thread (a full pipe would stall the worker). Before the
 * worker is ready the lines are kept, for a start failure's message; after, they are relayed.
 */
final class StderrRelay {
    private final long pid;
    private final List<String> early = new ArrayList<>();
    private final Thread thread;
    private boolean ready;   // guarded by this

    StderrRelay(Process p) {
        this.pid = p.pid();
        this.thread = Thread.ofPlatform().name("pool-stderr-" + pid).daemon().start(() -> relay(p));
    }

    private void relay(Process p) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                synchronized (this) {
                    if (ready) System.err.println("worker " + pid + ": " + line);
                    else if (early.size() < 20) early.add(line);
                }
            }
        } catch (IOException ignored) {
            // the pipe closed with the process
        }
    }

    synchronized void workerIsReady() {
        ready = true;
        for (String line : early) System.err.println("worker " + pid + ": " + line);
        early.clear();
    }

    /** The first non-blank line the worker printed before it failed to start, or "". */
    String firstLine() {
        try {
            thread.join(1_000);   // the process has ended: its stderr is at end of stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return early.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        }
    }
}
