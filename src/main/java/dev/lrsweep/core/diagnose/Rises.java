package dev.lrsweep.core.diagnose;

import java.io.Serializable;

/**
 * The rises of a series of evaluated losses L₀ … Lₘ, judged against its noise floor and the progress it had made.
 *
 * <p>A rise is measured from the lowest loss so far, Mᵢ₋₁ = min(L₀ … Lᵢ₋₁): after a point of progress
 * Pᵢ = L₀ − Mᵢ₋₁, the loss Lᵢ rises by Lᵢ − Mᵢ₋₁. It <em>counts</em> when it exceeds the threshold
 * θᵢ = max(k·σ, r·Pᵢ, 10⁻⁶·|L₀|): k times the noise floor σ ({@link NoiseFloor}), and the fraction r of the progress
 * made so far, so a wiggle within the noise or small against the progress does not count. A counted rise lasts
 * until the loss comes back within θᵢ/2 of its lowest or makes a new lowest; each such episode is one
 * <em>excursion</em>. An excursion still open at the last point means the loss turned up for good.
 *
 * <p>Mini-batch losses (σ &gt; 0, or any trial that saw mini-batches) are first smoothed by a running median of three
 * points (the last point by the median of the last three), so that a single noisy point is never an excursion; a
 * full-batch series is read as it is, since all its wiggles are the dynamics.
 *
 * @param excursions         counted excursions, the one still open at the end included
 * @param openAtEnd          true when the last point is still in an excursion: the loss turned up for good
 * @param largestRise        the largest counted rise (in loss units), 0 when none counted
 * @param largestRiseStep    the step where it peaked, -1 when none counted
 * @param largestRiseShare   that rise as a fraction of the progress made before it (∞ when there was none)
 * @param largestVisible     the largest rise of the raw series that exceeds r·Pᵢ, counted or not, 0 when none:
 *                           with no counted excursion, the size of a trial's noise
 * @param largestVisibleStep where that rise peaked, -1 when none
 */
public record Rises(int excursions, boolean openAtEnd, double largestRise, long largestRiseStep,
                    double largestRiseShare, double largestVisible, long largestVisibleStep) implements Serializable {
    /** The smallest rise that ever counts, as a fraction of the initial loss: rounding is not a rise. */
    static final double FLOOR = 1e-6;

    /**
     * @param steps     the evaluation points' steps
     * @param losses    the losses there (a trial that diverged may end with a non-finite one, which is ignored)
     * @param noise     the noise floor σ to judge against
     * @param smooth    whether to smooth the series first (mini-batch trials)
     * @param tolerance r, the fraction of the progress made that a rise must exceed
     * @param multiple  k, the multiple of the noise floor that a rise must exceed
     */
    public static Rises of(long[] steps, double[] losses, double noise, boolean smooth, double tolerance,
                           double multiple) {
        int n = finitePrefix(losses);
        double[] s = smooth ? smoothed(losses, n) : losses;
        Rises counted = excursions(steps, s, n, noise, tolerance, multiple);
        Rises visible = excursions(steps, losses, n, 0.0, tolerance, 0.0);
        return new Rises(counted.excursions, counted.openAtEnd, counted.largestRise, counted.largestRiseStep,
                counted.largestRiseShare, visible.largestRise, visible.largestRiseStep);
    }

    private static Rises excursions(long[] steps, double[] l, int n, double noise, double tolerance, double multiple) {
        if (n < 2) {
            return new Rises(0, false, 0.0, -1, 0.0, 0.0, -1);
        }
        double floor = FLOOR * Math.abs(l[0]);
        double lowest = l[0];
        int count = 0;
        boolean open = false;
        double largest = 0.0;
        long largestStep = -1;
        double largestShare = 0.0;
        for (int i = 1; i < n; i++) {
            double progress = l[0] - lowest;
            double threshold = Math.max(Math.max(multiple * noise, tolerance * progress), floor);
            double rise = l[i] - lowest;
            if (rise > threshold) {
                if (!open) {
                    count++;
                    open = true;
                }
                if (rise > largest) {
                    largest = rise;
                    largestStep = steps[i];
                    largestShare = progress > 0 ? rise / progress : Double.POSITIVE_INFINITY;
                }
            } else if (open && rise <= threshold / 2) {
                open = false;
            }
            if (l[i] < lowest) {
                lowest = l[i];
                open = false;
            }
        }
        return new Rises(count, open, largest, largestStep, largestShare, 0.0, -1);
    }

    /** The running median of three, the first point kept and the last the median of the last three. */
    static double[] smoothed(double[] l, int n) {
        double[] s = l.clone();
        for (int i = 1; i < n; i++) {
            int centre = Math.min(i, n - 2);
            s[i] = centre < 1 ? l[i] : median(l[centre - 1], l[centre], l[centre + 1]);
        }
        return s;
    }

    private static double median(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** The number of leading finite values. */
    static int finitePrefix(double[] values) {
        int n = 0;
        while (n < values.length && Double.isFinite(values[n])) {
            n++;
        }
        return n;
    }
}
