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
public record Adagrad(double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) implements Optimizer {
    private static final long serialVersionUID = 1L;

    @Override
    public OptimizerState init(int parameterCount) {
        OptimizerState state = new OptimizerState(parameterCount, 1, 0);
        java.util.Arrays.fill(state.slot(0), initialAccumulatorValue);
        return state;
    }

    @Override
    public void update(double[] params, double[] g, int width, int from, int to, double[] lr, OptimizerState state) {
        long step = state.advance();
        double[] rate = new double[to];
        for (int t = from; t < to; t++) {
            rate[t] = -(lr[t] / (1 + (step - 1) * lrDecay));
        }
        ColumnRules.INSTANCE.adagrad(this, params, g, width, from, to, rate, state.slot(0));
    }
}
