package dev.lrsweep.core.optim;

/**
 * PyTorch's {@code torch.nn.utils.clip_grad_norm_(params, max_norm)} with the L2 norm: the gradient is scaled by
 * {@code min(1, max_norm / (‖g‖ + 1e-6))}, always, as PyTorch does. The norms themselves are the trainer's
 * (it computes them for every update, clipped or not).
 */
public final class GradientClipping {
    /** The constant PyTorch adds to the norm before dividing. */
    public static final double EPSILON = 1e-6;

    private GradientClipping() {
    }

    /**
     * Scales each gradient of a block in block layout (element i of trial t at {@code [i·width + t]}) so that
     * its norm, {@code norms[t]}, becomes at most {@code maxNorm}.
     */
    public static void clip(double[] g, int width, double[] norms, double maxNorm) {
        double[] coefficient = new double[width];
        for (int t = 0; t < width; t++) {
            coefficient[t] = Math.min(maxNorm / (norms[t] + EPSILON), 1.0);
        }
        int n = g.length / width;
        for (int i = 0; i < n; i++) {
            int r = i * width;
            for (int t = 0; t < width; t++) {
                g[r + t] *= coefficient[t];
            }
        }
    }
}
