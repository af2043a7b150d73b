package dev.lrsweep.run;

/** What to do about an existing output directory. */
public enum OutputMode {
    /** The output must not exist yet. */
    NEW,
    /**
     * Replace earlier lrsweep results (a directory carrying the marker, or an empty one) and discard an interrupted
     * run's work directory (one carrying its marker).
     */
    OVERWRITE,
    /**
     * Carry on with an interrupted sweep: keep the waves its work directory holds and train only the trials left;
     * the sweep and the data must be unchanged.
     */
    RESUME
}
