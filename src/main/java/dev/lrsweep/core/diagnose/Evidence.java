package dev.lrsweep.core.diagnose;

import dev.lrsweep.core.train.Curve;
import java.io.Serializable;

/**
 * What one curve shows, reduced to the numbers the verdicts are made from. It is computed where the curve is
 * (on an executor) and is small, so that verdicts that compare trials need only these summaries.
 *
 * @param steps             the updates made
 * @param initialLoss       the evaluated training loss of the initial model
 * @param finalLoss         the last evaluated training loss
 * @param bestLoss          the lowest evaluated training loss, at {@code bestStep}
 * @param finalValLoss      the last validation loss, NaN without validation rows
 * @param bestValLoss       the lowest validation loss, at {@code bestValStep} (-1 without validation rows)
 * @param evaluations       the number of evaluation points
 * @param rises             rises between consecutive evaluation points larger than the tolerance's share of
 *                          the initial loss (of 1 when the initial loss is 0)
 * @param largestRise       the largest rise, as a fraction of the initial loss, ending at {@code largestRiseStep}
 * @param meanCosine        the mean cosine between consecutive updates over the recorded points that have one,
 *                          NaN when none has
 * @param cosines           how many recorded points have an update cosine
 * @param lastQuarterFall   how much the training loss fell over the last quarter of evaluation points
 * @param lastQuarterRate   the last quarter's share of the learning rate summed over the run's recorded points
 *                          (0.25 under a constant rate; less under a decaying schedule), NaN when unknown
 * @param divergedAt        the step at which divergence was detected, or -1
 * @param divergenceBegan   the step of the lowest evaluated loss before divergence, or -1
 * @param divergenceCause   what the trainer saw, or null
 */
public record Evidence(long steps, double initialLoss, double finalLoss, double bestLoss, long bestStep,
                       double finalValLoss, double bestValLoss, long bestValStep, int evaluations, int rises,
                       double largestRise, long largestRiseStep, double meanCosine, int cosines,
                       double lastQuarterFall, double lastQuarterRate, long divergedAt, long divergenceBegan,
                       String divergenceCause)
        implements Serializable {

    /** The reduction of the training loss from the initial to the final evaluation. */
    public double reduction() {
        return initialLoss - finalLoss;
    }

    public boolean diverged() {
        return divergedAt >= 0;
    }

    /**
     * Reads a curve.
     *
     * @param divergedAt      where the trainer stopped the trial as diverged, or -1
     * @param divergenceCause the trainer's words for it, or null
     * @param tolerance       the oscillation tolerance, as a fraction of the initial loss
     */
    public static Evidence of(Curve curve, long divergedAt, String divergenceCause, double tolerance) {
        int n = curve.size();
        double initial = Double.NaN;
        double previous = Double.NaN;
        double finalLoss = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        long bestStep = -1;
        double finalVal = Double.NaN;
        double bestVal = Double.POSITIVE_INFINITY;
        long bestValStep = -1;
        int evaluations = 0;
        int rises = 0;
        double largestRise = 0.0;
        long largestRiseStep = -1;
        double cosineSum = 0.0;
        int cosines = 0;
        for (int i = 0; i < n; i++) {
            double c = curve.updateCosine(i);
            if (!Double.isNaN(c)) {
                cosineSum += c;
                cosines++;
            }
            double v = curve.valLoss(i);
            if (!Double.isNaN(v)) {
                finalVal = v;
                if (v < bestVal) {
                    bestVal = v;
                    bestValStep = curve.step(i);
                }
            }
            if (!curve.evaluated(i)) {
                continue;
            }
            double loss = curve.trainLoss(i);
            evaluations++;
            if (evaluations == 1) {
                initial = loss;
            } else {
                double rise = (loss - previous) / (initial != 0 ? Math.abs(initial) : 1.0);
                if (rise > tolerance) {
                    rises++;
                }
                if (rise > largestRise) {
                    largestRise = rise;
                    largestRiseStep = curve.step(i);
                }
            }
            if (loss < best) {
                best = loss;
                bestStep = curve.step(i);
            }
            previous = loss;
            finalLoss = loss;
        }
        return new Evidence(curve.lastStep(), initial, finalLoss, bestStep < 0 ? Double.NaN : best, bestStep,
                finalVal, bestValStep < 0 ? Double.NaN : bestVal, bestValStep, evaluations, rises, largestRise,
                largestRiseStep, cosines == 0 ? Double.NaN : cosineSum / cosines, cosines,
                lastQuarterFall(curve, evaluations), lastQuarterRate(curve, evaluations), divergedAt,
                divergedAt >= 0 ? bestStep : -1, divergenceCause);
    }

    /** The index among the evaluation points where the last quarter starts. */
    private static int lastQuarterStart(int evaluations) {
        return evaluations - 1 - Math.max(1, evaluations / 4);
    }

    private static double lastQuarterFall(Curve curve, int evaluations) {
        if (evaluations < 2) {
            return Double.NaN;
        }
        int startIndex = lastQuarterStart(evaluations);
        int seen = 0;
        double start = Double.NaN;
        double end = Double.NaN;
        for (int i = 0; i < curve.size(); i++) {
            if (curve.evaluated(i)) {
                if (seen == startIndex) {
                    start = curve.trainLoss(i);
                }
                end = curve.trainLoss(i);
                seen++;
            }
        }
        return start - end;
    }

    private static double lastQuarterRate(Curve curve, int evaluations) {
        if (evaluations < 2) {
            return Double.NaN;
        }
        int startIndex = lastQuarterStart(evaluations);
        int seen = -1;
        double last = 0.0;
        double total = 0.0;
        for (int i = 0; i < curve.size(); i++) {
            if (curve.evaluated(i)) {
                seen++;
            }
            double lr = curve.lr(i);
            if (!Double.isNaN(lr)) {
                total += lr;
                if (seen >= startIndex && !(seen == startIndex && curve.evaluated(i))) {
                    last += lr;
                }
            }
        }
        return total > 0 ? last / total : Double.NaN;
    }
}
