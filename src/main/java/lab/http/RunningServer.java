package lab.http;

/** A started server: where it listens, how it runs requests, and how to stop it (freeing the port). */
public interface RunningServer extends AutoCloseable {

    int port();

    /** One line for the banner: which threads run the requests. */
    String threading();

    /** Stops accepting, ends the threads (and any worker processes); the port is free on return. */
    @Override
    void close();

    /**
     * The graceful part of a stop, before {@link #close}: stops taking new requests (a request that
     * arrives meanwhile gets 503 and {@code Connection: close}) and waits, at most {@code timeout}, for
     * those in flight to be answered. Returns how many were still in flight at the timeout (0: all
     * done). An interrupt (a second signal) ends the wait at once.
     */
    int drain(java.time.Duration timeout) throws InterruptedException;

    /** This server, which on {@link #close()} also closes {@code resource} (a scheduler, a pool) after itself. */
    default RunningServer alsoClosing(AutoCloseable resource) {
        RunningServer server = this;
        return new RunningServer() {
            @Override public int port() { return server.port(); }
            @Override public String threading() { return server.threading(); }
            @Override public int drain(java.time.Duration timeout) throws InterruptedException { return server.drain(timeout); }
            @Override public void close() {
                try (resource) {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not close " + resource, e);
                }
            }
        };
    }
}
