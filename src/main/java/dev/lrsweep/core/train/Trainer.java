package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;

/** Trains one trial from its initial parameters to the end of its budget, through {@link TrainingKernel}. */
public final class Trainer {
    private Trainer() {
    }

    /**
     * @param validation held-out rows, or null
     * @param evalOrder  the training rows to evaluate the training loss on, or null for all of them
     */
    public static TrialResult train(TrialPlan plan, DataBlock train, DataBlock validation, int[] evalOrder) {
        long started = System.nanoTime();
        TrainingKernel kernel = new TrainingKernel(plan, train, validation, evalOrder);
        Curve curve = new Curve();
        TrainingState state = kernel.start(curve);
        kernel.run(state, plan.totalSteps(), curve);
        return new TrialResult(curve, state, plan.totalSteps(), (System.nanoTime() - started) / 1e9);
    }
}
