package dev.lrsweep.core.spec;

/** A parameter that is missing, of the wrong type or out of range; {@link #key()} names it. */
public class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public SpecException(String key, String problem) {
        super(key + " " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The same problem with a prefix on its key, for nesting: {@code grid.optimizers[2].}{@code betas}. */
    public SpecException under(String prefix) {
        String problem = getMessage().substring(key.length() + 1);
        SpecException e = new SpecException(prefix + key, problem);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
