package dev.lrsweep.core.diagnose;

import dev.lrsweep.core.train.Curve;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What one curve shows, reduced to what the verdicts are made from: the evaluated training and validation losses
 * at the evaluation points (a few dozen numbers by default), the updates' mean cosine, how the learning rate was
 * spread over the run, and whether and why the trainer stopped the trial. It is computed where the curve is (on an
 * executor) and stays small, so that verdicts that compare trials (seeds of one rate, rates of one group) need only
 * these.
 *
 * @param steps           the updates made
 * @param divergedAt      the step at which the trainer stopped the trial as diverged, or -1
 * @param divergenceCause the trainer's words for it, or null
 * @param noiseFree       true when every update saw every training row (full batch): the curve has no mini-batch
 *                        noise, so every rise of its loss is the dynamics
 * @param meanCosine      the mean cosine between consecutive updates over the recorded points that have one, NaN
 *                        when none has
 * @param cosines         how many recorded points have an update cosine
 * @param lastQuarterRate the last quarter's share of the learning rate summed over the run's recorded points (0.25
 *                        under a constant rate; less under a decaying schedule), NaN when unknown
 * @param evalSteps       the steps of the evaluation points, step 0 first
 * @param trainLosses     the evaluated training loss at each of them
 * @param valLosses       the validation loss at each of them, NaN without validation rows
 */
public record Evidence(long steps, long divergedAt, String divergenceCause, boolean noiseFree, double meanCosine,
                       int cosines, double lastQuarterRate, long[] evalSteps, double[] trainLosses, double[] valLosses)
        implements Serializable {

    public Evidence {
        if (evalSteps.length != trainLosses.length || evalSteps.length != valLosses.length) {
            throw new IllegalArgumentException("every evaluation point needs its step, training and validation loss");
        }
    }

    /**
     * Reads a curve.
     *
     * @param divergedAt      where the trainer stopped the trial as diverged, or -1
     * @param divergenceCause the trainer's words for it, or null
     * @param noiseFree       whether the trial trained on every row at every update
     */
    public static Evidence of(Curve curve, long divergedAt, String divergenceCause, boolean noiseFree) {
        int n = curve.size();
        int evaluations = 0;
        for (int i = 0; i < n; i++) {
            evaluations += curve.evaluated(i) ? 1 : 0;
        }
        long[] steps = new long[evaluations];
        double[] train = new double[evaluations];
        double[] val = new double[evaluations];
        double cosineSum = 0.0;
        int cosines = 0;
        for (int i = 0, e = 0; i < n; i++) {
            double c = curve.updateCosine(i);
            if (!Double.isNaN(c)) {
                cosineSum += c;
                cosines++;
            }
            if (curve.evaluated(i)) {
                steps[e] = curve.step(i);
                train[e] = curve.trainLoss(i);
                val[e] = curve.valLoss(i);
                e++;
            }
        }
        return new Evidence(curve.lastStep(), divergedAt, divergenceCause, noiseFree,
                cosines == 0 ? Double.NaN : cosineSum / cosines, cosines, lastQuarterRate(curve, evaluations),
                steps, train, val);
    }

    public boolean diverged() {
        return divergedAt >= 0;
    }

    /** The number of evaluation points, step 0 included. */
    public int evaluations() {
        return evalSteps.length;
    }

    public boolean hasValidation() {
        return valLosses.length > 0 && !Double.isNaN(valLosses[0]);
    }

    public double initialLoss() {
        return at(trainLosses, 0);
    }

    public double finalLoss() {
        return at(trainLosses, trainLosses.length - 1);
    }

    /** The reduction of the training loss from the initial to the final evaluation. */
    public double reduction() {
        return initialLoss() - finalLoss();
    }

    /** The index of the lowest evaluated training loss, -1 when there is none. */
    public int bestIndex() {
        return lowest(trainLosses);
    }

    public double bestLoss() {
        return at(trainLosses, bestIndex());
    }

    public long bestStep() {
        int i = bestIndex();
        return i < 0 ? -1 : evalSteps[i];
    }

    public double initialValLoss() {
        return at(valLosses, 0);
    }

    public double finalValLoss() {
        return at(valLosses, valLosses.length - 1);
    }

    public int bestValIndex() {
        return lowest(valLosses);
    }

    public double bestValLoss() {
        return at(valLosses, bestValIndex());
    }

    public long bestValStep() {
        int i = bestValIndex();
        return i < 0 ? -1 : evalSteps[i];
    }

    /** The step of the lowest evaluated loss before a divergence, or -1 when the trial did not diverge. */
    public long divergenceBegan() {
        return diverged() ? bestStep() : -1;
    }

    /** The index among the evaluation points where the last quarter starts. */
    static int lastQuarterStart(int evaluations) {
        return evaluations - 1 - Math.max(1, evaluations / 4);
    }

    /** How much the training loss fell over the last quarter of evaluation points, NaN with fewer than two. */
    public double lastQuarterFall() {
        int n = trainLosses.length;
        return n < 2 ? Double.NaN : trainLosses[lastQuarterStart(n)] - trainLosses[n - 1];
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

    private static double at(double[] values, int i) {
        return i < 0 || i >= values.length ? Double.NaN : values[i];
    }

    private static int lowest(double[] values) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < (best < 0 ? Double.POSITIVE_INFINITY : values[best])) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evidence e && steps == e.steps && divergedAt == e.divergedAt && noiseFree == e.noiseFree
                && java.util.Objects.equals(divergenceCause, e.divergenceCause)
                && Double.compare(meanCosine, e.meanCosine) == 0 && cosines == e.cosines
                && Double.compare(lastQuarterRate, e.lastQuarterRate) == 0 && Arrays.equals(evalSteps, e.evalSteps)
                && Arrays.equals(trainLosses, e.trainLosses) && Arrays.equals(valLosses, e.valLosses);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(steps, divergedAt, Arrays.hashCode(trainLosses));
    }

    @Override
    public String toString() {
        return "Evidence[steps=" + steps + ", divergedAt=" + divergedAt + ", noiseFree=" + noiseFree + ", train="
                + Arrays.toString(trainLosses) + ", val=" + Arrays.toString(valLosses) + "]";
    }
}
