package dev.lrsweep.report;

import java.util.List;

/**
 * One row of {@code summary/}: an optimizer × schedule × batch size group. Rates are NaN when absent; the
 * recommended and first unstable rates and the warnings are absent from tables that do not carry them.
 *
 * @param key                 the group key that trials carry
 * @param optimizer           the readable optimizer
 * @param schedule            the readable schedule
 * @param batchSize           the batch size
 * @param trials              trials in the group
 * @param largestStable       the largest rate at which every trial of the group is stable
 * @param divergence          the smallest rate at which some trial diverged
 * @param recommended         the recommended rate
 * @param firstUnstable       the smallest rate above the largest stable one at which some trial is unstable
 * @param firstUnstableStatus that trial's status, or null
 * @param bestTrialId         the group's best-ranked trial
 * @param warnings            range warnings (the ladder should be extended, …)
 */
public record GroupRow(String key, String optimizer, String schedule, int batchSize, long trials, double largestStable,
                       double divergence, double recommended, double firstUnstable, String firstUnstableStatus,
                       String bestTrialId, List<String> warnings) {

    /** The group as the console names it: {@code sgd | constant | batch 32}. */
    public String label() {
        return optimizer + " | " + schedule + " | batch " + batchSize;
    }
}
