package dev.lrsweep.sweep;

import dev.lrsweep.core.train.TrialPlan;
import java.util.List;

/**
 * What a sweep costs in sample-gradients (one row's loss gradient, the unit of training work) and in
 * sample-losses spent on evaluation, for a given number of rows in the data set.
 *
 * @param trainingRows the rows trials train on, after the validation split and the max_rows cap
 * @param gradients    sample-gradients over all trials
 * @param evaluations  sample-losses spent evaluating training and validation loss over all trials
 */
public record CostEstimate(long trainingRows, long validationRows, double gradients, double evaluations) {

    public static CostEstimate of(SweepConfig config, List<TrialSpec> trials, long dataRows) {
        SweepConfig.Data d = config.data();
        long validation = d.validationPath() != null ? 0 : Math.round(d.validationFraction() * dataRows);
        long training = dataRows - validation;
        if (d.maxRows() > 0) {
            training = Math.min(training, d.maxRows());
        }
        long evalRows = Math.min(training, config.train().evalRows());
        double gradients = 0;
        double evaluations = 0;
        for (TrialSpec t : trials) {
            long batch = Math.max(1, t.batchSize() == SweepConfig.Grid.FULL_BATCH ? training : Math.min(t.batchSize(), training));
            long perEpoch = TrialPlan.stepsPerEpoch(training, (int) batch);
            long steps = config.train().budget().totalSteps(perEpoch);
            gradients += (double) (steps / perEpoch) * training + Math.min((steps % perEpoch) * batch, training);
            long points = steps / config.train().evalEvery() + 2;
            evaluations += points * (double) (evalRows + validation);
        }
        return new CostEstimate(training, validation, gradients, evaluations);
    }
}
