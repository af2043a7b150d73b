package dev.lrsweep.core.diagnose;

import java.io.Serializable;

/**
 * The thresholds of the verdicts, the {@code diagnose:} keys of a sweep file. The README section "How trials are
 * judged" states the definitions they enter.
 *
 * @param riseTolerance      a rise of the evaluated training loss above its lowest value so far counts only when
 *                           it exceeds this fraction of the progress made so far (default 0.1)
 * @param noiseMultiple      … and this many times the trial's noise floor (default 4)
 * @param oscillationRises   the number of counted rises that make a trial oscillating (default 2)
 * @param zigzagCosine       a trial zig-zags when the mean cosine between consecutive updates lies below this
 *                           (default −0.2)
 * @param slowFraction       a rate still falling at the end is slow when its mean loss reduction over its seeds is
 *                           below this fraction of the best rate's in its group (default 0.5)
 * @param plateauFraction    a rate no longer falling is plateaued when its mean loss reduction is below this
 *                           fraction of the best rate's: it settled well short of what its group reaches, as a
 *                           too-large constant rate does in its noise (default 0.9)
 * @param fallingFraction    a trial is still falling when, per unit of learning rate, its last quarter of
 *                           evaluation points reduced the loss at least this fraction as fast as the whole run
 *                           did on average (default 0.2); measured per unit of rate so that an annealed
 *                           schedule's quiet end does not count as a plateau
 * @param recommendTolerance the recommended rate's loss (rank_by, mean over seeds) must lie within this fraction of
 *                           its group's best (default 0.01)
 */
public record Thresholds(double riseTolerance, double noiseMultiple, int oscillationRises, double zigzagCosine,
                         double slowFraction, double plateauFraction, double fallingFraction,
                         double recommendTolerance)
        implements Serializable {

    public Thresholds {
        if (!(riseTolerance >= 0 && riseTolerance < 1)) {
            throw new IllegalArgumentException("rise_tolerance must lie in [0, 1)");
        }
        if (!(noiseMultiple >= 0) || Double.isInfinite(noiseMultiple)) {
            throw new IllegalArgumentException("noise_multiple must be a number of at least 0");
        }
        if (oscillationRises < 1) {
            throw new IllegalArgumentException("oscillation_rises must be at least 1");
        }
        if (!(zigzagCosine >= -1 && zigzagCosine <= 1)) {
            throw new IllegalArgumentException("zigzag_cosine must lie in [-1, 1]");
        }
        if (!(slowFraction >= 0 && slowFraction <= 1)) {
            throw new IllegalArgumentException("slow_fraction must lie in [0, 1]");
        }
        if (!(plateauFraction >= 0 && plateauFraction <= 1)) {
            throw new IllegalArgumentException("plateau_fraction must lie in [0, 1]");
        }
        if (!(fallingFraction >= 0 && fallingFraction <= 1)) {
            throw new IllegalArgumentException("falling_fraction must lie in [0, 1]");
        }
        if (!(recommendTolerance >= 0) || Double.isInfinite(recommendTolerance)) {
            throw new IllegalArgumentException("recommend_tolerance must be a number of at least 0");
        }
    }

    public static Thresholds defaults() {
        return new Thresholds(0.1, 4, 2, -0.2, 0.5, 0.9, 0.2, 0.01);
    }
}
