package dev.lrsweep.report;

import java.util.List;

/**
 * One row of {@code trials/} as the report shows it. Losses are NaN when absent.
 *
 * @param id             the trial's id
 * @param learningRate   the base rate α
 * @param optimizer      the readable optimizer
 * @param schedule       the readable schedule
 * @param batchSize      the batch size
 * @param seed           the grid seed
 * @param groupKey       its optimizer × schedule × batch size group
 * @param status         the verdict
 * @param flags          every flag that applies
 * @param stable         whether the trial counts as stable
 * @param rank           1 = best
 * @param steps          updates made
 * @param epochs         epochs made
 * @param divergedAtStep the update at which it diverged, or -1
 * @param initialTrain   evaluated training loss at step 0
 * @param finalTrain     evaluated training loss at the end
 * @param bestTrain      its minimum
 * @param finalVal       validation loss at the end
 * @param bestVal        its minimum
 * @param reason         the verdict in a sentence
 */
public record TrialRow(String id, double learningRate, String optimizer, String schedule, int batchSize, long seed,
                       String groupKey, String status, List<String> flags, boolean stable, int rank, long steps,
                       double epochs, long divergedAtStep, double initialTrain, double finalTrain, double bestTrain,
                       double finalVal, double bestVal, String reason) {
}
