package lab.http;

/** A started server: where it listens, how it runs requests, and how to stop it (freeing the port). */
public interface RunningServer extends AutoCloseable {

    int port();

    /** One line for the banner: which threads run the requests. */
    String threading();

    /** Stops accepting, ends the threads (and any worker processes); the port is free on return. */
    @Override
    void close();
}
