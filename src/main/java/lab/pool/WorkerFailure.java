package lab.pool;

/** A worker that could not start, or stopped doing its job: a one-line reason. */
final class WorkerFailure extends Exception {
    private static final long serialVersionUID = 1L;

    WorkerFailure(String message) {
        super(message, null, false, false);
    }
}
