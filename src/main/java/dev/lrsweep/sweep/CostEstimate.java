package dev.lrsweep.sweep;

import java.util.List;

/**
 * What a sweep costs in sample-gradients (one row's loss gradient, the unit of training work) and in
 * sample-losses spent on evaluation, for a given number of rows in the data set.
 *
 * @param trainingRows the rows trials train on, after the validation split and the max_rows cap
 * @param gradients    sample-gradients over all trials
 * @param evaluations  sample-losses spent evaluating training and validation loss over all trials
 * @param fewestPoints the fewest evaluated points of any trial (step 0 included)
 */
public record CostEstimate(long trainingRows, long validationRows, double gradients, double evaluations,
                           long fewestPoints) {

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
        long fewest = Long.MAX_VALUE;
        for (TrialSpec t : trials) {
            int batch = (int) Math.max(1, Math.min(TrialPlanner.realBatchSize(t.batchSize(), training), training));
            long steps = TrialPlanner.totalSteps(config, batch, training);
            gradients += TrialPlanner.sampleGradients(steps, batch, training);
            long points = config.train().evaluation().count(steps);
            fewest = Math.min(fewest, points);
            evaluations += points * (double) (evalRows + validation);
        }
        return new CostEstimate(training, validation, gradients, evaluations, fewest);
    }
}
