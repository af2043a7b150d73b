package dev.lrsweep.errors;

/** Turns exceptions from Spark and Hadoop into one readable line for a user-facing message. */
public final class Errors {
    private static final int MAX_LENGTH = 240;

    private Errors() {
    }

    /**
     * The most concrete message in the exception's cause chain (the deepest one that says something), cut to its
     * first line and without Spark's {@code SQLSTATE} suffix.
     */
    public static String oneLine(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                message = m;
            }
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return firstLine(message);
    }

    /** The message of this exception itself (not its causes), cut to one line. */
    public static String ownLine(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? oneLine(e) : firstLine(m);
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("").strip();
        line = line.replaceAll("\\s*SQLSTATE: \\w+\\.?", "").strip();
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + " …" : line;
    }
}
