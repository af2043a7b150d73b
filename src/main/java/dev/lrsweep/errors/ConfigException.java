package dev.lrsweep.errors;

/** A sweep file, a command-line option or an output directory that cannot be used; exit code 2. */
public class ConfigException extends SweepException {
    private static final long serialVersionUID = 1L;

    public static final int EXIT_CODE = 2;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
