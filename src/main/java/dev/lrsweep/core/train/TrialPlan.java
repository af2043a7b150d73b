package dev.lrsweep.core.train;

import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.optim.Optimizer;
import dev.lrsweep.core.schedule.Schedule;
import java.io.Serializable;

/**
 * Everything one trial needs, resolved: the model, the optimizer rule, the schedule (built for this trial's α
 * and run length), the real batch size, the number of updates, the trial's seed and its initial parameters.
 *
 * @param seed the trial's own seed, which drives its shuffles; derive it from the sweep seed and the trial's
 *             identity, never from where it runs
 */
public record TrialPlan(Model model, Optimizer optimizer, Schedule schedule, int batchSize, long totalSteps,
                        long seed, double[] initialParams, TrainingSettings settings) implements Serializable {

    public TrialPlan {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("a trial needs at least one update, got " + totalSteps);
        }
        if (initialParams.length != model.parameterCount()) {
            throw new IllegalArgumentException("expected " + model.parameterCount() + " initial parameters, got "
                    + initialParams.length);
        }
    }

    /** The number of updates in one epoch over {@code rows} rows: ⌈rows / batch size⌉. */
    public static long stepsPerEpoch(long rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }
}
