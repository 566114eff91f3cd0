package lab.http;

/** A started server: where it listens, how it runs requests, and how to stop it (freeing the port). */
public interface RunningServer extends AutoCloseable {

    int port();

    /** One line for the banner: which threads run the requests. */
    String threading();

    /** Stops accepting, ends the threads (and any worker processes); the port is free on return. */
    @Override
    void close();

    /** This server, which on {@link #close()} also closes {@code resource} (a scheduler, a pool) after itself. */
    default RunningServer alsoClosing(AutoCloseable resource) {
        RunningServer server = this;
        return new RunningServer() {
            @Override public int port() { return server.port(); }
            @Override public String threading() { return server.threading(); }
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
