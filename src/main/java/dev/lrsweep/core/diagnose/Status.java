package dev.lrsweep.core.diagnose;

/**
 * A trial's verdict, from worst to best. A trial carries every flag that applies; its status is the first of
 * them in this order. {@link #isStable()} tells which count as training smoothly enough for the
 * largest-stable-rate rule.
 */
public enum Status {
    /** The loss or the parameters blew up, or the loss exceeded divergence_factor × its initial value. */
    DIVERGED,
    /** The evaluated loss goes up and down between evaluation points by more than the tolerance. */
    OSCILLATING,
    /** Consecutive updates point against each other: bouncing across a valley, even while the loss falls. */
    ZIGZAG,
    /** Only a small part of the group's best loss reduction, and still falling at the end: α is too small. */
    SLOW,
    /** Only a small part of the group's best loss reduction, and no longer falling. */
    PLATEAUED,
    /** Fine. */
    OK;

    /** The lower-case name used in tables and sweep files. */
    public String label() {
        return name().toLowerCase();
    }

    /** Neither diverged nor oscillating. */
    public boolean isStable() {
        return this != DIVERGED && this != OSCILLATING;
    }
}
