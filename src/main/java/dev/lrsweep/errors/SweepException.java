package dev.lrsweep.errors;

/**
 * A problem the user can fix, reported as one line and a non-zero exit code: 2 for usage, configuration and
 * output-directory problems, 3 for data problems. Nothing is written when one is thrown before training.
 */
public abstract class SweepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected SweepException(String message) {
        super(message);
    }

    protected SweepException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code for this problem. */
    public abstract int exitCode();
}
