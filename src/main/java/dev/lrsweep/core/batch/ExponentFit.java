package dev.lrsweep.core.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The exponent k in α ∝ B^k from (batch size, rate) points: the ordinary least-squares slope of log α on log B
 * (Commons Math's {@link SimpleRegression}), with its 95 % confidence interval from the fit's residuals (Student's t
 * with points − 2 degrees of freedom), and the rule it picks out.
 *
 * <p>The rule is named when its exponent is the only one of 1, ½ and 0 inside the interval; with an interval that
 * holds none or several of them, or fewer than {@value #FEWEST_POINTS} points (no interval), it is
 * {@code unclear}. A perfect fit has an interval of zero width: the rule is named only if k is exactly its exponent
 * (to within rounding). Points whose rate is missing (NaN) are left out.
 *
 * @param points the points fitted
 * @param k      the slope, NaN with fewer than 2 points or a single batch size
 * @param low    the interval's lower end, NaN without an interval
 * @param high   its upper end
 * @param rule   the rule singled out, or null for unclear
 */
public record ExponentFit(int points, double k, double low, double high, ScalingRule rule) implements Serializable {
    /** The fewest points with an interval (and so a rule). */
    public static final int FEWEST_POINTS = 3;
    /** The confidence level of the interval. */
    public static final double CONFIDENCE = 0.95;
    private static final double ROUNDING = 1e-9;

    /** Fits rates against batch sizes; both lists in the same order. */
    public static ExponentFit of(List<Integer> batchSizes, List<Double> rates) {
        SimpleRegression fit = new SimpleRegression();
        List<Double> seen = new ArrayList<>();
        for (int i = 0; i < batchSizes.size(); i++) {
            double rate = rates.get(i);
            if (Double.isNaN(rate) || !(rate > 0)) {
                continue;
            }
            double x = Math.log(batchSizes.get(i));
            fit.addData(x, Math.log(rate));
            if (!seen.contains(x)) {
                seen.add(x);
            }
        }
        int n = (int) fit.getN();
        double k = seen.size() >= 2 ? fit.getSlope() : Double.NaN;
        if (n < FEWEST_POINTS || Double.isNaN(k)) {
            return new ExponentFit(n, k, Double.NaN, Double.NaN, null);
        }
        double halfWidth = fit.getSlopeConfidenceInterval(1 - CONFIDENCE);
        if (Double.isNaN(halfWidth)) {
            halfWidth = 0; // every point on the line: no residuals to spread the slope
        }
        double low = k - halfWidth;
        double high = k + halfWidth;
        ScalingRule rule = null;
        int inside = 0;
        for (ScalingRule r : ScalingRule.values()) {
            if (r.exponent() >= low - ROUNDING && r.exponent() <= high + ROUNDING) {
                rule = r;
                inside++;
            }
        }
        return new ExponentFit(n, k, low, high, inside == 1 ? rule : null);
    }

    /** The rule's table name, or {@code unclear}. */
    public String ruleLabel() {
        return rule == null ? "unclear" : rule.label();
    }
}
