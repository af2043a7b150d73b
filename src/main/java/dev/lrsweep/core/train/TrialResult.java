package dev.lrsweep.core.train;

/** A finished trial: its curve, its end state and the time its updates took. */
public record TrialResult(Curve curve, TrainingState state, long planned, double seconds) {

    /** The number of updates made (fewer than planned when the trial diverged). */
    public long steps() {
        return state.step();
    }
}
