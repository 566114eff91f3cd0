package lab.http;

import lab.config.EnvironmentException;
import lab.config.Options;

/**
 * What all four stacks share about their listening socket: the backlog the lab gives them, and the
 * one-line failures when the address cannot be had (the machine's refusal, not the user's mistake).
 */
public final class Listen {

    /** Listen backlog of every stack, so high-concurrency runs compare the servers, not the kernel queue. */
    public static final int BACKLOG = 4096;

    private Listen() {}

    /** The port is taken by another process. */
    public static EnvironmentException portInUse(Options options) {
        return new EnvironmentException("cannot listen on " + options.host() + ":" + options.port() + ": "
                + "address already in use (stop the other server, or choose -Dport=, 0 for any free port)");
    }

    /** Any other reason the address could not be bound. */
    public static EnvironmentException cannotListen(Options options, Throwable cause) {
        return new EnvironmentException("cannot listen on " + options.host() + ":" + options.port() + ": " + cause.getMessage());
    }
}
