package dev.lrsweep.core.landscape;

/**
 * The simple gradient noise scale of McCandlish, Kaplan, Amodei et al., "An Empirical Model of Large-Batch
 * Training" (2018): B_simple = tr(Σ)/|G|², with G the mean loss's gradient and Σ the covariance of the
 * per-example gradients. It is the batch size at which a mini-batch gradient's noise is as large as the gradient
 * itself: batches much larger than it give diminishing returns per sample, batches much smaller waste steps.
 * Taken here at the initial weights, where the gradient is large; it grows as training proceeds.
 */
public final class NoiseScale {
    private NoiseScale() {
    }

    /**
     * B_simple from per-example gradients over m rows: their mean ḡ and mean squared norm. When the m rows are all
     * {@code population} training rows, ḡ is G and tr(Σ) = mean |g|² − |ḡ|² exactly; for a sample, the unbiased
     * estimates tr(Σ) ≈ m/(m − 1)·(mean |g|² − |ḡ|²) and |G|² ≈ |ḡ|² − tr(Σ)/m. NaN when the gradient is lost in
     * the noise (|G|² estimated ≤ 0) or there is no noise to speak of.
     */
    public static double of(double[] meanGradient, double meanSquaredNorm, long m, long population) {
        double squared = 0;
        for (double g : meanGradient) {
            squared += g * g;
        }
        double spread = meanSquaredNorm - squared;
        double trace;
        double gradient;
        if (m >= population) {
            trace = spread;
            gradient = squared;
        } else {
            trace = m > 1 ? spread * m / (m - 1) : Double.NaN;
            gradient = squared - trace / m;
        }
        return gradient > 0 && trace >= 0 ? trace / gradient : Double.NaN;
    }
}
