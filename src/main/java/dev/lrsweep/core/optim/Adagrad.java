package dev.lrsweep.core.optim;

/**
 * Adagrad (Duchi, Hazan and Singer, JMLR 2011) as {@code torch.optim.Adagrad}:
 * <pre>
 *   t = t + 1;  g = g + λθ
 *   η' = η / (1 + (t − 1)·lr_decay)
 *   s = s + g²
 *   θ = θ − η'·g / (√s + ε)
 * </pre>
 * with s starting at {@code initial_accumulator_value}.
 */
public final class Adagrad implements Optimizer {
    private static final long serialVersionUID = 1L;

    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulatorValue;
    private final double eps;

    public Adagrad(double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.eps = eps;
    }

    @Override
    public OptimizerState init(int parameterCount) {
        OptimizerState state = new OptimizerState(parameterCount, 1, 0);
        java.util.Arrays.fill(state.slot(0), initialAccumulatorValue);
        return state;
    }

    @Override
    public void update(double[] params, double[] g, double lr, OptimizerState state) {
        long step = state.advance();
        double clr = lr / (1 + (step - 1) * lrDecay);
        double[] sum = state.slot(0);
        for (int i = 0; i < g.length; i++) {
            double gi = weightDecay != 0 ? g[i] + weightDecay * params[i] : g[i];
            sum[i] = sum[i] + gi * gi;
            double std = Math.sqrt(sum[i]) + eps;
            params[i] = params[i] + -clr * (gi / std);
        }
    }
}
