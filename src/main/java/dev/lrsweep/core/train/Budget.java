package dev.lrsweep.core.train;

import java.io.Serializable;

/** How long a trial trains: a number of epochs or a number of updates (steps). */
public record Budget(long epochs, long steps) implements Serializable {

    public Budget {
        if ((epochs > 0) == (steps > 0) || epochs < 0 || steps < 0) {
            throw new IllegalArgumentException("a budget is either epochs or steps, at least 1");
        }
    }

    public static Budget ofEpochs(long epochs) {
        return new Budget(epochs, 0);
    }

    public static Budget ofSteps(long steps) {
        return new Budget(0, steps);
    }

    /** The number of updates, given the number of updates in one epoch. */
    public long totalSteps(long stepsPerEpoch) {
        return epochs > 0 ? Math.multiplyExact(epochs, stepsPerEpoch) : steps;
    }

    @Override
    public String toString() {
        return epochs > 0 ? epochs + " epochs" : steps + " steps";
    }
}
