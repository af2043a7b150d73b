package dev.lrsweep.core.diagnose;

import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * The noise floor of a series of evaluated losses: how much the loss scatters from one evaluation point to the next
 * around its smooth trend, measured on the series itself rather than guessed.
 *
 * <p>It is the robust scatter of the second differences Δ²Lᵢ = Lᵢ₊₁ − 2Lᵢ + Lᵢ₋₁ over the last half of the points,
 * where the trend has flattened: a smooth trend contributes little to a second difference, while independent noise of
 * standard deviation σ gives Δ² a standard deviation of σ√6. So σ = 1.4826 · median|Δ²ᵢ − median Δ²| / √6 (the
 * median absolute deviation, scaled to a standard deviation, so that a few large jumps do not inflate it). A series of
 * fewer than {@value #FEWEST_POINTS} points in its last half gives 0: nothing to measure it on.
 *
 * <p>A full-batch trial (every update on every row) has no mini-batch noise: its floor is 0, and every rise of its
 * loss is the dynamics.
 */
public final class NoiseFloor {
    /** The fewest points of the last half the floor is measured on. */
    static final int FEWEST_POINTS = 7;
    private static final double MAD_TO_SD = 1.4826;

    private NoiseFloor() {
    }

    /** The noise floor of a series of losses (NaN-free), or 0 for a noise-free trial or too few points. */
    public static double of(double[] losses, boolean noiseFree) {
        int start = losses.length / 2;
        int n = losses.length - start;
        if (noiseFree || n < FEWEST_POINTS) {
            return 0.0;
        }
        double[] second = new double[n - 2];
        for (int i = 0; i < second.length; i++) {
            int k = start + i + 1;
            second[i] = losses[k + 1] - 2 * losses[k] + losses[k - 1];
        }
        if (!finite(second)) {
            return 0.0;
        }
        Median median = new Median();
        double centre = median.evaluate(second);
        double[] deviations = new double[second.length];
        for (int i = 0; i < second.length; i++) {
            deviations[i] = Math.abs(second[i] - centre);
        }
        return MAD_TO_SD * median.evaluate(deviations) / Math.sqrt(6);
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
