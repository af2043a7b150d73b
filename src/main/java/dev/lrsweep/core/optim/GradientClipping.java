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

    /** The L2 norm of the whole vector. */
    public static double norm(double[] g) {
        double s = 0.0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Scales {@code g} in place so that its norm is at most {@code maxNorm}; {@code norm} is {@link #norm(double[])}. */
    public static void clip(double[] g, double norm, double maxNorm) {
        double coefficient = Math.min(maxNorm / (norm + EPSILON), 1.0);
        for (int i = 0; i < g.length; i++) {
            g[i] *= coefficient;
        }
    }
}
