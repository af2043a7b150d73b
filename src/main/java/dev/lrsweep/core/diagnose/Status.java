package dev.lrsweep.core.diagnose;

/**
 * A trial's verdicts, from worst to best. A trial carries every flag that applies; its status is the first of them
 * in this order. The first five make a trial unstable ({@link #breaksStability()}); the others are evidence about a
 * trial that still trains smoothly.
 */
public enum Status {
    /** Stopped: the loss or the parameters blew up, or the loss exceeded divergence_factor × its initial value. */
    DIVERGED,
    /** The training or validation loss ended at or above where it started, or turned up for good at the end. */
    RISING,
    /** The evaluated loss rose and fell back repeatedly, beyond its noise floor and large against its progress. */
    OSCILLATING,
    /** The rate made only a small part of its group's best progress, and the loss is still falling: α too small. */
    SLOW,
    /** The rate made only a small part of its group's best progress (or no clear progress), and stopped falling. */
    PLATEAUED,
    /** The validation loss rose clearly from its best while the training loss still fell. */
    OVERFITTING,
    /** Consecutive updates point against each other: bouncing across a valley, even while the loss falls. */
    ZIGZAG,
    /** The evaluated loss wiggles visibly, but within its own noise floor: mini-batch noise, not a bad rate. */
    NOISY,
    /** Fine. */
    OK;

    /** The lower-case name used in tables and sweep files. */
    public String label() {
        return name().toLowerCase();
    }

    /** True for the flags that make a trial unstable: its loss does not fall smoothly and clearly. */
    public boolean breaksStability() {
        return compareTo(PLATEAUED) <= 0;
    }
}
