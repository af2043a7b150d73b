package dev.lrsweep.report;

/**
 * How many points of each curve family the report keeps per trial ({@link CurveSketch}): {@value #MOST} for
 * sweeps of up to {@value #TOTAL} / {@value #MOST} trials, then fewer so that a sweep's curves together stay near
 * {@value #TOTAL} points per family, but never fewer than {@value #FEWEST}. This keeps the page of a 10,000-trial
 * sweep a few megabytes.
 */
public final class PointBudget {
    /** The most points per family and trial. */
    public static final int MOST = 64;
    /** The fewest points per family and trial, however many trials. */
    public static final int FEWEST = 8;
    /** The points per family that a large sweep's curves share. */
    public static final int TOTAL = 150_000;

    private PointBudget() {
    }

    /** Points per family for a sweep of this many trials. */
    public static int perCurve(long trials) {
        long share = TOTAL / Math.max(1, trials);
        return (int) Math.max(FEWEST, Math.min(MOST, share));
    }
}
