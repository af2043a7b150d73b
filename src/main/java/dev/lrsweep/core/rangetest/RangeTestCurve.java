package dev.lrsweep.core.rangetest;

import dev.lrsweep.core.train.Curve;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One range-test run: for each update k (from 0) the rate it used, the mini-batch loss computed before it and the
 * trainer's debiased moving average of that loss, up to the update where the run stopped (or its last).
 *
 * @param seed     the grid seed the run drew its batches and initial weights from
 * @param lr       the rate of each update
 * @param loss     the mini-batch loss computed before each update
 * @param smoothed the trainer's debiased moving average of the mini-batch loss
 * @param stopped  true when the run stopped before its last update (its loss rose, or became non-finite)
 */
public record RangeTestCurve(long seed, double[] lr, double[] loss, double[] smoothed, boolean stopped)
        implements Serializable {

    public RangeTestCurve {
        if (lr.length != loss.length || lr.length != smoothed.length) {
            throw new IllegalArgumentException("a range-test curve needs a rate, a loss and a smoothed loss per update");
        }
    }

    /**
     * The curve of a trained range-test trial: every recorded point after step 0 (the range test records every
     * update), ending before the first non-finite loss.
     *
     * @param stopped whether the trainer stopped the trial before its last update
     */
    public static RangeTestCurve of(long seed, Curve curve, boolean stopped) {
        int n = 0;
        double[] lr = new double[curve.size()];
        double[] loss = new double[curve.size()];
        double[] smoothed = new double[curve.size()];
        for (int i = 0; i < curve.size(); i++) {
            if (curve.step(i) == 0) {
                continue;
            }
            if (!Double.isFinite(curve.batchLoss(i)) || !Double.isFinite(curve.batchLossEma(i))) {
                break;
            }
            lr[n] = curve.lr(i);
            loss[n] = curve.batchLoss(i);
            smoothed[n] = curve.batchLossEma(i);
            n++;
        }
        return new RangeTestCurve(seed, Arrays.copyOf(lr, n), Arrays.copyOf(loss, n), Arrays.copyOf(smoothed, n),
                stopped);
    }

    /** The number of updates with a finite loss. */
    public int length() {
        return lr.length;
    }
}
