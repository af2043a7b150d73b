package dev.lrsweep.core.optim;

/**
 * Gradient norms and PyTorch's {@code torch.nn.utils.clip_grad_norm_(params, max_norm)} with the L2 norm: the
 * gradient is scaled by {@code min(1, max_norm / (‖g‖ + 1e-6))}, always, as PyTorch does.
 */
public final class GradientClipping {
    /** The constant PyTorch adds to the norm before dividing. */
    public static final double EPSILON = 1e-6;

    private GradientClipping() {
    }

    /** The L2 norm of the whole vector (summed in four interleaved partial sums, in a fixed order). */
    public static double norm(double[] g) {
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        int i = 0;
        for (; i + 4 <= g.length; i += 4) {
            s0 = Math.fma(g[i], g[i], s0);
            s1 = Math.fma(g[i + 1], g[i + 1], s1);
            s2 = Math.fma(g[i + 2], g[i + 2], s2);
            s3 = Math.fma(g[i + 3], g[i + 3], s3);
        }
        for (; i < g.length; i++) {
            s0 = Math.fma(g[i], g[i], s0);
        }
        return Math.sqrt((s0 + s1) + (s2 + s3));
    }

    /** Scales {@code g} in place so that its norm is at most {@code maxNorm}; {@code norm} is {@link #norm(double[])}. */
    public static void clip(double[] g, double norm, double maxNorm) {
        double coefficient = Math.min(maxNorm / (norm + EPSILON), 1.0);
        for (int i = 0; i < g.length; i++) {
            g[i] *= coefficient;
        }
    }
}
