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
public record RmsProp(double alpha, double eps, double weightDecay, double momentum, boolean centered) implements Optimizer {
    private static final long serialVersionUID = 1L;
    private static final int SQUARE_AVG = 0;
    private static final int MOMENTUM = 1;
    private static final int GRAD_AVG = 2;

    @Override
    public OptimizerState init(int parameterCount) {
        return new OptimizerState(parameterCount, 3, 0);
    }

    @Override
    public void update(double[] params, double[] g, int width, int from, int to, double[] lr, OptimizerState state) {
        state.advance();
        double[] v = state.slot(SQUARE_AVG);
        double[] b = state.slot(MOMENTUM);
        double[] a = state.slot(GRAD_AVG);
        int n = params.length / width;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int t = from; t < to; t++) {
                int at = row + t;
                double gi = weightDecay != 0 ? g[at] + weightDecay * params[at] : g[at];
                v[at] = v[at] * alpha + (1 - alpha) * (gi * gi);
                double r;
                if (centered) {
                    a[at] = a[at] * alpha + (1 - alpha) * gi;
                    r = Math.sqrt(v[at] + -1.0 * (a[at] * a[at])) + eps;
                } else {
                    r = Math.sqrt(v[at]) + eps;
                }
                if (momentum > 0) {
                    b[at] = b[at] * momentum + gi / r;
                    params[at] = params[at] + -lr[t] * b[at];
                } else {
                    params[at] = params[at] + -lr[t] * (gi / r);
                }
            }
        }
    }
}
