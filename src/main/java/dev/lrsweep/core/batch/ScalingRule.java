package dev.lrsweep.core.batch;

import java.util.List;

/**
 * How a learning rate moves with the batch size B: α ∝ B^k. The linear rule (k = 1; Goyal et al. 2017) suits SGD
 * while the gradient noise dominates; the square-root rule (k = ½; Krizhevsky 2014, Hoffer et al. 2017) keeps the
 * noise's variance per update fixed, and is the usual rule for Adam; flat (k = 0) means the batch size does not
 * matter, as at full batch or past the gradient noise scale.
 */
public enum ScalingRule {
    LINEAR("linear", "linear", 1.0),
    SQUARE_ROOT("square-root", "sqrt", 0.5),
    FLAT("flat", null, 0.0);

    /** The rules a sweep file may scale a ladder by ({@code grid.scale_lr_with_batch.rule}). */
    public static final List<String> FILE_NAMES = List.of(LINEAR.fileName, SQUARE_ROOT.fileName);

    private final String label;
    private final String fileName;
    private final double exponent;

    ScalingRule(String label, String fileName, double exponent) {
        this.label = label;
        this.fileName = fileName;
        this.exponent = exponent;
    }

    /** The name tables use: {@code linear}, {@code square-root}, {@code flat}. */
    public String label() {
        return label;
    }

    /** The name a sweep file uses, or null when a sweep file cannot ask for it. */
    public String fileName() {
        return fileName;
    }

    /** k in α ∝ B^k. */
    public double exponent() {
        return exponent;
    }

    /** The factor that carries a rate from batch size {@code reference} to {@code batch}: (B / B₀)^k. */
    public double factor(int batch, int reference) {
        return Math.pow((double) batch / reference, exponent);
    }

    /** The rule a sweep file names. */
    public static ScalingRule ofFileName(String name) {
        for (ScalingRule r : values()) {
            if (name.equals(r.fileName)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no scaling rule " + name + "; one of " + String.join(", ", FILE_NAMES));
    }
}
