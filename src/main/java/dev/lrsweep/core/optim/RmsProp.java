package dev.lrsweep.core.optim;

/**
 * RMSprop (Hinton, Coursera lecture 6e, 2012; centred form from Graves, arXiv:1308.0850) as
 * {@code torch.optim.RMSprop}:
 * <pre>
 *   g = g + λθ
 *   v = α·v + (1 − α)·g²
 *   a = α·a + (1 − α)·g                   (centred)
 *   r = √(v − a²) + ε  (centred)  or  √v + ε
 *   b = μ·b + g / r;  θ = θ − η·b        (momentum)
 *   θ = θ − η·g / r                       (no momentum)
 * </pre>
 */
public final class RmsProp implements Optimizer {
    private static final long serialVersionUID = 1L;
    private static final int SQUARE_AVG = 0;
    private static final int MOMENTUM = 1;
    private static final int GRAD_AVG = 2;

    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    public RmsProp(double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    public OptimizerState init(int parameterCount) {
        return new OptimizerState(parameterCount, 3, 0);
    }

    @Override
    public void update(double[] params, double[] g, double lr, OptimizerState state) {
        state.advance();
        double[] v = state.slot(SQUARE_AVG);
        double[] b = state.slot(MOMENTUM);
        double[] a = state.slot(GRAD_AVG);
        for (int i = 0; i < g.length; i++) {
            double gi = weightDecay != 0 ? g[i] + weightDecay * params[i] : g[i];
            v[i] = v[i] * alpha + (1 - alpha) * (gi * gi);
            double r;
            if (centered) {
                a[i] = a[i] * alpha + (1 - alpha) * gi;
                r = Math.sqrt(v[i] + -1.0 * (a[i] * a[i])) + eps;
            } else {
                r = Math.sqrt(v[i]) + eps;
            }
            if (momentum > 0) {
                b[i] = b[i] * momentum + gi / r;
                params[i] = params[i] + -lr * b[i];
            } else {
                params[i] = params[i] + -lr * (gi / r);
            }
        }
    }
}
