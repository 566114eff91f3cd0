package lab.config;

/**
 * A user mistake (bad option, unknown scenario, a combination that makes no sense): printed as one
 * line, exit status {@value #EXIT_STATUS}, never a stack trace. What the machine refuses (a port in
 * use, PostgreSQL missing) is an {@link EnvironmentException} instead.
 */
public final class OptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit status of a run this ends. */
    public static final int EXIT_STATUS = 2;

    public OptionException(String message) {
        super(message, null, false, false);
    }
}
