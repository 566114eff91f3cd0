package lab.config;

/**
 * The machine, not the user, stopped the run: PostgreSQL missing or failing to start, no free port,
 * a service that did not come up, a tool that is not installed. One line, exit status
 * {@value #EXIT_STATUS}, never a stack trace; a user's own mistake is an {@link OptionException}.
 */
public final class EnvironmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit status of a run this ends (a user's mistake is {@value OptionException#EXIT_STATUS}). */
    public static final int EXIT_STATUS = 3;

    public EnvironmentException(String message) {
        super(message, null, false, false);
    }
}
