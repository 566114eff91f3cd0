package lab.config;

/**
 * A user mistake (bad option, unknown scenario, port in use): printed as one line, exit status 2,
 * never a stack trace.
 */
public final class OptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message, null, false, false);
    }
}
