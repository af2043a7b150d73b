package dev.lrsweep.core.diagnose;

import java.io.Serializable;

/**
 * The thresholds of the verdicts. The README section "How trials are judged" states the same definitions.
 *
 * @param oscillationTolerance a rise of the evaluated training loss between two consecutive evaluation points
 *                             counts when it exceeds this fraction of the initial loss (default 0.01)
 * @param oscillationRises     the number of such rises that make a trial oscillating (default 2)
 * @param zigzagCosine         a trial zig-zags when the mean cosine between consecutive updates lies below this
 *                             (default −0.2)
 * @param slowFraction         a trial is slow or plateaued when its loss reduction is below this fraction of
 *                             the best reduction in its group (default 0.5)
 * @param fallingFraction      a trial is still falling when, per unit of learning rate, its last quarter of
 *                             evaluation points reduced the loss at least this fraction as fast as the whole run
 *                             did on average (default 0.2); measured per unit of rate so that an annealed
 *                             schedule's quiet end does not count as a plateau
 */
public record Thresholds(double oscillationTolerance, int oscillationRises, double zigzagCosine,
                         double slowFraction, double fallingFraction) implements Serializable {

    public Thresholds {
        if (!(oscillationTolerance >= 0)) {
            throw new IllegalArgumentException("oscillation_tolerance must not be negative");
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
        if (!(fallingFraction >= 0 && fallingFraction <= 1)) {
            throw new IllegalArgumentException("falling_fraction must lie in [0, 1]");
        }
    }

    public static Thresholds defaults() {
        return new Thresholds(0.01, 2, -0.2, 0.5, 0.2);
    }
}
