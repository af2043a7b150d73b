package dev.lrsweep.report;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A trial's curve as the report draws it, small enough to leave the executor: its evaluation points (training and
 * validation loss) and its recorded points (mini-batch loss, its moving average, learning rate, gradient norm and
 * update cosine), each family downsampled to at most a fixed number of points with {@link Lttb}. The evaluation
 * points are kept whole when there are no more than that (the usual case); otherwise LTTB on the training loss
 * chooses them. LTTB on the mini-batch loss chooses the recorded points, and every recorded series is kept at those
 * steps. LTTB runs on the logarithm of the loss, as the page draws it. An absent value is NaN.
 *
 * @param trialId         the trial
 * @param stepsPerEpoch   updates per epoch, 0 when the curve does not tell (a trial stopped at step 0)
 * @param evaluated       the trial's evaluation points before downsampling
 * @param recorded        the trial's recorded points before downsampling
 * @param evalSteps       the steps of the evaluation points kept
 * @param trainLoss       the evaluated training loss at those steps
 * @param valLoss         the validation loss at those steps (NaN without validation rows)
 * @param steps           the steps of the recorded points kept
 * @param batchLoss       the mini-batch loss of the update at each of those steps
 * @param batchLossEma    its moving average
 * @param lr              the learning rate of that update
 * @param gradNorm        the gradient norm before clipping
 * @param updateCosine    the cosine between that update and the one before
 */
public record CurveSketch(String trialId, long stepsPerEpoch, int evaluated, int recorded, long[] evalSteps,
                          double[] trainLoss, double[] valLoss, long[] steps, double[] batchLoss,
                          double[] batchLossEma, double[] lr, double[] gradNorm, double[] updateCosine)
        implements Serializable {

    /**
     * Sketches a trial's recorded points, given in increasing step order (the columns of {@code curves/}).
     *
     * @param points at most this many points per family, at least 3
     */
    public static CurveSketch of(String trialId, long[] step, double[] epoch, double[] lr, double[] batchLoss,
                                 double[] batchLossEma, double[] gradNorm, double[] updateCosine, double[] trainLoss,
                                 double[] valLoss, int points) {
        int n = step.length;
        for (int i = 1; i < n; i++) {
            if (step[i] <= step[i - 1]) {
                throw new IllegalArgumentException("trial " + trialId + ": curve steps must increase: " + step[i]
                        + " after " + step[i - 1]);
            }
        }
        long perEpoch = 0;
        for (int i = n - 1; i >= 0 && perEpoch == 0; i--) {
            if (step[i] > 0 && epoch[i] > 0) {
                perEpoch = Math.round(step[i] / epoch[i]);
            }
        }
        int[] evaluatedAt = Arrays.stream(indices(n)).filter(i -> !Double.isNaN(trainLoss[i])).toArray();
        int[] evalKept = pick(evaluatedAt, step, trainLoss, points);
        int[] recordedKept = pick(indices(n), step, batchLoss, points);
        return new CurveSketch(trialId, perEpoch, evaluatedAt.length, n, steps(step, evalKept), at(trainLoss, evalKept),
                at(valLoss, evalKept), steps(step, recordedKept), at(batchLoss, recordedKept),
                at(batchLossEma, recordedKept), at(lr, recordedKept), at(gradNorm, recordedKept),
                at(updateCosine, recordedKept));
    }

    /** Of the candidate indices, the ones LTTB keeps on log10 of {@code value} against the step. */
    private static int[] pick(int[] candidates, long[] step, double[] value, int points) {
        int m = candidates.length;
        if (m <= points) {
            return candidates;
        }
        double[] x = new double[m];
        double[] y = logOf(candidates, value);
        for (int k = 0; k < m; k++) {
            x[k] = step[candidates[k]];
        }
        int[] chosen = Lttb.select(x, y, points);
        int[] kept = new int[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            kept[k] = candidates[chosen[k]];
        }
        return kept;
    }

    /**
     * log10 of the values at the indices; a value without a logarithm (absent, infinite, not positive) takes its
     * nearest earlier one's (the first finite one's when it leads), so it neither wins nor loses a bucket by itself.
     */
    static double[] logOf(int[] indices, double[] value) {
        double[] y = new double[indices.length];
        double last = Double.NaN;
        for (int k = 0; k < indices.length; k++) {
            double v = value[indices[k]];
            y[k] = v > 0 && Double.isFinite(v) ? Math.log10(v) : last;
            last = y[k];
        }
        double first = Arrays.stream(y).filter(v -> !Double.isNaN(v)).findFirst().orElse(0);
        for (int k = 0; k < y.length && Double.isNaN(y[k]); k++) {
            y[k] = first;
        }
        return y;
    }

    private static int[] indices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    private static long[] steps(long[] step, int[] kept) {
        return Arrays.stream(kept).mapToLong(i -> step[i]).toArray();
    }

    private static double[] at(double[] values, int[] kept) {
        return Arrays.stream(kept).mapToDouble(i -> values[i]).toArray();
    }
}
