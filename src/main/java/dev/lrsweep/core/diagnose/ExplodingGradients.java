package dev.lrsweep.core.diagnose;

import dev.lrsweep.core.spec.Format;
import dev.lrsweep.core.train.Curve;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds exploding gradients in a curve: a gradient norm that jumps far above the trial's own running level, as
 * deep networks' gradients do at a cliff of the loss, rather than growing smoothly, as a linear model's do when
 * its rate is too large (there every update multiplies the error by about the same factor, so the norm grows
 * geometrically, by the same factor per update).
 *
 * <p>The curve's recorded gradient norms (before clipping) are read in order; non-finite ones (divergence, which
 * the trainer reports) are skipped. At each recorded point with at least {@value #MIN_HISTORY} finite norms
 * before it, among the last {@code window} of them:
 * <ul>
 *   <li>the <em>level</em> is their median, and the <em>jump</em> is the norm over the level;</li>
 *   <li>the <em>growth</em> is their median rate per update, log(gₖ/gₖ₋₁)/(stepₖ − stepₖ₋₁) over consecutive
 *       points, and the <em>surprise</em> is how far the norm lies above the previous point's norm grown at that
 *       rate to this step: gᵢ / (gᵢ₋₁·e^{growth·(stepᵢ − stepᵢ₋₁)}).</li>
 * </ul>
 * The gradients explode at the first point whose jump is at least {@code factor}, whose surprise is at least
 * √factor, and whose norm is above every norm recorded before it: far above where the trial had been, reached
 * abruptly rather than at the pace the norm was already keeping, and higher than it ever was. A norm that grows
 * geometrically has a surprise near 1 however large its jump, so a smooth divergence is not taken for an explosion.
 * Mini-batch noise can move a norm tenfold above its median late in a run, when the loss is small and most rows
 * are already fitted (one misfit row in a batch of a softmax on nearly separable data does it), but not above the
 * norms the trial started with; so the new high is required too.
 */
public final class ExplodingGradients implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The default multiple of the running median that counts as a jump. */
    public static final double DEFAULT_FACTOR = 10.0;
    /** The default number of earlier finite norms the running level and growth are taken over. */
    public static final int DEFAULT_WINDOW = 20;
    /** The fewest earlier finite norms a point needs before it can be judged. */
    public static final int MIN_HISTORY = 5;

    private final double factor;
    private final int window;

    /**
     * @param factor the multiple of the running median a norm must reach, above 1
     * @param window how many earlier finite norms the running level and growth are taken over, at least
     *               {@value #MIN_HISTORY}
     */
    public ExplodingGradients(double factor, int window) {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the jump factor must be a number above 1, got " + factor);
        }
        if (window < MIN_HISTORY) {
            throw new IllegalArgumentException("the window must hold at least " + MIN_HISTORY + " norms, got " + window);
        }
        this.factor = factor;
        this.window = window;
    }

    /** With the defaults: a jump of 10× the median of the last 20 recorded norms. */
    public static ExplodingGradients defaults() {
        return new ExplodingGradients(DEFAULT_FACTOR, DEFAULT_WINDOW);
    }

    /**
     * Where the gradients exploded.
     *
     * @param step  the update whose gradient jumped
     * @param norm  its norm
     * @param level the running median it jumped from
     * @param size  the jump: norm / level
     */
    public record Jump(long step, double norm, double level, double size) implements Serializable {

        /** The jump in words: {@code the gradient norm jumped to 310 at step 140, 48× its running median 6.4}. */
        public String describe() {
            return "the gradient norm jumped to " + Format.significant(norm, 3) + " at step " + step + ", "
                    + Format.significant(size, 3) + "× its running median " + Format.significant(level, 3);
        }
    }

    /** The first jump among a curve's recorded gradient norms, if there is one. */
    public Optional<Jump> find(Curve curve) {
        long[] steps = new long[curve.size()];
        double[] norms = new double[curve.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = curve.step(i);
            norms[i] = curve.gradNorm(i);
        }
        return find(steps, norms);
    }

    /** The first jump in a series of gradient norms recorded at increasing steps, if there is one. */
    public Optional<Jump> find(long[] steps, double[] norms) {
        if (steps.length != norms.length) {
            throw new IllegalArgumentException("one step per norm: " + steps.length + " steps, " + norms.length);
        }
        long[] seenSteps = new long[norms.length];
        double[] seen = new double[norms.length];
        int count = 0;
        double highest = 0;
        for (int i = 0; i < norms.length; i++) {
            double g = norms[i];
            if (!(g >= 0) || Double.isInfinite(g)) {
                continue;
            }
            if (count >= MIN_HISTORY && g > highest) {
                int from = Math.max(0, count - window);
                double level = median(seen, from, count);
                double previous = seen[count - 1];
                double jump = g / level;
                if (jump >= factor && level > 0) {
                    double expected = previous * Math.exp(growth(seenSteps, seen, from, count)
                            * (steps[i] - seenSteps[count - 1]));
                    if (g >= Math.sqrt(factor) * expected) {
                        return Optional.of(new Jump(steps[i], g, level, jump));
                    }
                }
            }
            seenSteps[count] = steps[i];
            seen[count++] = g;
            highest = Math.max(highest, g);
        }
        return Optional.empty();
    }

    /** The median of {@code values[from … to − 1]}. */
    static double median(double[] values, int from, int to) {
        double[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /**
     * The median growth rate per update of the norms {@code from … to − 1}, over consecutive pairs with positive
     * norms (0 when there is no such pair).
     */
    static double growth(long[] steps, double[] norms, int from, int to) {
        double[] rates = new double[to - from];
        int n = 0;
        for (int k = from + 1; k < to; k++) {
            if (norms[k] > 0 && norms[k - 1] > 0 && steps[k] > steps[k - 1]) {
                rates[n++] = Math.log(norms[k] / norms[k - 1]) / (steps[k] - steps[k - 1]);
            }
        }
        return n == 0 ? 0.0 : median(rates, 0, n);
    }
}
