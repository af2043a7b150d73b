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
 * @param explodeFactor      the gradients explode when a recorded gradient norm reaches this multiple of the median
 *                           of the trial's previous ones, abruptly ({@link ExplodingGradients}; default 10 for an
 *                           mlp); {@link #NOT_JUDGED} when exploding gradients are not judged (the default for the
 *                           linear, logistic and softmax models: see {@link #explodeFactorFor})
 */
public record Thresholds(double riseTolerance, double noiseMultiple, int oscillationRises, double zigzagCosine,
                         double slowFraction, double plateauFraction, double fallingFraction,
                         double recommendTolerance, double explodeFactor)
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
        if (!(explodeFactor > 1)) {
            throw new IllegalArgumentException("explode_factor must be a number above 1, or null");
        }
    }

    /** The explode factor that turns the verdict off. */
    public static final double NOT_JUDGED = Double.POSITIVE_INFINITY;

    /**
     * The default explode factor of a model: {@link ExplodingGradients#DEFAULT_FACTOR} for an mlp, whose gradient
     * can leap at a cliff of its loss; {@link #NOT_JUDGED} for the linear, logistic and softmax models, whose
     * per-row gradient is the row times its residual: too large a rate makes it grow smoothly (diverged or rising),
     * and a late spike of a mini-batch's norm is a misfit row among fitted ones, not a cliff that clipping would cure.
     */
    public static double explodeFactorFor(String modelType) {
        return modelType.equals("mlp") ? ExplodingGradients.DEFAULT_FACTOR : NOT_JUDGED;
    }

    /** Whether exploding gradients are judged. */
    public boolean judgesExplodingGradients() {
        return Double.isFinite(explodeFactor);
    }

    /** The detector of exploding gradients these thresholds define (when {@link #judgesExplodingGradients}). */
    public ExplodingGradients explodingGradients() {
        return new ExplodingGradients(explodeFactor, ExplodingGradients.DEFAULT_WINDOW);
    }

    public static Thresholds defaults() {
        return new Thresholds(0.1, 4, 2, -0.2, 0.5, 0.9, 0.2, 0.01, ExplodingGradients.DEFAULT_FACTOR);
    }
}
