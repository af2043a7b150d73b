package dev.lrsweep.core.rangetest;

import dev.lrsweep.core.landscape.Landscape;
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
 *     stopped counts as +∞, so the pooled curve ends once half the seeds have stopped). The median also sets aside
 *     a seed's outlying batch.</li>
 * <li><b>Smooth</b> the log loss against log₁₀ rate with LOESS (Cleveland 1979; local linear fits over a window
 *     of {@value #WINDOW_DECADES} decades): a centred smoother, so the curve does not lag behind the ramp as a
 *     moving average does.</li>
 * <li><b>The fall</b>: from the smoothed value at the first update S₀ to the lowest Sₘᵢₙ, D = S₀ − Sₘᵢₙ (in
 *     log loss). Below a fall of {@value #LEAST_FALL_PERCENT} % there is no suggestion. The fall starts where the
 *     smoothed curve has made {@value #FALL_START} of D and ends where it has made {@value #FALL_END} of D
 *     (the first such updates before the lowest point).</li>
 * <li><b>The edge</b>: where the loss turns up for good. The final rise starts at the last local minimum of the
 *     smoothed curve that lies within ln 2 of Sₘᵢₙ (within twice the lowest loss), so that a transient bump, such as
 *     momentum overshooting while the rate ramps, is passed over; the edge is the last rate at which the smoothed
 *     curve lies within τ of that minimum. τ is {@value #EDGE_FRACTION}·D but at most ln 1.1, and at least {@value #NOISE_MARGIN} standard
 *     errors of the smoothed curve (the residuals' robust spread over √(points a window averages)), since the lowest point
 *     of a noisy floor lies below the floor.</li>
 * <li><b>The suggestion</b> uses both ends of the region where the loss is low: the geometric middle of the fall's
 *     end and the edge, √(fall end × edge). Where the data fix the edge exactly, the suggestion goes no higher
 *     ({@link #ceiling}).</li>
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
    /** The fraction of its fall the smoothed loss has made where the fall starts. */
    public static final double FALL_START = 0.1;
    /** The fraction of its fall the smoothed loss has made where the fall ends. */
    public static final double FALL_END = 0.9;
    /** The fraction of the fall by which the smoothed loss may lie above its lowest and still be at the edge. */
    public static final double EDGE_FRACTION = 0.1;
    /** The most the smoothed loss may lie above its lowest and still be at the edge: 10 %, in log loss. */
    public static final double EDGE_RISE = Math.log(1.1);
    /**
     * The edge's tolerance is at least this many standard errors of the smoothed curve, for the lowest point of a
     * noisy floor lies that far below the floor itself.
     */
    public static final double NOISE_MARGIN = 3;
    /** The share of a window's points that its tricube weights effectively average. */
    static final double TRICUBE_EFFECTIVE = 0.64;
    /** How far above its lowest level (in log loss) the bottom of the final rise may lie: twice the lowest loss. */
    public static final double FLOOR = Math.log(2);
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
        return read(curves, Double.NaN);
    }

    /**
     * Reads a group of seeds' curves, which must come from the same ramp, with every suggestion at most
     * {@code ceiling} (NaN for none): the stability edge the data imply, where it is exact ({@link #ceiling}).
     */
    public static Group read(List<RangeTestCurve> curves, double ceiling) {
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
        Finding pooledFinding = readLog(Arrays.copyOf(lr, n), Arrays.copyOf(pooled, n), ceiling);
        List<Finding> seeds = new ArrayList<>();
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (RangeTestCurve c : curves) {
            Finding f = read(c.lr(), c.loss(), ceiling);
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

    /** Reads one curve of rates and mini-batch losses, with the suggestion at most {@code ceiling} (NaN: none). */
    public static Finding read(double[] lr, double[] loss, double ceiling) {
        double[] log = new double[loss.length];
        for (int k = 0; k < loss.length; k++) {
            log[k] = Math.log(Math.max(loss[k], Double.MIN_NORMAL));
        }
        return readLog(lr, log, ceiling);
    }

    private static Finding readLog(double[] lr, double[] logLoss, double ceiling) {
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
        double tolerance = Math.max(Math.min(EDGE_FRACTION * fall, EDGE_RISE), NOISE_MARGIN * noise(logLoss, s, x));
        // the bottom of the final rise: the last local minimum still near the lowest level (a transient bump, such
        // as momentum's overshoot while the rate ramps, lies before it)
        int bottom = lowest;
        for (int k = n - 2; k > lowest; k--) {
            if (s[k] <= s[k - 1] && s[k] <= s[k + 1] && s[k] <= s[lowest] + FLOOR) {
                bottom = k;
                break;
            }
        }
        int edge = bottom;
        for (int k = n - 1; k > bottom; k--) {
            if (s[k] <= s[bottom] + tolerance) {
                edge = k;
                break;
            }
        }
        boolean turnedUp = s[n - 1] > s[bottom] + tolerance;
        int steepest = start;
        double steepestSlope = Double.POSITIVE_INFINITY;
        for (int k = Math.max(start, 1); k <= Math.min(lowest, n - 2); k++) {
            double slope = (s[k + 1] - s[k - 1]) / (x[k + 1] - x[k - 1]);
            if (slope < steepestSlope) {
                steepestSlope = slope;
                steepest = k;
            }
        }
        double middle = Math.sqrt(lr[end] * lr[edge]);
        boolean capped = middle > ceiling;
        return new Finding(capped ? ceiling : middle, lr[steepest], lr[start], lr[end], lr[lowest], lr[edge],
                lr[n - 1], turnedUp, Math.exp(fall), smoothed, capped ? "suggestion held at the stability edge the"
                + " data imply, " + (float) ceiling + "; the range test's own, " + (float) middle + ", lies above it"
                : turnedUp ? null : "the loss never turned up: the edge lies beyond " + (float) lr[n - 1]);
    }

    private static Finding none(double[] lr, double[] logLoss, String note) {
        return new Finding(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                lr.length == 0 ? Double.NaN : lr[lr.length - 1], false, Double.NaN, exp(logLoss), note);
    }

    /**
     * The standard error of the smoothed curve: the residuals' robust standard deviation (1.4826 × their median
     * absolute value) over the square root of the points a smoothing window effectively averages, (Σw)²/Σw² for
     * LOESS's tricube weights, about {@value #TRICUBE_EFFECTIVE} of its points.
     */
    static double noise(double[] y, double[] fit, double[] x) {
        int n = y.length;
        double[] residuals = new double[n];
        for (int k = 0; k < n; k++) {
            residuals[k] = Math.abs(y[k] - fit[k]);
        }
        return 1.4826 * median(residuals) / Math.sqrt(TRICUBE_EFFECTIVE * window(x));
    }

    /** The points in a smoothing window of {@value #WINDOW_DECADES} decades, at least {@value #MIN_WINDOW_POINTS}. */
    static int window(double[] x) {
        int n = x.length;
        double decades = x[n - 1] - x[0];
        double perDecade = decades > 0 ? (n - 1) / decades : n;
        return (int) Math.max(MIN_WINDOW_POINTS, Math.round(WINDOW_DECADES * perDecade));
    }

    /**
     * LOESS of y against x (Commons Math: local linear fits with tricube weights) over a window of
     * {@value #WINDOW_DECADES} decades. No robustness iterations: they would discount the last points of a run that
     * blew up as outliers, and the loss's sharp rise there is what the edge is read from.
     */
    static double[] smooth(double[] x, double[] y) {
        return new LoessInterpolator(Math.min(1.0, (double) window(x) / x.length), 0).smooth(x, y);
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

    /**
     * The ceiling a suggestion may not pass: for least squares ({@code linear}) trained by SGD, plain or with
     * heavy-ball momentum, the loss is quadratic, so the edge the data's λ_max implies, 2(1 + μ)/((1 − τ)λ_max), is
     * exact at full batch and an upper bound for mini-batches (their noise only lowers it). A full-batch range test
     * finds that edge late: without noise, the error along the unstable direction has been annihilated by the time
     * the ramp passes the edge, and must grow back from rounding before the loss turns up. For other models or
     * optimizers the curvature moves with the weights, and there is no ceiling (NaN).
     *
     * @param momentum  the SGD optimizer's momentum μ, NaN for an optimizer that is not plain or heavy-ball SGD
     * @param dampening its dampening τ
     */
    public static double ceiling(String model, double lambdaMax, double momentum, double dampening) {
        if (!model.equals("linear") || Double.isNaN(momentum)) {
            return Double.NaN;
        }
        return Landscape.heavyBallEdge(lambdaMax, momentum, dampening);
    }

    /** The median; the mean of the middle two for an even count (+∞ when either is). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
