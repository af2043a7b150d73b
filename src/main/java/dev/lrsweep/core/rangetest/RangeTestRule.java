package dev.lrsweep.core.rangetest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.interpolation.LoessInterpolator;

/**
 * Reads a range test's curves: where the loss falls, where it turns up, and the rate to suggest. A single argmin of
 * a noisy derivative (the usual rule) moves by decades from one run to the next; this rule reads only levels of a
 * smoothed curve, pooled over seeds:
 *
 * <ol>
 * <li><b>Pool</b> the seeds: at each update, the median over seeds of the log mini-batch loss (a seed that has
 *     stopped counts as +∞, so the pooled curve ends once half the seeds have stopped).</li>
 * <li><b>Smooth</b> the log loss against log₁₀ rate with robust LOESS (Cleveland 1979; local linear fits over
 *     a window of {@value #WINDOW_DECADES} decades, {@value #ROBUSTNESS_ITERATIONS} robustness iterations that
 *     discount outlying batches): a centred smoother, so the curve does not lag behind the ramp as a moving
 *     average does.</li>
 * <li><b>The fall</b>: from the smoothed value at the first update S₀ to the lowest Sₘᵢₙ, D = S₀ − Sₘᵢₙ (in
 *     log loss). Below a fall of {@value #LEAST_FALL_PERCENT} % there is no suggestion. The fall starts where the
 *     smoothed curve has made {@value #FALL_START} of D and ends where it has made {@value #FALL_END} of D
 *     (the first such updates before the lowest point).</li>
 * <li><b>The edge</b>: the last rate at which the smoothed curve lies within τ = min({@value #EDGE_FRACTION}·D,
 *     ln 1.1) of Sₘᵢₙ; beyond it the loss turns up for good.</li>
 * <li><b>The suggestion</b> uses both ends of the region where the loss is low: the geometric mean of the fall's
 *     end and the edge, but at most a third of the edge: √(fall end × edge), capped at edge / 3.</li>
 * <li><b>Steepest</b> (reported, not suggested): the rate of the most negative slope of the smoothed curve per
 *     decade between the fall's start and the lowest point.</li>
 * </ol>
 *
 * <p>The same rule read on each seed alone gives the seeds' suggestions, whose spread (largest over smallest)
 * says how far the seeds agree.
 */
public final class RangeTestRule {
    /** The smoothing window, in decades of rate. */
    public static final double WINDOW_DECADES = 0.5;
    /** The fewest points in a smoothing window. */
    public static final int MIN_WINDOW_POINTS = 5;
    /** LOESS robustness iterations. */
    public static final int ROBUSTNESS_ITERATIONS = 0;
    /** The least median absolute residual the robustness weights assume, in log loss: 1 % noise. */
    public static final double NOISE_FLOOR = 0.01;
    /** The fraction of its fall the smoothed loss has made where the fall starts. */
    public static final double FALL_START = 0.1;
    /** The fraction of its fall the smoothed loss has made where the fall ends. */
    public static final double FALL_END = 0.9;
    /** The fraction of the fall by which the smoothed loss may lie above its lowest and still be at the edge. */
    public static final double EDGE_FRACTION = 0.1;
    /** The most the smoothed loss may lie above its lowest and still be at the edge: 10 %, in log loss. */
    public static final double EDGE_RISE = Math.log(1.1);
    /** How far below the edge the suggestion stays at least. */
    public static final double EDGE_MARGIN = 3;
    /** The smallest fall, in percent of the starting loss, that counts as falling. */
    public static final int LEAST_FALL_PERCENT = 10;
    private static final double LEAST_FALL = -Math.log(1 - LEAST_FALL_PERCENT / 100.0);

    private RangeTestRule() {
    }

    /**
     * A group's finding: the rule on the pooled curve, and on each seed alone.
     *
     * @param pooled      the rule read on the seeds' pooled curve
     * @param seeds       the rule read on each seed's curve, in the order given
     * @param pooledLoss  the pooled (median) mini-batch loss at each update of the pooled curve
     * @param spread      the largest seed suggestion over the smallest; NaN when a seed has none
     */
    public record Group(Finding pooled, List<Finding> seeds, double[] pooledLoss, double spread)
            implements Serializable {
    }

