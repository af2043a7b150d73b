package dev.lrsweep.core.schedule;

/**
 * The learning-rate range test's schedule (Smith, WACV 2017, arXiv:1506.01186; fastai's {@code lr_find};
 * torch-lr-finder's {@code ExponentialLR}): the rate grows geometrically from {@code from} to {@code to} over
 * {@code steps} updates, {@code rate(k) = from·(to/from)^(k/(steps − 1))}, so the first update uses {@code from}
 * and update {@code steps − 1} uses {@code to}; later updates stay at {@code to}. Equal numbers of updates cover
 * equal ratios of rate: (steps − 1)/log₁₀(to/from) updates per decade.
 */
public record ExponentialRamp(double from, double to, long steps) implements Schedule {

    public ExponentialRamp {
        if (!(from > 0) || !(to > from) || Double.isInfinite(to)) {
            throw new IllegalArgumentException("a ramp needs 0 < from < to, got " + from + " and " + to);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("a ramp needs at least 2 steps, got " + steps);
        }
    }

    @Override
    public double rate(long k) {
        long at = Math.min(k, steps - 1);
        return from * StrictMath.pow(to / from, (double) at / (steps - 1));
    }

    /** Updates per decade of rate. */
    public double stepsPerDecade() {
        return (steps - 1) / Math.log10(to / from);
    }
}
