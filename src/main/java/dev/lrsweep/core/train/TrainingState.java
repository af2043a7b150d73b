package dev.lrsweep.core.train;

import dev.lrsweep.core.optim.OptimizerState;
import java.io.Serializable;

/**
 * Where a trial stands after some number of updates: everything the kernel needs to carry on from there, and
 * nothing that depends on which machine or thread ran it. Partition-parallel training hands this from one
 * step range to the next.
 */
public final class TrainingState implements Serializable {
    private static final long serialVersionUID = 1L;

    long step;
    final double[] params;
    final OptimizerState optimizer;
    /**
     * The update θₜ − θₜ₋₁ stored last, for the cosine between consecutive updates; null before the first. It is
     * stored at each step whose cosine the curve records and at the step before (so it is the previous update
     * wherever a cosine is taken), not at every step.
     */
    double[] lastUpdate;
    /** The biased moving average of the mini-batch loss. */
    double lossEma;
    /** The lowest debiased moving average so far, for the smoothed-loss stop. */
    double lowestSmoothed = Double.POSITIVE_INFINITY;
    /** The evaluated training loss of the initial model, the yardstick for divergence. */
    final double initialTrainLoss;
    /** The step at which the trial was found to diverge, or -1. */
    long divergedAt = -1;
    /** Why it diverged, in words; null while it has not. */
    String divergenceCause;

    TrainingState(double[] params, OptimizerState optimizer, double initialTrainLoss) {
        this.params = params;
        this.optimizer = optimizer;
        this.initialTrainLoss = initialTrainLoss;
    }

    /** The number of updates made. */
    public long step() {
        return step;
    }

    /** The current parameters. Do not modify. */
    public double[] params() {
        return params;
    }

    public OptimizerState optimizer() {
        return optimizer;
    }

    public double initialTrainLoss() {
        return initialTrainLoss;
    }

    public boolean diverged() {
        return divergedAt >= 0;
    }

    /** The step at which divergence was detected, or -1. */
    public long divergedAt() {
        return divergedAt;
    }

    /** Why the trial was stopped as diverged, or null. */
    public String divergenceCause() {
        return divergenceCause;
    }

    /** A deep copy, for checkpoints and hand-over. */
    public TrainingState copy() {
        TrainingState c = new TrainingState(params.clone(), optimizer.copy(), initialTrainLoss);
        c.step = step;
        c.lastUpdate = lastUpdate == null ? null : lastUpdate.clone();
        c.lossEma = lossEma;
        c.lowestSmoothed = lowestSmoothed;
        c.divergedAt = divergedAt;
        c.divergenceCause = divergenceCause;
        return c;
    }
}
