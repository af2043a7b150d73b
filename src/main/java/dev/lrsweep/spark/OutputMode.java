package dev.lrsweep.spark;

/** What to do about an existing output directory. */
public enum OutputMode {
    /** The output must not exist yet. */
    NEW,
    /** Replace earlier lrsweep results (a directory carrying the marker, or an empty one). */
    OVERWRITE,
    /** Carry on with an interrupted sweep: not available yet. */
    RESUME
}