    /** Reads a group of seeds' curves, which must come from the same ramp. */
    public static Group read(List<RangeTestCurve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("a range test needs at least one curve");
        }
        int longest = 0;
        double[] lr = null;
        for (RangeTestCurve c : curves) {
            if (c.length() > longest) {
                longest = c.length();
                lr = c.lr();
            }
        }
        double[] pooled = new double[longest];
        double[] column = new double[curves.size()];
        int n = 0;
        for (int k = 0; k < longest; k++) {
            for (int s = 0; s < curves.size(); s++) {
                RangeTestCurve c = curves.get(s);
                column[s] = k < c.length() ? Math.log(Math.max(c.loss()[k], Double.MIN_NORMAL))
                        : Double.POSITIVE_INFINITY;
            }
            double median = median(column);
            if (!Double.isFinite(median)) {
                break;
            }
            pooled[n++] = median;
        }
        Finding pooledFinding = readLog(Arrays.copyOf(lr, n), Arrays.copyOf(pooled, n));
        List<Finding> seeds = new ArrayList<>();
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (RangeTestCurve c : curves) {
            Finding f = read(c.lr(), c.loss());
            seeds.add(f);
            low = Math.min(low, f.suggestedLr());
            high = Math.max(high, f.suggestedLr());
        }
        double spread = Double.isNaN(low) || Double.isNaN(high) ? Double.NaN : high / low;
        double[] pooledLoss = new double[n];
        for (int k = 0; k < n; k++) {
            pooledLoss[k] = Math.exp(pooled[k]);
        }
        return new Group(pooledFinding, List.copyOf(seeds), pooledLoss, spread);
    }

    /** Reads one curve of rates and mini-batch losses. */
    public static Finding read(double[] lr, double[] loss) {
        double[] log = new double[loss.length];
        for (int k = 0; k < loss.length; k++) {
            log[k] = Math.log(Math.max(loss[k], Double.MIN_NORMAL));
        }
        return readLog(lr, log);
    }

    private static Finding readLog(double[] lr, double[] logLoss) {
        int n = lr.length;
        if (n < MIN_WINDOW_POINTS) {
            return none(lr, logLoss, "the range test stopped after " + n + " updates, too few to read");
        }
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = Math.log10(lr[k]);
        }
        double[] s = smooth(x, logLoss);
        int lowest = 0;
        for (int k = 1; k < n; k++) {
            if (s[k] < s[lowest]) {
                lowest = k;
            }
        }
        double fall = s[0] - s[lowest];
        double[] smoothed = exp(s);
        if (!(fall >= LEAST_FALL)) {
            return new Finding(Double.NaN, Double.NaN, Double.NaN, Double.NaN, lr[lowest], Double.NaN, lr[n - 1],
                    false, Math.exp(Math.max(fall, 0)), smoothed, "the smoothed loss never fell by "
                    + LEAST_FALL_PERCENT + " % (from " + lr[0] + " to " + lr[n - 1] + ")");
        }
        int start = firstAtOrBelow(s, s[0] - FALL_START * fall, lowest);
        int end = firstAtOrBelow(s, s[0] - FALL_END * fall, lowest);
        double tolerance = Math.min(EDGE_FRACTION * fall, EDGE_RISE);
        int edge = lowest;
        for (int k = n - 1; k > lowest; k--) {
            if (s[k] <= s[lowest] + tolerance) {
                edge = k;
                break;
            }
        }
        boolean turnedUp = s[n - 1] > s[lowest] + tolerance;
        int steepest = start;
        double steepestSlope = Double.POSITIVE_INFINITY;
        for (int k = Math.max(start, 1); k <= Math.min(lowest, n - 2); k++) {
            double slope = (s[k + 1] - s[k - 1]) / (x[k + 1] - x[k - 1]);
            if (slope < steepestSlope) {
                steepestSlope = slope;
                steepest = k;
            }
        }
        double suggested = Math.min(Math.sqrt(lr[end] * lr[edge]), lr[edge] / EDGE_MARGIN);
        return new Finding(suggested, lr[steepest], lr[start], lr[end], lr[lowest], lr[edge], lr[n - 1], turnedUp,
                Math.exp(fall), smoothed, null);
    }

    private static Finding none(double[] lr, double[] logLoss, String note) {
        return new Finding(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                lr.length == 0 ? Double.NaN : lr[lr.length - 1], false, Double.NaN, exp(logLoss), note);
    }

    /**
     * Robust LOESS of y against x over a window of {@value #WINDOW_DECADES} decades: a plain fit, then
     * {@value #ROBUSTNESS_ITERATIONS} refits with Cleveland's bisquare weights, 1 − (r / 6m)² squared for a
     * residual r, where m is the median absolute residual but at least {@value #NOISE_FLOOR} (a curve with hardly
     * any noise, such as full-batch training, would otherwise weigh every point of its bends as an outlier).
     */
    static double[] smooth(double[] x, double[] y) {
        int n = x.length;
        double decades = x[n - 1] - x[0];
        double perDecade = decades > 0 ? (n - 1) / decades : n;
        int window = (int) Math.max(MIN_WINDOW_POINTS, Math.round(WINDOW_DECADES * perDecade));
        LoessInterpolator loess = new LoessInterpolator(Math.min(1.0, (double) window / n), 0);
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0);
        double[] fit = loess.smooth(x, y, weights);
        double[] residuals = new double[n];
        for (int iteration = 0; iteration < ROBUSTNESS_ITERATIONS; iteration++) {
            for (int k = 0; k < n; k++) {
                residuals[k] = Math.abs(y[k] - fit[k]);
            }
            double scale = 6 * Math.max(median(residuals), NOISE_FLOOR);
            for (int k = 0; k < n; k++) {
                double r = residuals[k] / scale;
                weights[k] = r >= 1 ? 0 : (1 - r * r) * (1 - r * r);
            }
            fit = loess.smooth(x, y, weights);
        }
        return fit;
    }

    private static int firstAtOrBelow(double[] s, double level, int last) {
        for (int k = 0; k <= last; k++) {
            if (s[k] <= level) {
                return k;
            }
        }
        return last;
    }

    private static double[] exp(double[] log) {
        double[] out = new double[log.length];
        for (int k = 0; k < log.length; k++) {
            out[k] = Math.exp(log[k]);
        }
        return out;
    }

    /** The median; the mean of the middle two for an even count (+∞ when either is). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
