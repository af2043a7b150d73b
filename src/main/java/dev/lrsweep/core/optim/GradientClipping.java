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
     * its norm, {@code norms[t]}, becomes at most {@code maxNorms[t]}; a trial whose maximum is NaN is not clipped
     * (its gradient is left as it is, which is what a factor of 1 would give).
     */
    public static void clip(double[] g, int width, double[] norms, double[] maxNorms) {
        double[] coefficient = new double[width];
        boolean any = false;
        for (int t = 0; t < width; t++) {
            boolean clipped = !Double.isNaN(maxNorms[t]);
            coefficient[t] = clipped ? Math.min(maxNorms[t] / (norms[t] + EPSILON), 1.0) : 1.0;
            any |= clipped;
        }
        if (!any) {
            return;
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
