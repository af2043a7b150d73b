package dev.lrsweep.errors;

/** Training or validation data that cannot be used: missing, unreadable, or with bad values; exit code 3. */
public class DataException extends SweepException {
    private static final long serialVersionUID = 1L;

    public static final int EXIT_CODE = 3;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
